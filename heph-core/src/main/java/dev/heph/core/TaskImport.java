package dev.heph.core;

import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.Series;
import dev.heph.core.op.Value;
import dev.heph.core.store.Tx;
import dev.heph.core.taskwarrior.TaskwarriorTask;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Writes imported tasks as nodes with the same ids, inside one transaction, comparing before
 * writing: a field that already holds the imported value gets no op, so importing the same file
 * twice changes nothing. Registers the import manages are set (or unset) to what the file says;
 * sets are made equal to it (only {@code depends} links: other links are the person's own).
 */
final class TaskImport {
  private final Tx tx;
  private final LocalOps writer;
  private int added;
  private int updated;
  private int unchanged;

  private TaskImport(Tx tx, LocalOps writer) {
    this.tx = tx;
    this.writer = writer;
  }

  /** Imports {@code tasks} in order; returns the counts. */
  static ImportReport run(Tx tx, LocalOps writer, List<TaskwarriorTask> tasks) throws SQLException {
    TaskImport in = new TaskImport(tx, writer);
    for (int i = 0; i < tasks.size(); i++) {
      in.write(i + 1, tasks.get(i));
    }
    return new ImportReport(in.added, in.updated, in.unchanged);
  }

  /** The state a task should have: each managed register's value, each managed set's elements. */
  private record Desired(Map<Field, Value> registers, Map<Field, Set<Value>> sets) {}

  private static final Predicate<Value> DEPENDS = v -> v instanceof Value.Link(String type, String to)
      && type.equals(Node.DEPENDS);

  /** Writes the task at {@code position} (from 1, named in errors as the reader names them). */
  private void write(int position, TaskwarriorTask task) throws SQLException {
    Desired want = desired(task);
    Node node = tx.queries().node(task.id());
    if (node != null && !node.isTask()) {
      throw new HephException.InvalidInput("task " + position + " (" + task.id() + "): heph holds a note with this id;"
          + " a task cannot be imported over a note");
    }
    if (node == null) {
      writer.apply(new Op.Create(writer.next(), task.id(), "task"));
    }
    boolean changed = false;
    for (Map.Entry<Field, Value> e : want.registers().entrySet()) {
      changed |= writer.setIfChanged(task.id(), e.getKey(), e.getValue());
    }
    for (Map.Entry<Field, Set<Value>> e : want.sets().entrySet()) {
      changed |= makeEqual(task.id(), e.getKey(), e.getValue());
    }
    if (node == null) {
      added++;
    } else if (changed) {
      updated++;
    } else {
      unchanged++;
    }
  }

  /** Adds the missing elements and removes the extra ones (of links, only {@code depends} links). */
  private boolean makeEqual(String id, Field field, Set<Value> want) {
    Set<Value> have = new LinkedHashSet<>();
    tx.heads(id, field).forEach(e -> have.add(e.value()));
    Predicate<Value> managed = field == Field.LINKS ? DEPENDS : v -> true;
    boolean changed = writer.removeElements(id, field, e -> managed.test(e.value()) && !want.contains(e.value()));
    for (Value v : want) {
      if (!have.contains(v)) {
        writer.apply(new Op.Add(writer.next(), id, field, v));
        changed = true;
      }
    }
    return changed;
  }

  /**
   * The node a task becomes. A value a heph field refuses (a priority or recurrence of the
   * person's own) is kept with the other unknown keys instead, verbatim, so nothing is lost.
   */
  private static Desired desired(TaskwarriorTask task) {
    Map<String, String> udas = new TreeMap<>(task.udas());
    // In this order: a series before its recur (a device that sees a task recur can make its next).
    Map<Field, Value> registers = new LinkedHashMap<>();
    registers.put(Field.TITLE, Value.text(task.title()));
    registers.put(Field.STATUS, Value.text(task.status()));
    registers.put(Field.DELETED, new Value.Flag(task.deleted()));
    register(registers, udas, Field.PRIORITY, "priority", task.priority());
    register(registers, udas, Field.DUE, "due", task.due());
    Value due = registers.get(Field.DUE);
    if (task.recur() != null && Field.RECUR.rejects(Value.text(task.recur())) == null && due instanceof Value.Text(String anchor)
        && !task.deleted() && ("open".equals(task.status()) || "doing".equals(task.status()))) {
      // A live instance of a Taskwarrior series starts a heph series at itself: finishing it in
      // heph makes the next (Taskwarrior's template stays as it was imported, deleted).
      registers.put(Field.SERIES, Value.text(Series.startingAt(task.id(), anchor).text()));
    }
    register(registers, udas, Field.RECUR, "recur", task.recur());
    register(registers, udas, Field.PROJECT, "project", task.project());
    register(registers, udas, Field.SCHEDULED, "scheduled", task.scheduled());
    register(registers, udas, Field.WAIT, "wait", task.hidden());
    register(registers, udas, Field.UNTIL, "until", task.until());
    register(registers, udas, Field.START, "start", task.start());
    Map<Field, Set<Value>> sets = new EnumMap<>(Field.class);
    sets.put(Field.TAGS, values(task.tags().stream().map(Value::text).toList()));
    sets.put(Field.LINKS, values(task.depends().stream().map(to -> (Value) new Value.Link(Node.DEPENDS, to)).toList()));
    sets.put(Field.ANNOTATIONS, values(task.annotations().stream()
        .map(a -> (Value) new Value.Annotation(a.entry(), a.text())).toList()));
    sets.put(Field.UDAS, values(udas.entrySet().stream()
        .map(e -> (Value) new Value.Uda(e.getKey(), e.getValue())).toList()));
    return new Desired(registers, sets);
  }

  private static void register(Map<Field, Value> registers, Map<String, String> udas, Field field, String key, String text) {
    Value value = Value.text(text);
    if (field.rejects(value) != null) {
      udas.put(key, text);
      value = Value.NULL;
    }
    registers.put(field, value);
  }

  private static Set<Value> values(List<Value> values) {
    return new LinkedHashSet<>(values);
  }
}
