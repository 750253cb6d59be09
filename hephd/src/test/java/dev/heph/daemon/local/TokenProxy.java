package dev.heph.daemon.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Another server that would take a hub's device token, to show that none is sent to it: a real HTTP server on
 * loopback that answers 401 (with the hub's header and error body) unless the request carries
 * {@code Authorization: Bearer TOKEN}, and forwards the others to a real hub. It records the
 * {@code Authorization} header of every request it got ({@code "(none)"} when absent).
 */
final class TokenProxy implements AutoCloseable {
  private static final String UNAUTHORIZED = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"this hub wants a"
      + " device token\"}}";

  private final HttpServer server;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String upstream;
  private final String token;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  private TokenProxy(String upstream, String token) throws IOException {
    this.upstream = upstream;
    this.token = token;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** In front of the hub at {@code upstream}, accepting only {@code token}. */
  static TokenProxy start(String upstream, String token) {
    try {
      return new TokenProxy(upstream, token);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** The Authorization header of every request so far, in order. */
  List<String> seen() {
    return List.copyOf(seen);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      seen.add(authorization == null ? "(none)" : authorization);
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (!("Bearer " + token).equals(authorization)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"heph\"");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] answer = UNAUTHORIZED.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(401, answer.length);
        exchange.getResponseBody().write(answer);
        return;
      }
      HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type != null) {
        forward.header("Content-Type", type);
      }
      HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    client.close();
  }
}
