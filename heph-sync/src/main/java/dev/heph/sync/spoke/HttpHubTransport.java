package dev.heph.sync.spoke;

import dev.heph.core.text.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** {@link HubTransport} over HTTP with the JDK's client. */
public final class HttpHubTransport implements HubTransport, AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /** Info and push answers are a few hundred bytes; nothing longer is read into memory. */
  private static final int MAX_SMALL_ANSWER_BYTES = 1 << 20;

  private final String baseUrl;
  private final HttpClient client;

  public HttpHubTransport(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER);
    if (this.baseUrl.startsWith("http:")) {
      // The client builds a TLS context even for plain HTTP, and the default one parses the JDK's
      // whole CA store: ~150 ms of every `heph sync`. A plain-HTTP hub never uses it.
      builder.sslContext(unusedTlsContext());
    }
    this.client = builder.build();
  }

  private static SSLContext unusedTlsContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[0], new TrustManager[0], null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS implementation", e);
    }
  }

  @Override
  public Reply exchange(String method, String pathAndQuery, byte[] jsonBody) throws IOException {
    HttpRequest.Builder request = request(pathAndQuery);
    if (jsonBody != null) {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(jsonBody));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try (Streamed answer = send(request.build())) {
      // A small answer, read up to a bound: a server that is not a hub cannot fill this process's
      // memory; a longer answer arrives cut, and so fails to parse as what was expected.
      byte[] body = answer.body().readNBytes(MAX_SMALL_ANSWER_BYTES);
      // Decoded strictly: a lenient decoder would store ops other than the hub sent.
      return new Reply(answer.status(), Utf8.decode(body));
    }
  }

  @Override
  public Streamed get(String pathAndQuery) throws IOException {
    return send(request(pathAndQuery).GET().build());
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json");
  }

  /** Sends and returns once the answer's headers are in; the body is read by the caller, as it comes. */
  private Streamed send(HttpRequest request) throws IOException {
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      return new Streamed(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the hub", e);
    }
  }

  /**
   * Stops the client's selector thread. Left running, it holds up the JVM's exit by ~300 ms,
   * which would be most of an incremental `heph sync`.
   */
  @Override
  public void close() {
    client.shutdownNow();
    try {
      client.awaitTermination(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String describe() {
    return baseUrl;
  }
}
