package dev.heph.daemon;

import dev.heph.sync.hub.HubErrors;
import dev.heph.sync.hub.Refusal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.OptionalSslConnectionFactory;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first factory of an HTTPS hub's port: TLS goes on to {@code ssl}; anything else (a plain
 * {@code http://} request) is answered with the hub's usual JSON 400 saying to use
 * {@code https://}, and the connection closed. Nothing is served over plain HTTP.
 */
final class PlainHttpOnTlsPort extends OptionalSslConnectionFactory {
  private static final Logger LOG = LoggerFactory.getLogger("heph.hub");
  private static final byte[] ANSWER = answer();

  PlainHttpOnTlsPort(SslConnectionFactory ssl) {
    super(ssl, null); // no other protocol: otherProtocol answers
  }

  @Override
  protected void otherProtocol(ByteBuffer buffer, EndPoint endPoint) {
    LOG.info("{}: plain HTTP sent to the HTTPS port; answered 400", endPoint.getRemoteSocketAddress());
    endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close()), ByteBuffer.wrap(ANSWER));
  }

  private static byte[] answer() {
    String body = HubErrors.of(new Refusal.BadRequest("this hub serves HTTPS on this port: use an https:// URL"))
        .response().json();
    return ("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length + "\r\nX-Content-Type-Options: nosniff\r\n"
        + "Cache-Control: no-store\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
  }
}
