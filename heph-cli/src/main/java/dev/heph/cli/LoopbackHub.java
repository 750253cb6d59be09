package dev.heph.cli;

import com.sun.net.httpserver.HttpServer;
import dev.heph.core.Heph;
import dev.heph.sync.hub.Hub;
import dev.heph.sync.hub.HubResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A hub served in this JVM on loopback by the JDK's small HTTP server, for {@link Train} (so that
 * the HTTP client's classes are in the AOT cache) and for tests of {@code heph sync}. Not hephd.
 */
final class LoopbackHub implements AutoCloseable {
  private final Heph replica;
  private final HttpServer server;

  LoopbackHub(Path db) throws IOException {
    replica = Heph.open(db);
    Hub hub = new Hub(replica);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      replica.close();
      throw e;
    }
    server.createContext("/", exchange -> {
      try (exchange) {
        HubResponse r = hub.handle(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
            exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"), -1,
            exchange.getRequestBody());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(r.status(), 0); // streamed (chunked), as hephd answers pages
        r.writeTo(exchange.getResponseBody());
      }
    });
    server.start();
  }

  /** The hub's URL, e.g. {@code http://127.0.0.1:41234}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    replica.close();
  }
}
