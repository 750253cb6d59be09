package dev.heph.sync.spoke;

import dev.heph.core.sync.LoggedOp;
import dev.heph.sync.wire.HubInfo;
import dev.heph.sync.wire.PullPage;
import dev.heph.sync.wire.PushAck;
import dev.heph.sync.wire.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * {@link HubClient} over HTTP with the JDK's client: the routes of docs/sync.md. With a device
 * token, every request carries {@code Authorization: Bearer TOKEN}; a 401 is {@link HubError.Unauthorized}.
 */
public final class HttpHubClient implements HubClient, AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  /** Info and push answers are a few hundred bytes; nothing longer is read into memory. */
  private static final int MAX_SMALL_ANSWER_BYTES = 1 << 20;

  private final String baseUrl;
  private final HubTrust trust;
  private final HttpClient client;
  /** Sent as {@code Authorization: Bearer} with every request; null for an open hub. */
  private final String token;

  /** A client for {@code baseUrl} that trusts the JDK's CAs. */
  public HttpHubClient(String baseUrl) {
    this(baseUrl, HubTrust.systemDefault(), null);
  }

  /**
   * A client for {@code baseUrl}: an {@code https://} hub must present a certificate {@code trust}
   * accepts, and {@code token} (null: none) goes with every request as
   * {@code Authorization: Bearer}. The caller has checked that the token was issued for this hub
   * (see {@code login.Credentials#tokenFor}).
   */
  public HttpHubClient(String baseUrl, HubTrust trust, String token) {
    this.token = token;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.trust = trust;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER);
    if (this.baseUrl.startsWith("http:")) {
      // The client builds a TLS context even for plain HTTP, and the default one parses the JDK's
      // whole CA store: ~150 ms of every `heph sync`. A plain-HTTP hub never uses it.
      builder.sslContext(unusedTlsContext());
    } else {
      SSLContext context = trust.sslContext();
      if (context != null) {
        builder.sslContext(context); // the client checks host names whatever the context
      }
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
  public HubInfo info() {
    Small answer = small(request("/sync/info").GET());
    return HubAnswers.info(baseUrl, answer.status(), answer.text());
  }

  @Override
  public PullPage pull(Cursor after, int limit, Batches batches) {
    String query = "/sync/pull?after=" + after.seq()
        + (after.seq() > 0 ? "&at=" + URLEncoder.encode(after.hlc(), StandardCharsets.UTF_8) : "") + "&limit=" + limit;
    HttpResponse<InputStream> answer = send(request(query).GET());
    try {
      return HubAnswers.page(baseUrl, answer.statusCode(), answer.body(), batches);
    } finally {
      try {
        answer.body().close();
      } catch (IOException e) {
        // only a connection let go of
      }
    }
  }

  @Override
  public PushAck push(List<LoggedOp> batch) {
    Small answer = small(request("/sync/push").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Wire.pushBody(batch))));
    return HubAnswers.pushAck(baseUrl, answer.status(), answer.text());
  }

  /** A small answer: status and strictly decoded text. */
  private record Small(int status, String text) {}

  private Small small(HttpRequest.Builder request) {
    HttpResponse<InputStream> answer = send(request);
    try (InputStream body = answer.body()) {
      // A small answer, read up to a bound: a server that is not a hub cannot fill this process's
      // memory; a longer answer arrives cut, and so fails to parse as what was expected.
      return new Small(answer.statusCode(), HubAnswers.text(baseUrl, body.readNBytes(MAX_SMALL_ANSWER_BYTES)));
    } catch (IOException e) {
      throw unreachable(baseUrl, e);
    }
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json");
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  /**
   * Sends and returns once the answer's headers are in; the body is read by the caller, as it
   * comes. A 401 is the same failure on every route, so it is read here.
   */
  private HttpResponse<InputStream> send(HttpRequest.Builder request) {
    try {
      HttpResponse<InputStream> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      if (answer.statusCode() == 401) {
        answer.body().close();
        throw HubError.Unauthorized.of(baseUrl, token != null);
      }
      return answer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(baseUrl, new IOException("interrupted while waiting for the hub", e));
    } catch (SSLException e) {
      throw TlsTrouble.of(baseUrl, e, trust);
    } catch (IOException e) {
      throw unreachable(baseUrl, e);
    }
  }

  /**
   * No answer came back. The JDK's client also reports its own failures that way (an
   * OutOfMemoryError while receiving an answer arrives as an IOException): those are this
   * process's, not the network's, and are thrown as they are.
   */
  static HubError.Unreachable unreachable(String hub, IOException e) {
    if (e.getCause() instanceof Error error) {
      throw error;
    }
    return HubError.Unreachable.of(hub, HubAnswers.reason(e), e);
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
