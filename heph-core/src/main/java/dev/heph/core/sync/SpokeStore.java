package dev.heph.core.sync;

import dev.heph.core.op.Op;
import java.util.List;

/**
 * What a spoke (a replica that syncs with a hub) needs of its store, each call one transaction:
 * its cursors, pulled ops applied together with the cursor that covers them, its own ops still to
 * push, the hub's acknowledgements, the hub URL it remembers, and the re-stamp of ops stamped in
 * the future. Handed out by {@link dev.heph.core.Heph#spokeStore()}; sync never sees a transaction.
 */
public interface SpokeStore {

  /** The cursors as stored ({@link SyncCursors#NONE} before a first sync). */
  SyncCursors cursors();

  /** Replaces the stored cursors. */
  void saveCursors(SyncCursors cursors);

  /**
   * Applies ops pulled from hub {@code hubId}, all or none, each vetted for clock drift before
   * anything is written ({@link dev.heph.core.HephException.ClockDrift}). Returns how many were new.
   */
  int applyPulled(List<Op> ops, String hubId);

  /**
   * As {@link #applyPulled}, and moves the pull cursor to the page's end {@code (seq, hlc)} in the
   * same transaction: a crash leaves both or neither. {@code beforeCursor} runs inside the
   * transaction between the two (a test's crash point; {@code () -> {}} otherwise).
   */
  int applyPage(List<Op> ops, String hubId, long seq, String hlc, Runnable beforeCursor);

  /**
   * The next ops to push after {@code cursors}' push position, in local seq order, skipping those
   * from {@link SyncCursors#pushSkipsSource()}: at most {@code maxOps}, and no more than about
   * {@code maxBytes} of JSON (but at least one op). Reads no further than that.
   */
  List<LoggedOp> pending(SyncCursors cursors, int maxOps, long maxBytes);

  /**
   * The hub acknowledged a push whose last op sits at {@code localSeq} here, as {@code (hubSeq,
   * hubHlc)}, its new ops taking the hub's positions after {@code hubBase} (negative: unknown, or
   * none new); the pull cursor skips them when it can ({@link SyncCursors#pulledPastOwnPush}).
   */
  void recordAck(long localSeq, long hubSeq, String hubHlc, long hubBase);

  /**
   * Nothing is left to push when every op after the push cursor came from the hub: then the push
   * cursor moves to the log's end (so the next sync does not scan pulled ops again) and a pending
   * full re-push is done. Otherwise nothing changes.
   */
  void finishPush();

  /** The remembered hub URL, the cursors and the push backlog, in one read. */
  SpokeState state();

  /** The hub URL this replica synced with last, or null. */
  String hubUrl();

  /** Remembers {@code url} as the hub to sync with when none is given. */
  void rememberHubUrl(String url);

  /**
   * Gives this device's ops after the push cursor, not received from anywhere, that are stamped
   * later than {@code aheadOfMillis} fresh stamps from the clock as it reads now, keeping their
   * order and the references between them, and rebuilds the nodes they touch: one transaction, so
   * a crash leaves the old log or the new one. Refused ({@link dev.heph.core.HephException.InvalidInput})
   * when that would change an op another replica may hold. For a device whose clock once ran ahead.
   */
  Restamped restamp(long aheadOfMillis);
}
