package dev.heph.sync.spoke;

import dev.heph.core.HephException;
import dev.heph.core.text.Utf8;
import dev.heph.sync.Protocol;
import dev.heph.sync.wire.HubInfo;
import dev.heph.sync.wire.PullPage;
import dev.heph.sync.wire.PushAck;
import dev.heph.sync.wire.Wire;
import dev.heph.sync.wire.WireError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a hub's answers (an HTTP status and a body) into what they mean, or the {@link HubError}
 * that says why not: the one place a client maps statuses, whatever carries the bytes.
 */
public final class HubAnswers {
  private HubAnswers() {}

  /** A small answer's text, decoded strictly: a lenient decoder would store ops other than the hub sent. */
  public static String text(String hub, byte[] body) {
    try {
      return Utf8.decode(body);
    } catch (Utf8.Malformed e) {
      throw new HubError.BadResponse("hub " + hub + " sent an answer that is not valid UTF-8: " + e.getMessage());
    }
  }

  /** A {@code /sync/info} answer. */
  public static HubInfo info(String hub, int status, String body) {
    if (status != 200 && Wire.readError(body) != null) {
      requireOk(hub, status, body, "info request"); // a hub's refusal, in its own words
    }
    HubInfo info;
    try {
      if (status != 200) {
        throw new IllegalArgumentException("HTTP status " + status);
      }
      info = Wire.readInfo(body);
    } catch (IllegalArgumentException e) {
      throw new HubError.NotAHub(hub + " does not answer like a heph hub (" + e.getMessage() + ")");
    }
    if (info.protocol() != Protocol.VERSION) {
      throw new HubError.ProtocolUnsupported("hub " + hub + " speaks sync protocol " + info.protocol()
          + "; this heph speaks " + Protocol.VERSION);
    }
    return info;
  }

  /** A {@code /sync/push} answer. */
  public static PushAck pushAck(String hub, int status, String body) {
    requireOk(hub, status, body, "push");
    try {
      return Wire.readPushAck(body);
    } catch (IllegalArgumentException e) {
      throw new HubError.BadResponse("hub " + hub + " sent an unreadable push answer: " + e.getMessage());
    }
  }

  /** A {@code /sync/pull} answer, read as it arrives (see {@link HubClient#pull}); the caller closes {@code body}. */
  public static PullPage page(String hub, int status, InputStream body, HubClient.Batches batches) {
    if (status == 409) {
      WireError error = Wire.readError(errorText(body));
      throw new HubError.CursorMismatch("hub " + hub + " does not hold the cursor" + (error == null ? "" : ": "
          + error.message()));
    }
    if (status != 200) {
      requireOk(hub, status, errorText(body), "pull");
    }
    try {
      return Wire.readPullPage(body, batches.bytes(), batches.consumer());
    } catch (IllegalArgumentException | HephException.InvalidOp | Utf8.Malformed e) {
      throw new HubError.BadResponse("hub " + hub + " sent an unreadable page: " + e.getMessage());
    } catch (IOException e) {
      throw new HubError.Unreachable("the connection to hub " + hub + " broke while receiving a page: " + reason(e)
          + "; what arrived is kept, the next sync goes on from there", e);
    }
  }

  /** Why no answer came (or the rest of one), in words for a person. */
  public static String reason(IOException e) {
    return switch (e) {
      case java.net.http.HttpConnectTimeoutException t -> "timed out connecting (is the host up?)";
      case java.net.ConnectException c when unknownHost(c) -> "unknown host (the name in the URL does not resolve)";
      case java.net.UnknownHostException u -> "unknown host (the name in the URL does not resolve)";
      case java.net.ConnectException c -> "connection refused (is hephd running there?)";
      case java.net.http.HttpTimeoutException t -> "no answer in time";
      default -> e.getMessage() == null ? e.getClass().getSimpleName()
          : answeredInTls(e.getMessage()) ? "it answered in TLS: that port serves HTTPS, use an https:// URL"
          : e.getMessage();
    };
  }

  /** Whether the JDK's client failed to connect because the host's name does not resolve. */
  private static boolean unknownHost(java.net.ConnectException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) { // wrapped twice by JDK 25's client
      if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /** Whether the JDK's client quotes an answer that began with a TLS record (alert or handshake), not HTTP. */
  private static boolean answeredInTls(String message) {
    return message.contains("status line, receiving [\u0015\u0003")
        || message.contains("status line, receiving [\u0016\u0003");
  }

  private static void requireOk(String hub, int status, String body, String what) {
    if (status == 200) {
      return;
    }
    WireError error = Wire.readError(body);
    if (error == null) {
      throw new HubError.NotAHub(hub + " answered the " + what + " with HTTP " + status
          + " and no heph error; is it a heph hub?");
    }
    throw new HubError.Refused("hub " + hub + " refused the " + what + " (HTTP " + status + ", " + error.code() + "): "
        + error.message(), status, error);
  }

  private static String errorText(InputStream body) {
    try {
      return new String(body.readNBytes(1 << 20), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // the status alone is then reported
    }
  }
}
