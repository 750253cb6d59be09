package dev.heph.daemon;

import dev.heph.sync.hub.Hub;
import dev.heph.sync.hub.HubResponse;
import java.io.InputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adapts Jetty requests to the server-free {@link Hub} and logs one line per request. */
final class HubHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger("heph.hub");

  private final Hub hub;

  HubHandler(Hub hub) {
    super(InvocationType.BLOCKING);
    this.hub = hub;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String method = request.getMethod();
    String path = Request.getPathInContext(request);
    String query = request.getHttpURI().getQuery();
    HubResponse answer;
    try (InputStream body = Content.Source.asInputStream(request)) {
      answer = hub.handle(method, path, query, request.getHeaders().get(HttpHeader.CONTENT_TYPE),
          request.getLength(), body);
    } catch (Exception | Error e) {
      // Only a bug in hephd gets here: client input is answered with 4xx inside the hub.
      LOG.error("internal error on {} {}", method, path, e);
      answer = new HubResponse(500, "{\"error\":{\"code\":\"internal_error\",\"message\":\"internal error; see the hub's log\"}}");
    }
    response.setStatus(answer.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    Content.Sink.write(response, true, answer.json() + "\n", callback);
    long millis = (System.nanoTime() - start) / 1_000_000;
    LOG.info("{} {}{} {} {}ms", method, path, query == null ? "" : "?" + query, answer.status(), millis);
    if (answer.status() >= 400) {
      LOG.info("  -> {}", answer.json());
    }
    return true;
  }
}
