package dev.heph.sync.spoke;

import dev.heph.core.HephException.SyncFailure;
import dev.heph.sync.wire.WireError;

/**
 * Why a {@link HubClient} call failed: a closed set, each with the {@code SyncFailure} kind it is
 * reported under and a one-line message that names the hub. Nothing on the local side has moved.
 */
public abstract sealed class HubError extends RuntimeException {
  private HubError(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  /** What a sync failure reports this as. */
  public abstract SyncFailure.Kind kind();

  /** No answer came back: refused, timed out, cut off (also midway through a page). */
  public static final class Unreachable extends HubError {
    public Unreachable(String message, Throwable cause) {
      super(message, cause);
    }

    /** "cannot reach hub HUB: REASON". */
    public static Unreachable of(String hub, String reason, Throwable cause) {
      return new Unreachable("cannot reach hub " + hub + ": " + reason, cause);
    }

    @Override
    public SyncFailure.Kind kind() {
      return SyncFailure.Kind.HUB_UNREACHABLE;
    }
  }

  /**
   * No secure connection could be made to an {@code https://} hub: its certificate is not
   * trusted, not for that host, out of date, or the port does not speak TLS. Nothing was sent.
   */
  public static final class TlsFailed extends HubError {
    public TlsFailed(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public SyncFailure.Kind kind() {
      return SyncFailure.Kind.TLS_FAILED;
    }
  }

  /** Something answered, but not as a heph hub does. */
  public static final class NotAHub extends HubError {
    public NotAHub(String message) {
      super(message, null);
    }

    @Override
    public SyncFailure.Kind kind() {
      return SyncFailure.Kind.NOT_A_HUB;
    }
  }

  /** A heph hub that speaks another sync protocol version. */
  public static final class ProtocolUnsupported extends HubError {
    public ProtocolUnsupported(String message) {
      super(message, null);
    }

    @Override
    public SyncFailure.Kind kind() {
      return SyncFailure.Kind.PROTOCOL_UNSUPPORTED;
    }
  }

  /**
   * The hub answered 401: it wants a device token and got none, or refused the one sent (revoked,
   * or issued by another hub). Says how to get one.
   */
  public static final class Unauthorized extends HubError {
    public Unauthorized(String message) {
      super(message, null);
    }

    /** "the hub at HUB wants a device token: run heph login HUB", and whether a token was refused. */
    public static Unauthorized of(String hub, boolean tokenSent) {
      return new Unauthorized("the hub at " + hub + " wants a device token: run heph login " + hub
          + (tokenSent ? " (it refused the token this device has)" : ""));
    }

    @Override
    public SyncFailure.Kind kind() {
      return SyncFailure.Kind.UNAUTHORIZED;
    }
  }

  /** The hub does not hold what a cursor points at: its history changed (restored or replaced). */
  public static final class CursorMismatch extends HubError {
    public CursorMismatch(String message) {
      super(message, null);
    }

    @Override
    public SyncFailure.Kind kind() {
      // The spoke answers a mismatch by re-syncing in full; one it does not catch means the hub's
      // history kept changing under it.
      return SyncFailure.Kind.HISTORY_UNSTABLE;
    }
  }

  /** The hub refused the request with one of its error codes ({@code clock_drift}, {@code invalid_op}...). */
  public static final class Refused extends HubError {
    private final int status;
    private final WireError error;

    public Refused(String message, int status, WireError error) {
      super(message, null);
      this.status = status;
      this.error = error;
    }

    /** The hub's own error: its code and message. */
    public WireError error() {
      return error;
    }

    /** The hub refused ops stamped further ahead of its clock than it allows. */
    public boolean clockDrift() {
      return status == 400 && error.code().equals("clock_drift");
    }

    @Override
    public SyncFailure.Kind kind() {
      return SyncFailure.Kind.HUB_REFUSED;
    }
  }

  /** A hub's answer that cannot be read (not UTF-8, not the protocol's JSON, not consistent). */
  public static final class BadResponse extends HubError {
    public BadResponse(String message) {
      super(message, null);
    }

    @Override
    public SyncFailure.Kind kind() {
      return SyncFailure.Kind.BAD_RESPONSE;
    }
  }
}
