package dev.heph.core.store;

import dev.heph.core.clock.HybridClock;
import dev.heph.core.op.Op;
import dev.heph.core.sync.LoggedOp;
import dev.heph.core.sync.Restamped;
import dev.heph.core.sync.SpokeState;
import dev.heph.core.sync.SpokeStore;
import dev.heph.core.sync.SyncCursors;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A replica's {@link SpokeStore}: the cursors and the hub URL live in the meta table under
 * {@code sync.*} keys, the ops in the op log; each method is one transaction of {@link SqliteStore}.
 */
final class SqliteSpokeStore implements SpokeStore {
  private static final String HUB_URL = "sync.hub_url";

  private final SqliteStore store;
  private final HybridClock clock;

  SqliteSpokeStore(SqliteStore store, HybridClock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public SyncCursors cursors() {
    return store.read(SqliteSpokeStore::load);
  }

  @Override
  public void saveCursors(SyncCursors cursors) {
    store.write(tx -> {
      save(tx, cursors);
      return null;
    });
  }

  @Override
  public int applyPulled(List<Op> ops, String hubId) {
    return applyPage(ops, hubId, -1, null, () -> {});
  }

  @Override
  public int applyPage(List<Op> ops, String hubId, long seq, String hlc, Runnable beforeCursor) {
    ops.forEach(op -> clock.vet(op.hlc()));
    return store.write(tx -> {
      int applied = tx.applyAll(ops, hubId);
      if (seq >= 0) {
        beforeCursor.run();
        save(tx, load(tx).pulled(seq, hlc));
      }
      return applied;
    });
  }

  @Override
  public List<LoggedOp> pending(SyncCursors cursors, int maxOps, long maxBytes) {
    List<LoggedOp> batch = new ArrayList<>();
    long[] bytes = {0};
    store.read(tx -> {
      tx.opLog().scanAfterExcept(cursors.pushSeq(), cursors.pushSkipsSource(), maxOps, op -> {
        bytes[0] += op.json().length() + 1;
        if (!batch.isEmpty() && bytes[0] > maxBytes) {
          return false;
        }
        batch.add(op);
        return true;
      });
      return null;
    });
    return batch;
  }

  @Override
  public void recordAck(long localSeq, long hubSeq, String hubHlc, long hubBase) {
    store.write(tx -> {
      save(tx, load(tx).pushed(localSeq, hubSeq, hubHlc).pulledPastOwnPush(hubBase, hubSeq, hubHlc));
      return null;
    });
  }

  @Override
  public void finishPush() {
    store.write(tx -> {
      SyncCursors now = load(tx);
      boolean nothingLeft = tx.opLog().afterExcept(now.pushSeq(), now.pushSkipsSource(), 1).isEmpty();
      if (nothingLeft) {
        long end = tx.opLog().maxSeq();
        SyncCursors done = now.pushAll() ? now.pushAllDone() : now;
        save(tx, end > done.pushSeq() ? done.pushed(end, done.ackSeq(), done.ackHlc()) : done);
      }
      return null;
    });
  }

  @Override
  public SpokeState state() {
    return store.read(tx -> {
      SyncCursors cursors = load(tx);
      long pending = tx.opLog().countAfterExcept(cursors.pushSeq(), cursors.pushSkipsSource());
      return new SpokeState(tx.meta(HUB_URL), cursors, pending);
    });
  }

  @Override
  public String hubUrl() {
    return store.read(tx -> tx.meta(HUB_URL));
  }

  @Override
  public void rememberHubUrl(String url) {
    store.write(tx -> {
      tx.putMeta(HUB_URL, url);
      return null;
    });
  }

  @Override
  public Restamped restamp(long aheadOfMillis) {
    return store.write(tx -> new LogRestamp(tx).run(load(tx).pushSeq(), aheadOfMillis, clock::next));
  }

  private static SyncCursors load(Tx tx) throws SQLException {
    return new SyncCursors(tx.meta("sync.hub_id"), tx.meta("sync.epoch"), number(tx, "sync.pull_seq"),
        tx.meta("sync.pull_hlc"), number(tx, "sync.push_seq"), number(tx, "sync.ack_seq"), tx.meta("sync.ack_hlc"),
        "1".equals(tx.meta("sync.push_all")));
  }

  private static void save(Tx tx, SyncCursors c) throws SQLException {
    tx.putMeta("sync.hub_id", c.hubId());
    tx.putMeta("sync.epoch", c.epoch());
    tx.putMeta("sync.pull_seq", Long.toString(c.pullSeq()));
    tx.putMeta("sync.pull_hlc", c.pullHlc());
    tx.putMeta("sync.push_seq", Long.toString(c.pushSeq()));
    tx.putMeta("sync.ack_seq", Long.toString(c.ackSeq()));
    tx.putMeta("sync.ack_hlc", c.ackHlc());
    tx.putMeta("sync.push_all", c.pushAll() ? "1" : null);
  }

  private static long number(Tx tx, String key) throws SQLException {
    String v = tx.meta(key);
    return v == null ? 0 : Long.parseLong(v);
  }
}
