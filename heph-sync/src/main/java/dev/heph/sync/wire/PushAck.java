package dev.heph.sync.wire;

/**
 * {@code POST /sync/push} answer: ops received, how many were new, where the hub now holds the
 * batch's highest op ({@code seq}, {@code hlc}), which the spoke keeps to detect a restored hub,
 * and {@code base}, the hub log's last seq before the batch's new ops ({@link #NO_BASE}: none were
 * new, or an older hub that does not say), with which the spoke skips pulling its own ops back.
 */
public record PushAck(int accepted, int applied, long seq, String hlc, long base) {
  /** No {@code base} in the answer. */
  public static final long NO_BASE = -1;

  /** An answer without {@code base}. */
  public PushAck(int accepted, int applied, long seq, String hlc) {
    this(accepted, applied, seq, hlc, NO_BASE);
  }
}
