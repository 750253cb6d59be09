package dev.heph.core.merge;

import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.Value;
import java.util.List;
import java.util.TreeMap;

/**
 * The merge rules. State is a pure function of the set of applied ops, whatever their order,
 * duplication or batching:
 *
 * <ul>
 *   <li>A register is a multi-value register: its heads are the {@code set} ops that no applied op
 *       names in {@code prev}. The visible value is the head with the greatest hlc; heads with
 *       different values are a conflict. Causality, not clocks, decides overwrites: an op that
 *       names a head in {@code prev} removes it, whatever the two clocks said.
 *   <li>A set is an add-wins observed-remove set: a {@code remove} deletes only the {@code add}
 *       ops it names, so a concurrent re-add survives. The {@code udas} set is read as one
 *       register per key (see {@link #refreshUdas}).
 *   <li>Order independence comes from the shadow set: an op named in a {@code prev} before it
 *       arrives is never admitted as a head or element when it does.
 * </ul>
 */
public final class MergeEngine {
  private MergeEngine() {}

  /**
   * Applies one op; returns false (and changes nothing) when it was already applied.
   * {@code source} records where it came from (null when made on this device).
   */
  public static boolean apply(MergeState state, Op op, String source) {
    if (!state.appendToLog(op, source)) {
      return false;
    }
    state.touchNode(op.node(), op.hlc());
    switch (op) {
      case Op.Create c -> state.recordCreate(c.node(), c.kind(), c.hlc());
      case Op.Set s -> {
        admit(state, s.node(), s.field(), s.hlc(), s.value(), s.prev());
        refreshRegister(state, s.node(), s.field());
      }
      case Op.Add a -> {
        admit(state, a.node(), a.field(), a.hlc(), a.value(), List.of());
        refreshSet(state, a.node(), a.field());
      }
      case Op.Remove r -> {
        for (Hlc named : r.prev()) {
          state.shadow(r.node(), r.field(), named);
        }
        refreshSet(state, r.node(), r.field());
      }
    }
    return true;
  }

  private static void admit(MergeState state, String node, Field field, Hlc hlc, Value value, List<Hlc> prev) {
    for (Hlc named : prev) {
      state.shadow(node, field, named);
    }
    if (!state.isShadowed(node, field, hlc)) {
      state.addEntry(node, field, new MergeState.Entry(hlc, value));
    }
  }

  private static void refreshRegister(MergeState state, String node, Field field) {
    List<MergeState.Entry> heads = state.entries(node, field);
    if (heads.isEmpty()) {
      // Unreachable for well-formed histories (a set never shadows itself), kept total anyway.
      state.writeRegister(node, field, Value.NULL, false);
      return;
    }
    Value visible = heads.getLast().value();
    boolean conflicted = heads.stream().anyMatch(h -> !h.value().equals(visible));
    state.writeRegister(node, field, visible, conflicted);
  }

  private static void refreshSet(MergeState state, String node, Field field) {
    if (field == Field.UDAS) {
      refreshUdas(state, node);
      return;
    }
    // Distinct by value, ordered by canonical text: the stored column's bytes do not depend on
    // the order the elements arrived in.
    TreeMap<String, Value> values = new TreeMap<>();
    for (MergeState.Entry e : state.entries(node, field)) {
      values.putIfAbsent(e.value().json(), e.value());
    }
    state.writeSet(node, field, List.copyOf(values.values()), false);
  }

  /**
   * UDAs are a set whose elements act as one register per key: setting a key removes the
   * elements its author saw for that key. So a key's elements are its heads; the visible one is
   * the element with the greatest hlc, and several different values for one key are a conflict.
   */
  private static void refreshUdas(MergeState state, String node) {
    TreeMap<String, Value> visible = new TreeMap<>();
    boolean conflicted = false;
    for (MergeState.Entry e : state.entries(node, Field.UDAS)) { // in hlc order: the last one per key wins
      Value.Uda uda = (Value.Uda) e.value(); // Field.UDAS accepts nothing else
      Value before = visible.put(uda.key(), uda);
      conflicted |= before != null && !((Value.Uda) before).value().equals(uda.value());
    }
    state.writeSet(node, Field.UDAS, List.copyOf(visible.values()), conflicted);
  }
}
