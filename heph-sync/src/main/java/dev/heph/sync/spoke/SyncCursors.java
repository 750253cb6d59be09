package dev.heph.sync.spoke;

import dev.heph.core.store.Tx;
import java.sql.SQLException;

/**
 * A spoke's sync position, kept in the store's meta table: which hub (id and epoch), the pull
 * cursor (hub seq and hlc of the last op pulled), the push cursor (local seq of the last op
 * pushed) with the hub's acknowledgement of it (hub seq and hlc), and whether a full re-push
 * is pending after a reset.
 */
public record SyncCursors(String hubId, String epoch, long pullSeq, String pullHlc, long pushSeq, long ackSeq,
    String ackHlc, boolean pushAll) {

  /** The cursors as stored (all zero/null before a first sync). */
  public static SyncCursors load(Tx tx) throws SQLException {
    return new SyncCursors(tx.meta("sync.hub_id"), tx.meta("sync.epoch"), number(tx, "sync.pull_seq"),
        tx.meta("sync.pull_hlc"), number(tx, "sync.push_seq"), number(tx, "sync.ack_seq"), tx.meta("sync.ack_hlc"),
        "1".equals(tx.meta("sync.push_all")));
  }

  /**
   * The source whose ops a push skips: this hub's (no echo), or none while a full re-push after a
   * reset is pending.
   */
  public String pushSkipsSource() {
    return pushAll ? null : hubId;
  }

  /** Cursors for a hub whose history we cannot trust to match ours: start over, push everything. */
  static SyncCursors fresh(String hubId, String epoch, boolean pushAll) {
    return new SyncCursors(hubId, epoch, 0, null, 0, 0, null, pushAll);
  }

  void save(Tx tx) throws SQLException {
    tx.putMeta("sync.hub_id", hubId);
    tx.putMeta("sync.epoch", epoch);
    tx.putMeta("sync.pull_seq", Long.toString(pullSeq));
    tx.putMeta("sync.pull_hlc", pullHlc);
    tx.putMeta("sync.push_seq", Long.toString(pushSeq));
    tx.putMeta("sync.ack_seq", Long.toString(ackSeq));
    tx.putMeta("sync.ack_hlc", ackHlc);
    tx.putMeta("sync.push_all", pushAll ? "1" : null);
  }

  SyncCursors pulled(long seq, String hlc) {
    return new SyncCursors(hubId, epoch, seq, hlc, pushSeq, ackSeq, ackHlc, pushAll);
  }

  /**
   * After a push is acknowledged: the local cursor moves on, and the ack kept is the highest hub
   * position of anything pushed so far, so that checking it proves the hub still holds it all.
   */
  SyncCursors pushed(long localSeq, long hubSeq, String hubHlc) {
    return hubSeq > ackSeq
        ? new SyncCursors(hubId, epoch, pullSeq, pullHlc, localSeq, hubSeq, hubHlc, pushAll)
        : new SyncCursors(hubId, epoch, pullSeq, pullHlc, localSeq, ackSeq, ackHlc, pushAll);
  }

  SyncCursors pushAllDone() {
    return new SyncCursors(hubId, epoch, pullSeq, pullHlc, pushSeq, ackSeq, ackHlc, false);
  }

  private static long number(Tx tx, String key) throws SQLException {
    String v = tx.meta(key);
    return v == null ? 0 : Long.parseLong(v);
  }
}
