package dev.heph.core.merge;

import dev.heph.core.HephException;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link MergeState} in plain Java collections: the second implementation of the port, with no
 * storage behind it. The merge properties run against it and against the SQLite store, so that
 * the rules are checked apart from SQL and any later store (a hub database, a web replica) has a
 * reference to agree with.
 */
public final class InMemoryMergeState implements MergeState {
  private final TreeMap<Hlc, Op> log = new TreeMap<>();
  private final TreeMap<String, Mutable> nodes = new TreeMap<>();

  /**
   * One node as the merge left it: what the SQLite store keeps in its {@code nodes}, {@code
   * entries} and {@code shadowed} tables: each register's visible value, each set's distinct
   * elements (in the order of their canonical JSON texts; for {@code udas}, the visible one per key).
   */
  public record NodeState(String id, String kind, Hlc created, Hlc updated, int conflictMask,
      Map<Field, Value> registers, Map<Field, List<Value>> sets, Map<Field, List<Entry>> entries,
      Map<Field, SortedSet<Hlc>> shadows) {}

  /** The op log in hlc order. */
  public NavigableMap<Hlc, Op> log() {
    return Collections.unmodifiableNavigableMap(log);
  }

  /** A snapshot of every node, by id. */
  public NavigableMap<String, NodeState> nodes() {
    TreeMap<String, NodeState> out = new TreeMap<>();
    nodes.forEach((id, n) -> out.put(id, n.snapshot()));
    return Collections.unmodifiableNavigableMap(out);
  }

  /**
   * Like the SQLite store, an hlc already logged with another op means two devices share an origin
   * id; refusing it keeps the two implementations answering alike.
   */
  @Override
  public boolean appendToLog(Op op, String source) {
    Op stored = log.putIfAbsent(op.hlc(), op);
    if (stored == null) {
      return true;
    }
    if (!stored.equals(op)) {
      throw new HephException.InvalidOp("op " + op.hlc() + " differs from the op already stored under the same"
          + " hlc: two devices share the origin id " + op.hlc().origin() + " (was a database file copied?)");
    }
    return false;
  }

  @Override
  public boolean isShadowed(String node, Field field, Hlc hlc) {
    return shadowsOf(node, field).contains(hlc);
  }

  @Override
  public void shadow(String node, Field field, Hlc hlc) {
    shadowsOf(node, field).add(hlc);
    entries(node, field).removeIf(e -> e.hlc().equals(hlc));
  }

  @Override
  public void addEntry(String node, Field field, Entry entry) {
    List<Entry> list = entries(node, field);
    int at = 0;
    while (at < list.size() && list.get(at).hlc().compareTo(entry.hlc()) < 0) {
      at++;
    }
    if (at == list.size() || !list.get(at).hlc().equals(entry.hlc())) {
      list.add(at, entry);
    }
  }

  @Override
  public List<Entry> entries(String node, Field field) {
    return node(node).entries.computeIfAbsent(field, f -> new ArrayList<>(2));
  }

  @Override
  public void touchNode(String node, Hlc hlc) {
    Mutable n = node(node);
    if (n.updated == null || hlc.compareTo(n.updated) > 0) {
      n.updated = hlc;
    }
  }

  @Override
  public void recordCreate(String node, String kind, Hlc hlc) {
    Mutable n = node(node);
    if (n.created == null || hlc.compareTo(n.created) < 0) {
      n.created = hlc;
      n.kind = kind;
    }
  }

  @Override
  public void writeRegister(String node, Field field, Value visible, boolean conflicted) {
    Mutable n = node(node);
    n.registers.put(field, visible);
    n.conflictMask = (n.conflictMask & ~field.bit()) | (conflicted ? field.bit() : 0);
  }

  @Override
  public void writeSet(String node, Field field, List<Value> values, boolean conflicted) {
    Mutable n = node(node);
    n.sets.put(field, List.copyOf(values));
    n.conflictMask = (n.conflictMask & ~field.bit()) | (conflicted ? field.bit() : 0);
  }

  private SortedSet<Hlc> shadowsOf(String node, Field field) {
    return node(node).shadows.computeIfAbsent(field, f -> new TreeSet<>());
  }

  private Mutable node(String id) {
    return nodes.computeIfAbsent(id, Mutable::new);
  }

  /** The working form of a node; {@link #nodes()} hands out snapshots of it. */
  private static final class Mutable {
    final String id;
    String kind;
    Hlc created;
    Hlc updated;
    int conflictMask;
    final EnumMap<Field, Value> registers = new EnumMap<>(Field.class);
    final EnumMap<Field, List<Value>> sets = new EnumMap<>(Field.class);
    final EnumMap<Field, List<Entry>> entries = new EnumMap<>(Field.class);
    final EnumMap<Field, SortedSet<Hlc>> shadows = new EnumMap<>(Field.class);

    Mutable(String id) {
      this.id = id;
    }

    NodeState snapshot() {
      EnumMap<Field, List<Entry>> entriesCopy = new EnumMap<>(Field.class);
      entries.forEach((f, list) -> entriesCopy.put(f, List.copyOf(list)));
      EnumMap<Field, SortedSet<Hlc>> shadowsCopy = new EnumMap<>(Field.class);
      shadows.forEach((f, set) -> shadowsCopy.put(f, Collections.unmodifiableSortedSet(new TreeSet<>(set))));
      return new NodeState(id, kind, created, updated, conflictMask,
          Collections.unmodifiableMap(new EnumMap<>(registers)), Collections.unmodifiableMap(new EnumMap<>(sets)),
          Collections.unmodifiableMap(entriesCopy), Collections.unmodifiableMap(shadowsCopy));
    }
  }
}
