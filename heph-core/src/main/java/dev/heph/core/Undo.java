package dev.heph.core;

import dev.heph.core.HephException.UndoRefused;
import dev.heph.core.clock.Hlc;
import dev.heph.core.merge.MergeState;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpReader;
import dev.heph.core.op.Value;
import dev.heph.core.store.CommandJournal;
import dev.heph.core.store.Tx;
import dev.heph.core.sync.LoggedOp;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reverts the last local command by writing new ops, so an undo syncs like any edit and history is
 * never rewritten: a {@code set} goes back to the value(s) it replaced ({@code prev} naming today's
 * heads), an {@code add} is removed, a {@code remove} re-added, a created node deleted.
 *
 * <p>Undo is a stack, as in Taskwarrior: each undo takes the latest command that is neither an
 * undo nor undone, so repeating it walks further back; an undo is never itself undone (no redo).
 * It refuses, changing nothing, when an op that reached this replica after the command (from
 * another device, or any op not cancelled by an undo) touches a field the command changed; for set
 * fields only an op on the same element counts, and for a created node any later op does.
 */
final class Undo {
  private final Tx tx;
  private final LocalOps writer;
  private final CommandJournal journal;

  private Undo(Tx tx, LocalOps writer) {
    this.tx = tx;
    this.writer = writer;
    this.journal = tx.journal();
  }

  /** Undoes the last undoable command in {@code tx}, issuing ops through {@code writer}. */
  static Undone run(Tx tx, LocalOps writer) throws SQLException {
    return new Undo(tx, writer).run();
  }

  /**
   * One node's part of the command: its id, its title now (null while its create has not arrived:
   * a command may have edited a node seen in part), its ops, and whether the command created it.
   */
  private record Part(String id, String title, List<Op> ops, boolean created) {}

  private Undone run() throws SQLException {
    CommandJournal.Entry entry = journal.lastUndoable().orElseThrow(() -> new UndoRefused(
        UndoRefused.Kind.NOTHING_TO_UNDO, "nothing to undo: every command made on this device is undone already"));
    Map<String, List<Op>> byNode = new LinkedHashMap<>();
    for (LoggedOp row : journal.ops(entry)) {
      Op op = OpReader.parse(row.json());
      byNode.computeIfAbsent(op.node(), n -> new ArrayList<>()).add(op);
    }
    List<Part> parts = new ArrayList<>();
    for (Map.Entry<String, List<Op>> e : byNode.entrySet()) {
      boolean created = e.getValue().stream().anyMatch(op -> op instanceof Op.Create);
      Node node = tx.queries().node(e.getKey());
      parts.add(new Part(e.getKey(), node == null ? null : node.title(), e.getValue(), created));
    }
    refuseLaterChanges(entry, parts);
    journal.undoing(entry);
    List<Undone.Item> items = new ArrayList<>();
    for (Part part : parts) {
      revert(part);
      items.add(item(part));
    }
    return new Undone(items);
  }

  /** Refuses when an op that came after the command touches what it changed, naming fields and devices. */
  private void refuseLaterChanges(CommandJournal.Entry entry, List<Part> parts) throws SQLException {
    // device -> fields it touched later, over every node, in a stable order for the message
    Map<String, Set<String>> touched = new TreeMap<>();
    for (Part part : parts) {
      Set<String> elements = new HashSet<>();
      Set<Field> fields = EnumSet.noneOf(Field.class);
      for (Op op : part.ops()) {
        Field f = field(op);
        if (f != null) {
          fields.add(f);
          if (f.isSet()) {
            elements.add(element(op));
          }
        }
      }
      for (LoggedOp row : journal.laterOps(part.id(), entry)) {
        Op later = OpReader.parse(row.json());
        Field f = field(later);
        boolean clash = part.created() || (f != null && fields.contains(f)
            && (f.isRegister() || elements.contains(element(later))));
        if (clash) {
          String device = later.hlc().origin().equals(tx.origin()) ? "this device" : "device " + later.hlc().origin();
          touched.computeIfAbsent(device, d -> new TreeSet<>()).add(f == null ? "the node itself" : f.wireName());
        }
      }
    }
    if (touched.isEmpty()) {
      return;
    }
    List<String> by = new ArrayList<>();
    touched.forEach((device, fields) -> by.add(String.join(", ", fields) + " (by " + device + ")"));
    String what = parts.size() == 1 ? item(parts.getFirst()).describe() : "the last command (" + parts.size() + " nodes)";
    throw new UndoRefused(UndoRefused.Kind.LATER_CHANGE, "cannot undo " + what + ": later changes touch "
        + String.join("; ", by) + "; nothing was changed");
  }

  private void revert(Part part) throws SQLException {
    if (part.created()) {
      writer.setIfChanged(tx.queries().node(part.id()), Field.DELETED, new Value.Flag(true));
      return;
    }
    Map<Field, List<Op>> byField = new LinkedHashMap<>();
    for (Op op : part.ops()) {
      byField.computeIfAbsent(field(op), f -> new ArrayList<>()).add(op);
    }
    for (Map.Entry<Field, List<Op>> e : byField.entrySet()) {
      if (e.getKey().isRegister()) {
        revertRegister(part.id(), e.getKey(), e.getValue());
      } else {
        revertSet(part.id(), e.getKey(), e.getValue());
      }
    }
  }

  /**
   * Writes back the values the command's sets replaced: those of the ops they named in {@code prev}
   * (outside the command itself). Several values (the command resolved a conflict) come back as
   * several concurrent heads, the conflict as it was; no value at all comes back as null.
   */
  private void revertRegister(String node, Field field, List<Op> sets) throws SQLException {
    Set<Hlc> own = new HashSet<>();
    sets.forEach(op -> own.add(op.hlc()));
    Set<Value> before = new LinkedHashSet<>();
    for (Op op : sets) {
      for (Hlc named : ((Op.Set) op).prev()) {
        String json = own.contains(named) ? null : journal.opJson(named.toString());
        if (json != null && OpReader.parse(json) instanceof Op.Set replaced) {
          before.add(replaced.value());
        }
      }
    }
    if (before.isEmpty()) {
      before.add(Value.NULL);
    }
    List<MergeState.Entry> heads = tx.heads(node, field);
    if (before.size() == 1 && !heads.isEmpty() && heads.stream().allMatch(h -> h.value().equals(before.iterator().next()))) {
      return;
    }
    List<Hlc> prev = heads.stream().map(MergeState.Entry::hlc).toList();
    for (Value value : before) {
      writer.apply(new Op.Set(writer.next(), node, field, value, prev));
    }
  }

  /** Removes what the command added and re-adds what it removed; the command's last op on an element decides. */
  private void revertSet(String node, Field field, List<Op> ops) {
    Map<String, Op> last = new LinkedHashMap<>(); // by value: a UDA's old and new value are two elements here
    ops.forEach(op -> last.put(value(op).json(), op));
    for (Op op : last.values()) {
      switch (op) {
        case Op.Add add -> writer.removeElements(node, field, e -> e.value().equals(add.value()));
        case Op.Remove remove -> {
          if (tx.heads(node, field).stream().noneMatch(e -> e.value().equals(remove.value()))) {
            writer.apply(new Op.Add(writer.next(), node, field, remove.value()));
          }
        }
        case Op.Set s -> throw new IllegalStateException("a set on the set field " + field.wireName());
        case Op.Create c -> throw new IllegalStateException("a create has no field");
      }
    }
  }

  /** How the undo describes what the command did to a node. */
  private static Undone.Item item(Part part) {
    if (part.created()) {
      return new Undone.Item(part.id(), part.title(), "add", List.of());
    }
    Set<Field> fields = EnumSet.noneOf(Field.class);
    part.ops().forEach(op -> fields.add(field(op)));
    Op lastOp = part.ops().getLast();
    Value lastValue = lastOp instanceof Op.Set s ? s.value() : null;
    String action = fields.equals(EnumSet.of(Field.DELETED))
        ? (new Value.Flag(true).equals(lastValue) ? "delete" : "restore")
        : fields.equals(EnumSet.of(Field.STATUS)) && Value.text("done").equals(lastValue) ? "done" : "edit";
    return new Undone.Item(part.id(), part.title(), action,
        action.equals("edit") ? fields.stream().map(Field::wireName).toList() : List.of());
  }

  /** The field an op writes; null for a create. */
  private static Field field(Op op) {
    return switch (op) {
      case Op.Create c -> null;
      case Op.Set s -> s.field();
      case Op.Add a -> a.field();
      case Op.Remove r -> r.field();
    };
  }

  /**
   * Which element of a set field an add or remove is about: two ops on one element clash. A UDA is
   * a register per key, so its element is the key (another value for it clashes too).
   */
  private static String element(Op op) {
    Value value = value(op);
    return switch (value) {
      case null -> "";
      case Value.Uda(String key, String v) -> "uda " + key;
      default -> value.json();
    };
  }

  /** The value an op writes; null for a create. */
  private static Value value(Op op) {
    return switch (op) {
      case Op.Add a -> a.value();
      case Op.Remove r -> r.value();
      case Op.Set s -> s.value();
      case Op.Create c -> null;
    };
  }
}
