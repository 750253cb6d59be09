package dev.heph.sync.hub;

import dev.heph.core.HephException;
import dev.heph.sync.wire.Wire;
import dev.heph.sync.wire.WireError;

/**
 * The hub's one map from a refusal to its HTTP answer (docs/sync.md, "Routes"): exhaustive over
 * {@link Refusal} and over {@link HephException}, so no heph error can end up as a 500.
 */
public final class HubErrors {
  private HubErrors() {}

  /** An error answer: its HTTP status and the body's code and message. */
  public record HttpError(int status, WireError error) {
    /** The answer with its JSON body {@code {"error":{"code","message"}}}. */
    public HubResponse response() {
      return new HubResponse(status, Wire.error(error));
    }
  }

  /** The answer to {@code refusal}. */
  public static HttpError of(Refusal refusal) {
    return switch (refusal) {
      case Refusal.BadRequest r -> error(400, "bad_request", r.message());
      case Refusal.Malformed r -> error(r.status(), "bad_request", r.message());
      case Refusal.Unauthorized r -> error(401, "unauthorized",
          "this hub needs a valid device token: send Authorization: Bearer TOKEN");
      case Refusal.HostNotAllowed r -> error(403, "host_not_allowed", r.message());
      case Refusal.OriginNotAllowed r -> error(403, "origin_not_allowed", r.message());
      case Refusal.NoRoute r -> error(404, "not_found", r.message());
      case Refusal.MethodNotAllowed r -> error(405, "method_not_allowed", r.message());
      case Refusal.CursorMismatch r -> error(409, "cursor_mismatch", r.message());
      case Refusal.BodyTooLarge r -> error(413, "body_too_large", r.message());
      case Refusal.TooManyOps r -> error(413, "too_many_ops", r.message());
      case Refusal.UnsupportedMediaType r -> error(415, "unsupported_media_type", r.message());
      case Refusal.Failed(HephException e) -> of(e);
      case Refusal.Internal r -> error(500, "internal_error", "internal error; see the hub's log");
    };
  }

  /** The answer to a heph error, under its own stable code. */
  static HttpError of(HephException e) {
    int status = switch (e) {
      case HephException.InvalidOp x -> 400;
      case HephException.ClockDrift x -> 400;
      case HephException.InvalidInput x -> 400;
      case HephException.AmbiguousId x -> 400;
      case HephException.NotFound x -> 404;
      case HephException.ConflictNotFound x -> 404;
      case HephException.UndoRefused x -> 409;
      // A hub syncs with no one; were it to, another hub's failure is not this one's.
      case HephException.SyncFailure x -> 502;
      // The hub's own storage failed (disk full...): the client did nothing wrong and may retry.
      case HephException.StoreFailure x -> 503;
      // The daemon's own failures (its lock, its socket) are not a request's fault either.
      case HephException.DaemonFailure x -> 503;
    };
    String message = e instanceof HephException.StoreFailure
        ? "the hub cannot use its database right now: " + e.getMessage() : e.getMessage();
    return error(status, e.code(), message);
  }

  private static HttpError error(int status, String code, String message) {
    return new HttpError(status, new WireError(code, message));
  }
}
