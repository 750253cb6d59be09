package dev.heph.core.sync;

/**
 * What a hub's log made of a pushed batch: how many of its ops were new, the highest position
 * ({@code seq}, {@code hlc}) any op of the batch holds in the log, new or stored before, and
 * {@code base}, the log's last seq before the batch's new ops ({@link #NO_NEW_OPS} when there were
 * none): every op in {@code (base, seq]} is one of the batch's, so the pusher need not pull them.
 */
public record Appended(int applied, long seq, String hlc, long base) {
  /** The {@code base} of a batch that brought nothing new. */
  public static final long NO_NEW_OPS = -1;

  /** A batch whose ops were all stored before. */
  public Appended(int applied, long seq, String hlc) {
    this(applied, seq, hlc, NO_NEW_OPS);
  }
}
