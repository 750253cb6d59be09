package dev.heph.daemon;

import dev.heph.auth.Authenticator;
import dev.heph.auth.Principal;
import dev.heph.core.HephException;
import dev.heph.core.text.TerminalText;
import dev.heph.daemon.login.LoginRoutes;
import dev.heph.daemon.rpc.Rpc;
import dev.heph.sync.hub.HubErrors;
import dev.heph.sync.hub.Refusal;
import dev.heph.sync.hub.HubResponse;
import dev.heph.sync.wire.Wire;
import dev.heph.sync.wire.WireError;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server mode's HTTP routes on Jetty: {@code /sync/*} to the hub, {@code POST /rpc} to the same
 * JSON-RPC methods as the local socket, both of the requesting user's data only (found through
 * the {@link HubDirectory} once the {@link Authenticator} names the user; 401 otherwise); the
 * device login's routes, which need no token, to {@link LoginRoutes} (when the hub has accounts).
 * One log line per request.
 */
final class HttpApi extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger("heph.hub");
  private static final int MAX_RPC_BYTES = 4 << 20;
  private static final HubResponse UNAUTHORIZED = HubErrors.of(new Refusal.Unauthorized()).response();

  private final HubDirectory directory;
  private final Authenticator authenticator;
  private final AuthThrottle throttle;
  private final BrowserGuard browsers;
  private final SlowClientGuard slowClients;
  /** Null: no device login (an open hub has no accounts to log in to). */
  private final LoginRoutes login;

  HttpApi(HubDirectory directory, Authenticator authenticator, AuthThrottle throttle, BrowserGuard browsers,
      SlowClientGuard slowClients, LoginRoutes login) {
    super(InvocationType.BLOCKING);
    this.directory = directory;
    this.authenticator = authenticator;
    this.throttle = throttle;
    this.login = login;
    this.browsers = browsers;
    this.slowClients = slowClients;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String method = request.getMethod();
    String path = Request.getPathInContext(request);
    String query = request.getHttpURI().getQuery();
    Connection connection = request.getConnectionMetaData().getConnection();
    slowClients.requestReceived(connection);
    boolean loginRoute = login != null && LoginRoutes.serves(path);
    HubResponse answer = browsers.refusal(method, request.getHeaders(), loginRoute);
    LoginRoutes.Answer page = null;
    try (InputStream body = slowClients.timedBody(connection, Content.Source.asInputStream(request))) {
      if (answer == null && loginRoute) {
        page = login.handle(method, path, query, request.getHeaders().get(HttpHeader.CONTENT_TYPE),
            request.getHttpURI().getScheme() + "://" + request.getHeaders().get(HttpHeader.HOST), body);
        answer = new HubResponse(page.status(), page.body());
      } else if (answer == null) {
        // Every other route, unknown ones too, answers only a known user, and only from that user's data.
        HubDirectory.UserHub data = authenticated(request);
        answer = data == null ? UNAUTHORIZED : path.equals("/rpc") ? rpc(data.rpc(), method, request, body)
            : data.hub().handle(method, path, query, request.getHeaders().get(HttpHeader.CONTENT_TYPE),
                request.getLength(), body);
      }
      if (answer.status() == 413 || answer.status() == 401) {
        discardRest(body);
      }
    } catch (HephException e) {
      // The accounts database or a user's store could not be opened: the hub's trouble, said as such (503).
      answer = HubErrors.of(new Refusal.Failed(e)).response();
    } catch (Exception | Error e) {
      // Only a bug in hephd gets here: client input is answered with 4xx inside the hub and the RPC.
      LOG.error("internal error on {} {}", TerminalText.line(method), TerminalText.line(path), e);
      answer = HubErrors.of(new Refusal.Internal()).response();
    }
    response.setStatus(answer.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, page == null ? "application/json" : page.contentType());
    if (page != null) {
      page.headers().forEach(response.getHeaders()::put);
    }
    if (answer.status() == 401) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"heph\"");
    }
    BrowserGuard.protect(response.getHeaders());
    slowClients.answering(connection);
    Callback answered = Callback.from(() -> slowClients.awaitRequest(connection), callback);
    if (answer.stream() != null) {
      stream(answer, response, answered, method, path);
    } else {
      Content.Sink.write(response, true, answer.status() == 204 ? "" : answer.json() + "\n", answered);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    // One line per request; a refusal carries its error on the same line.
    // The path is percent-decoded and the method is the client's: escaped, so that no request can
    // write control sequences into the terminal of an operator reading the log.
    // A login route's query (a user code, the identity provider's authorization code) stays out of the log.
    LOG.info("{} {}{} {} {}ms{}", TerminalText.line(method), TerminalText.line(path),
        query == null || page != null ? "" : "?" + TerminalText.line(query), answer.status(), millis,
        answer.status() >= 400 && page == null ? " " + TerminalText.line(answer.json()) : "");
    return true;
  }

  /**
   * Writes a streamed answer (a pull page) as the hub produces it. A failure midway (the client
   * gone, the hub's database failing) aborts the response: the client sees a body cut short, never
   * a complete-looking page.
   */
  private static void stream(HubResponse answer, Response response, Callback callback, String method, String path) {
    OutputStream out = Content.Sink.asOutputStream(response);
    try {
      answer.writeTo(out);
      out.close(); // the last write: closing after a failure would end a cut body as if complete
    } catch (Exception | Error e) {
      LOG.warn("{} {}: answer cut short: {}", TerminalText.line(method), TerminalText.line(path), e.toString());
      callback.failed(e);
      return;
    }
    callback.succeeded();
  }

  /**
   * Reads (without parsing) what is left of a refused oversize body, up to a bound. A server that
   * answers and closes while the client is still sending makes the client's TCP stack drop the
   * answer with the connection; the client would then see a reset instead of the 413.
   */
  private static void discardRest(InputStream body) {
    long left = 64L << 20;
    byte[] sink = new byte[1 << 16];
    try {
      int n;
      while (left > 0 && (n = body.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
        left -= n;
      }
    } catch (java.io.IOException e) {
      // Best effort: the stream may already be closed, or the client gone; the 413 goes out anyway.
    }
  }

  /**
   * The data of the request's user, or null when its credential is refused (for any reason
   * alike). An address that keeps failing waits first ({@link AuthThrottle}). The credential
   * itself is never logged, nor kept beyond this call.
   */
  private HubDirectory.UserHub authenticated(Request request) throws InterruptedException {
    InetAddress peer = request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a
        ? a.getAddress() : null;
    if (peer != null) {
      throttle.awaitTurn(peer);
    }
    Optional<Principal> who = authenticator.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (who.isEmpty()) {
      if (peer != null) {
        throttle.failed(peer);
      }
      return null;
    }
    return directory.of(who.get());
  }

  /** One JSON-RPC request per POST; protocol errors are JSON-RPC errors with HTTP 200. */
  private HubResponse rpc(Rpc rpc, String method, Request request, InputStream body) {
    if (!method.equals("POST")) {
      return HubErrors.of(new Refusal.MethodNotAllowed("use POST /rpc")).response();
    }
    if (request.getLength() > MAX_RPC_BYTES) {
      return rpcTooLarge();
    }
    byte[] bytes;
    try {
      bytes = body.readNBytes(MAX_RPC_BYTES + 1);
    } catch (java.io.IOException e) {
      // The client stopped sending, or was cut off as too slow: its fault, not the hub's.
      return HubErrors.of(new Refusal.BadRequest("could not read the request body: the client stopped sending"))
          .response();
    }
    if (bytes.length > MAX_RPC_BYTES) {
      return rpcTooLarge();
    }
    String answer = rpc.handle(bytes, 0, bytes.length);
    return new HubResponse(answer == null ? 204 : 200, answer == null ? "" : answer);
  }

  private static HubResponse rpcTooLarge() {
    return HubErrors.of(new Refusal.BodyTooLarge("an RPC request is at most " + MAX_RPC_BYTES + " bytes")).response();
  }
}
