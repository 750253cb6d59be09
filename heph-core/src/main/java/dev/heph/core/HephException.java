package dev.heph.core;

import java.util.List;
import java.util.Locale;

/**
 * Every failure heph reports to a person or a program: a sealed family with stable codes.
 *
 * <p>Each boundary maps these once: the CLI to an exit code and a one-line message, the RPC to
 * an error object, the hub to an HTTP status. The {@link #code()} strings are part of the public
 * interface (scripts match on them) and never change meaning.
 */
public abstract sealed class HephException extends RuntimeException {

  private HephException(String message) {
    super(message);
  }

  private HephException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Stable machine-readable code, e.g. {@code not_found}. */
  public abstract String code();

  /** No node has this id or prefix. */
  public static final class NotFound extends HephException {
    public NotFound(String message) {
      super(message);
    }

    @Override
    public String code() {
      return "not_found";
    }
  }

  /** An id prefix matches more than one node. */
  public static final class AmbiguousId extends HephException {
    private final List<String> candidates;

    public AmbiguousId(String prefix, List<String> candidates) {
      super("id prefix '" + prefix + "' is ambiguous; it matches " + String.join(", ", candidates));
      this.candidates = List.copyOf(candidates);
    }

    public List<String> candidates() {
      return candidates;
    }

    @Override
    public String code() {
      return "ambiguous_id";
    }
  }

  /** A person's or a program's input is not acceptable: an empty title, a bad date, a bad flag mix. */
  public static final class InvalidInput extends HephException {
    public InvalidInput(String message) {
      super(message);
    }

    @Override
    public String code() {
      return "invalid_input";
    }
  }

  /** An op (in its JSON wire form or as a record) breaks the op format; the message names the op. */
  public static final class InvalidOp extends HephException {
    public InvalidOp(String message) {
      super(message);
    }

    @Override
    public String code() {
      return "invalid_op";
    }
  }

  /** A received clock reading is further ahead of this machine's clock than the drift bound allows. */
  public static final class ClockDrift extends HephException {
    private final long aheadMillis;

    public ClockDrift(String message, long aheadMillis) {
      super(message);
      this.aheadMillis = aheadMillis;
    }

    public long aheadMillis() {
      return aheadMillis;
    }

    @Override
    public String code() {
      return "clock_drift";
    }
  }

  /** The conflict named does not exist (the field has a single value). */
  public static final class ConflictNotFound extends HephException {
    public ConflictNotFound(String message) {
      super(message);
    }

    @Override
    public String code() {
      return "conflict_not_found";
    }
  }

  /**
   * {@code heph undo} refused: no command made on this device is left to undo, or a change that
   * reached this replica after the command touches what it changed (the message names the fields
   * and the devices). Nothing was changed.
   */
  public static final class UndoRefused extends HephException {
    /** Why the undo was refused. */
    public enum Kind implements Code {
      NOTHING_TO_UNDO, LATER_CHANGE
    }

    private final Kind kind;

    public UndoRefused(Kind kind, String message) {
      super(message);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }

    @Override
    public String code() {
      return kind.code();
    }
  }

  /**
   * A sub-code from a closed list: the constant's name in lower case ({@code STORE_FULL} is
   * {@code store_full}), so renaming a constant changes a public code (a test pins them).
   */
  public interface Code {
    String name();

    default String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A sync with a hub failed: unreachable, not a heph hub, a protocol this build does not speak,
   * a refused request, a hub that wants a device token this device does not have (or one it no
   * longer accepts), a hub whose history no longer matches ours, or a TLS connection that could
   * not be made safely (a certificate not trusted or not for that host). Local data is untouched.
   */
  public static final class SyncFailure extends HephException {
    /** Why a sync failed. */
    public enum Kind implements Code {
      HUB_UNREACHABLE, NOT_A_HUB, PROTOCOL_UNSUPPORTED, HUB_REFUSED, BAD_RESPONSE, HISTORY_UNSTABLE, CLOCK_AHEAD,
      RESTAMP_REFUSED, INTERRUPTED, TLS_FAILED, UNAUTHORIZED
    }

    private final Kind kind;

    public SyncFailure(Kind kind, String message, Throwable cause) {
      super(message, cause);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }

    @Override
    public String code() {
      return kind.code();
    }
  }

  /** The database file cannot be used: not heph's, a newer schema, read-only, full, locked, damaged. */
  public static final class StoreFailure extends HephException {
    /** Why the database cannot be used. */
    public enum Kind implements Code {
      NOT_HEPH_DATABASE, SCHEMA_TOO_NEW, STORE_UNUSABLE, STORE_READ_ONLY, STORE_FULL, STORE_BUSY, STORE_DAMAGED,
      STORE_IO_ERROR, STORE_ERROR
    }

    private final Kind kind;

    public StoreFailure(Kind kind, String message, Throwable cause) {
      super(message, cause);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }

    @Override
    public String code() {
      return kind.code();
    }
  }

  /**
   * The daemon cannot start as asked: another one already serves the database or listens on the
   * socket, its lock file or socket cannot be made, the hub's address cannot be listened on (in
   * use, not this machine's, unknown host), or its OIDC provider cannot be used. Only
   * start-up throws it; it never reaches a client, which talks to a daemon that started.
   */
  public static final class DaemonFailure extends HephException {
    /** Why the daemon cannot start. */
    public enum Kind implements Code {
      DAEMON_RUNNING, LOCK_UNUSABLE, SOCKET_UNUSABLE, ADDRESS_UNUSABLE,
      OIDC_PROVIDER_UNUSABLE
    }

    private final Kind kind;

    public DaemonFailure(Kind kind, String message, Throwable cause) {
      super(message, cause);
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }

    @Override
    public String code() {
      return kind.code();
    }
  }
}
