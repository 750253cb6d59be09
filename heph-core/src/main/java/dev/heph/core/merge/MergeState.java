package dev.heph.core.merge;

import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.Value;
import java.util.List;

/**
 * The storage primitives the merge engine needs, all inside one transaction. The SQLite store and
 * {@link InMemoryMergeState} implement it; the rules that combine them live in {@link MergeEngine}
 * alone.
 */
public interface MergeState {

  /** One current value of a register or one element of a set: the op that wrote it and its value. */
  record Entry(Hlc hlc, Value value) {}

  /** Appends the op to the log; false when an op with this hlc is already there. */
  boolean appendToLog(Op op, String source);

  /** True when an applied op named {@code hlc} in its {@code prev} for this node and field. */
  boolean isShadowed(String node, Field field, Hlc hlc);

  /** Records that {@code hlc} was named in a {@code prev} and drops its entry if present. */
  void shadow(String node, Field field, Hlc hlc);

  /** Adds a register head or a set element. */
  void addEntry(String node, Field field, Entry entry);

  /** The register's heads or the set's elements, in hlc order. */
  List<Entry> entries(String node, Field field);

  /** Creates the node row if absent; notes an op at {@code hlc} touched it. */
  void touchNode(String node, Hlc hlc);

  /** Records a create op; the node's kind and creation time come from its earliest create. */
  void recordCreate(String node, String kind, Hlc hlc);

  /** Writes a register's visible value and whether it is in conflict. */
  void writeRegister(String node, Field field, Value visible, boolean conflicted);

  /**
   * Writes a set field's visible elements (distinct values, in the order of their canonical JSON
   * texts; for {@code udas}, one per key in key order) and whether it is in conflict (only
   * {@code udas} can be: two values for one key).
   */
  void writeSet(String node, Field field, List<Value> values, boolean conflicted);
}
