package dev.heph.core.sync;

/**
 * A spoke's sync position: which hub (id and epoch), the pull cursor (hub seq and hlc of the last
 * op pulled), the push cursor (local seq of the last op pushed) with the hub's acknowledgement of
 * it (hub seq and hlc), and whether a full re-push is pending after a reset. Kept by the
 * {@link SpokeStore}; the transitions below are the spoke's rules for moving it.
 */
public record SyncCursors(String hubId, String epoch, long pullSeq, String pullHlc, long pushSeq, long ackSeq,
    String ackHlc, boolean pushAll) {

  /** A device that never synced. */
  public static final SyncCursors NONE = new SyncCursors(null, null, 0, null, 0, 0, null, false);

  /** Cursors for a hub whose history we cannot trust to match ours: start over, push everything. */
  public static SyncCursors fresh(String hubId, String epoch, boolean pushAll) {
    return new SyncCursors(hubId, epoch, 0, null, 0, 0, null, pushAll);
  }

  /**
   * The source whose ops a push skips: this hub's (no echo), or none while a full re-push after a
   * reset is pending.
   */
  public String pushSkipsSource() {
    return pushAll ? null : hubId;
  }

  /** After a page is stored: the pull cursor is its end. */
  public SyncCursors pulled(long seq, String hlc) {
    return new SyncCursors(hubId, epoch, seq, hlc, pushSeq, ackSeq, ackHlc, pushAll);
  }

  /**
   * After a push is acknowledged: the local cursor moves on, and the ack kept is the highest hub
   * position of anything pushed so far, so that checking it proves the hub still holds it all.
   */
  public SyncCursors pushed(long localSeq, long hubSeq, String hubHlc) {
    return hubSeq > ackSeq
        ? new SyncCursors(hubId, epoch, pullSeq, pullHlc, localSeq, hubSeq, hubHlc, pushAll)
        : new SyncCursors(hubId, epoch, pullSeq, pullHlc, localSeq, ackSeq, ackHlc, pushAll);
  }

  /**
   * After a push whose new ops took every hub position in {@code (base, hubSeq]}: when the pull
   * cursor is at {@code base}, nothing but this device's own ops lies between it and
   * {@code (hubSeq, hubHlc)}, so it moves there and the next pull does not bring them back. The
   * position is the hub's own acknowledgement, so the cursor still proves itself. Otherwise (other
   * devices' ops in between, an older hub that sends no base) it stays.
   */
  public SyncCursors pulledPastOwnPush(long base, long hubSeq, String hubHlc) {
    return base >= 0 && base == pullSeq && hubSeq > pullSeq ? pulled(hubSeq, hubHlc) : this;
  }

  /** After everything was pushed again following a reset. */
  public SyncCursors pushAllDone() {
    return new SyncCursors(hubId, epoch, pullSeq, pullHlc, pushSeq, ackSeq, ackHlc, false);
  }
}
