package dev.heph.daemon.rpc;

import dev.heph.core.HephException;

/**
 * A JSON-RPC error: the protocol's own codes, and one number per heph error code. The numbers
 * and the string codes (in {@code data.code}) are stable; scripts may match on either.
 */
public final class RpcError extends RuntimeException {
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;

  private final int code;
  private final String name;

  public RpcError(int code, String name, String message) {
    super(message, null, false, false);
    this.code = code;
    this.name = name;
  }

  public int code() {
    return code;
  }

  /** The stable string code, e.g. {@code not_found}. */
  public String name() {
    return name;
  }

  static RpcError invalidParams(String message) {
    return new RpcError(INVALID_PARAMS, "invalid_params", message);
  }

  /** Maps heph's typed errors to application error codes (-32001 and below). */
  static RpcError of(HephException e) {
    int code = switch (e) {
      case HephException.NotFound x -> -32001;
      case HephException.AmbiguousId x -> -32002;
      case HephException.InvalidInput x -> -32003;
      case HephException.ConflictNotFound x -> -32004;
      case HephException.ClockDrift x -> -32005;
      case HephException.InvalidOp x -> -32006;
      case HephException.UndoRefused x -> -32007;
      // A hub that wants a login is told apart, so that a client can offer to run heph login.
      case HephException.SyncFailure x when x.kind() == HephException.SyncFailure.Kind.UNAUTHORIZED -> -32011;
      case HephException.SyncFailure x -> -32010;
      case HephException.StoreFailure x -> -32020;
      case HephException.DaemonFailure x -> -32040;
    };
    return new RpcError(code, e.code(), e.getMessage());
  }
}
