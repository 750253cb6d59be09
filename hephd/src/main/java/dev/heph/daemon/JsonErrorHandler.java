package dev.heph.daemon;

import dev.heph.sync.hub.HubErrors;
import dev.heph.sync.hub.Refusal;
import dev.heph.sync.wire.Wire;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty raises before a request reaches heph (a garbled request line, bad percent-encoding,
 * oversized headers) get the same JSON error body as every other refusal, not an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() >= 400 ? response.getStatus() : 400;
    Object message = request.getAttribute(ERROR_MESSAGE);
    HubErrors.HttpError error = HubErrors.of(new Refusal.Malformed(status, "HTTP " + status
        + (message == null ? "" : ": " + message)));
    String text = Wire.error(error.error()) + "\n";
    response.setStatus(error.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    BrowserGuard.protect(response.getHeaders());
    response.write(true, java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
    return true;
  }
}
