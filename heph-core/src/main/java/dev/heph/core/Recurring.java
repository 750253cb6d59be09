package dev.heph.core;

import dev.heph.core.clock.Hlc;
import dev.heph.core.merge.MergeState;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.Recurrence;
import dev.heph.core.op.Series;
import dev.heph.core.op.Value;
import dev.heph.core.recur.NextInstance;
import dev.heph.core.store.Tx;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps one live task per recurring series: when a command finishes a task of a series (done,
 * cancelled or deleted), the same transaction makes the series' next task, unless it is past the
 * series' {@code until} or this replica already holds it. The ops come from {@link NextInstance},
 * so every device that makes the same occurrence makes the same ops.
 */
final class Recurring {
  private Recurring() {}

  /**
   * Registers a successor copies from the task it follows. Its status, due and series are its own;
   * scheduled, wait and start belong to the task they were set on, as its deletion does.
   */
  private static final List<Field> COPIED_REGISTERS = List.of(Field.TITLE, Field.BODY, Field.PRIORITY, Field.RECUR,
      Field.PARENT, Field.PROJECT, Field.UNTIL);
  /** Sets a successor copies (links, dependencies included, and annotations stay with their task). */
  private static final List<Field> COPIED_SETS = List.of(Field.TAGS, Field.UDAS);

  /** Makes the next task of {@code id}'s series when {@code id} is a finished task of one (and none is held yet). */
  static void afterFinishing(Tx tx, LocalOps writer, String id) throws SQLException {
    Node node = tx.queries().node(id);
    if (node == null || !node.isTask() || !isFinished(node)) {
      return;
    }
    Series series = seriesOf(tx, id);
    Recurrence rule = node.recur() == null ? null : Recurrence.parse(node.recur());
    Hlc created = tx.queries().createdHlc(id);
    if (series == null || rule == null || created == null || series.occurrence() == Series.MAX_OCCURRENCE) {
      return;
    }
    String due = rule.occurrence(series.anchor(), series.occurrence() + 1);
    String until = visible(tx, id, Field.UNTIL);
    if (until != null && Recurrence.isAfter(due, until)) {
      return; // the series has ended
    }
    String next = NextInstance.nodeId(series.id(), series.occurrence() + 1, created);
    if (tx.queries().holds(next)) {
      reviveIfUndone(tx, writer, series, next); // made already, here or elsewhere: never made twice
      return;
    }
    Map<Field, Value> registers = new EnumMap<>(Field.class);
    for (Field f : COPIED_REGISTERS) {
      List<MergeState.Entry> heads = tx.heads(id, f);
      if (!heads.isEmpty()) {
        registers.put(f, heads.getLast().value()); // the visible value: the head with the greatest hlc
      }
    }
    Map<Field, List<Value>> sets = new EnumMap<>(Field.class);
    for (Field f : COPIED_SETS) {
      TreeMap<String, Value> distinct = new TreeMap<>();
      tx.heads(id, f).forEach(e -> distinct.putIfAbsent(e.value().json(), e.value()));
      sets.put(f, List.copyOf(distinct.values()));
    }
    for (Op op : NextInstance.ops(new NextInstance.Template(series, created, registers, sets), due)) {
      tx.apply(op, null);
    }
  }

  /**
   * The successor is held already. When it is deleted and has no successor of its own, nothing
   * finished it as a task of the series: an undo took it back together with the finish that made
   * it (undoing a command deletes the nodes it created). Finishing the task again brings it back,
   * so the series keeps its one live task. A successor a person deleted made its own successor when
   * it was deleted, and stays deleted (only when the series had ended there does a task reopened
   * and finished again bring it back).
   */
  private static void reviveIfUndone(Tx tx, LocalOps writer, Series series, String next) throws SQLException {
    Node successor = tx.queries().node(next);
    Hlc successorCreated = tx.queries().createdHlc(next);
    if (successor == null || !successor.deleted() || successorCreated == null
        || series.occurrence() + 1 == Series.MAX_OCCURRENCE) {
      return;
    }
    if (!tx.queries().holds(NextInstance.nodeId(series.id(), series.occurrence() + 2, successorCreated))) {
      writer.setIfChanged(successor, Field.DELETED, new Value.Flag(false));
    }
  }

  static boolean isFinished(Node node) {
    return node.deleted() || "done".equals(node.status()) || "cancelled".equals(node.status());
  }

  /** The node's visible place in a series, or null. */
  static Series seriesOf(Tx tx, String id) {
    String text = visible(tx, id, Field.SERIES);
    return text == null ? null : Series.parse(text);
  }

  private static String visible(Tx tx, String id, Field field) {
    List<MergeState.Entry> heads = tx.heads(id, field);
    return heads.isEmpty() || !(heads.getLast().value() instanceof Value.Text(String text)) ? null : text;
  }
}
