package dev.heph.core.store;

import dev.heph.core.clock.HybridClock;
import dev.heph.core.op.Op;
import dev.heph.core.op.RandomBytes;
import dev.heph.core.sync.Appended;
import dev.heph.core.sync.HubStore;
import dev.heph.core.sync.LoggedOp;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A replica's op log serving as a hub's ({@link HubStore}): the hub is a replica like any other
 * (it materializes state), its log's sequence numbers are the cursors spokes pull by, and its
 * epoch lives in the meta table under {@code hub_epoch}.
 */
final class SqliteHubStore implements HubStore {
  private final SqliteStore store;
  private final HybridClock clock;

  SqliteHubStore(SqliteStore store, HybridClock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public String hubId() {
    return store.origin();
  }

  @Override
  public String epoch() {
    return store.write(tx -> {
      String existing = tx.meta("hub_epoch");
      if (existing != null) {
        return existing;
      }
      String created = HexFormat.of().formatHex(RandomBytes.get(8));
      tx.putMeta("hub_epoch", created);
      return created;
    });
  }

  @Override
  public long maxSeq() {
    return store.read(tx -> tx.opLog().maxSeq());
  }

  @Override
  public String hlcAt(long seq) {
    return store.read(tx -> tx.opLog().hlcAt(seq));
  }

  @Override
  public Appended append(List<Op> ops) {
    ops.forEach(op -> clock.vet(op.hlc()));
    return store.write(tx -> {
      long before = tx.opLog().maxSeq();
      int applied = tx.applyAll(ops, null);
      // The ack names the batch's highest position in this log, not merely its last op's: when
      // that op was already here (a re-send), it sits below the batch's new ops, and a restore
      // to a copy taken between the two would otherwise pass the spoke's check and lose them.
      // Usually the batch brought new ops, and the newest took the log's highest seq: one lookup.
      OpLog log = tx.opLog();
      long highest = log.maxSeq();
      Set<String> batch = new HashSet<>();
      for (Op op : ops) {
        batch.add(op.hlc().toString());
      }
      if (!batch.contains(log.hlcAt(highest))) {
        highest = 0; // a re-send of ops all stored before: find where the highest of them is
        for (String hlc : batch) {
          highest = Math.max(highest, log.seqOf(hlc));
        }
      }
      // New ops took the seqs after `before`, in this transaction: nothing else sits between.
      return new Appended(applied, highest, log.hlcAt(highest), applied > 0 ? before : Appended.NO_NEW_OPS);
    });
  }

  @Override
  public void scan(long seq, int limit, Predicate<LoggedOp> take) {
    store.read(tx -> {
      tx.opLog().scanAfter(seq, limit, take);
      return null;
    });
  }
}
