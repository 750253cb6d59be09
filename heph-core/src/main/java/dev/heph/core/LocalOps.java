package dev.heph.core;

import dev.heph.core.clock.Hlc;
import dev.heph.core.clock.HybridClock;
import dev.heph.core.merge.MergeState;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.Value;
import dev.heph.core.store.Tx;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Predicate;

/**
 * Issues this device's ops inside one write transaction of the facade, each with the next hlc
 * (the clock reads the greatest hlc stored once, then advances from its own last reading).
 */
final class LocalOps {
  private final Tx tx;
  private final HybridClock clock;
  private Hlc last;

  LocalOps(Tx tx, HybridClock clock) throws SQLException {
    this.tx = tx;
    this.clock = clock;
    this.last = tx.latestHlc();
  }

  /** The next hlc for an op made here. */
  Hlc next() {
    last = clock.next(last);
    return last;
  }

  void apply(Op op) {
    tx.apply(op, null);
  }

  /** Writes a register, naming every current head as seen (this also resolves a conflict). */
  void set(String node, Field field, Value value) {
    List<Hlc> prev = tx.heads(node, field).stream().map(MergeState.Entry::hlc).toList();
    apply(new Op.Set(next(), node, field, value, prev));
  }

  /** Like {@link #set}, unless every head already holds {@code value} (or, with none, it is the default). */
  void setIfChanged(Node node, Field field, Value value) {
    List<MergeState.Entry> heads = tx.heads(node.id(), field);
    boolean same = heads.isEmpty() ? value instanceof Value.Null || value.equals(new Value.Flag(false))
        : heads.stream().allMatch(h -> h.value().equals(value));
    if (!same) {
      apply(new Op.Set(next(), node.id(), field, value, heads.stream().map(MergeState.Entry::hlc).toList()));
    }
  }

  /**
   * Makes {@code value} the one element among those matching {@code which} (a UDA's key): removes
   * the matching elements this replica sees and adds {@code value}, unless they already all are
   * {@code value}. Concurrent replacements thus leave both values, which the merge shows as a conflict.
   */
  void replaceElements(String node, Field field, Predicate<MergeState.Entry> which, Value value) {
    List<MergeState.Entry> matching = tx.heads(node, field).stream().filter(which).toList();
    if (!matching.isEmpty() && matching.stream().allMatch(e -> e.value().equals(value))) {
      return;
    }
    removeElements(node, field, which);
    apply(new Op.Add(next(), node, field, value));
  }

  /** Removes the set elements matching {@code which}; false when none matched. */
  boolean removeElements(String node, Field field, Predicate<MergeState.Entry> which) {
    List<MergeState.Entry> matching = tx.heads(node, field).stream().filter(which).toList();
    if (matching.isEmpty()) {
      return false;
    }
    // One remove per distinct value, naming every add of it that this replica has seen.
    for (Value value : matching.stream().map(MergeState.Entry::value).distinct().toList()) {
      List<Hlc> adds = matching.stream().filter(e -> e.value().equals(value)).map(MergeState.Entry::hlc).toList();
      apply(new Op.Remove(next(), node, field, value, adds));
    }
    return true;
  }
}
