package dev.heph.core.op;

import dev.heph.core.HephException;
import dev.heph.core.clock.Hlc;
import java.util.List;

/**
 * An immutable change to one node: the unit of storage and sync. Its {@link #hlc()} is its
 * identity. Constructors validate the shape, so a record that exists is a well-formed op.
 */
public sealed interface Op {

  Hlc hlc();

  String node();

  /** The node comes into being with its kind ({@code task} or {@code note}). */
  record Create(Hlc hlc, String node, String kind) implements Op {
    public Create {
      requireNode(hlc, node);
      if (!"task".equals(kind) && !"note".equals(kind)) {
        throw invalid(hlc, "create value must be \"task\" or \"note\", got " + kind);
      }
    }
  }

  /** Writes a register field; {@code prev} names the heads the author saw for that field. */
  record Set(Hlc hlc, String node, Field field, Value value, List<Hlc> prev) implements Op {
    public Set {
      requireNode(hlc, node);
      if (field == null || !field.isRegister()) {
        throw invalid(hlc, "set needs a register field (" + names(false) + "), got "
            + (field == null ? null : field.wireName()));
      }
      requireValue(hlc, field, value);
      prev = List.copyOf(prev);
    }
  }

  /** Adds one element to a set field (a tag, a link, an annotation, a uda). */
  record Add(Hlc hlc, String node, Field field, Value value) implements Op {
    public Add {
      requireNode(hlc, node);
      requireSetField(hlc, field);
      requireValue(hlc, field, value);
    }
  }

  /** Removes the elements added by the {@code add} ops named in {@code prev}, and only those. */
  record Remove(Hlc hlc, String node, Field field, Value value, List<Hlc> prev) implements Op {
    public Remove {
      requireNode(hlc, node);
      requireSetField(hlc, field);
      requireValue(hlc, field, value);
      prev = List.copyOf(prev);
    }
  }

  /** The op kind as it appears in the JSON {@code op} key. */
  default String opName() {
    return switch (this) {
      case Create c -> "create";
      case Set s -> "set";
      case Add a -> "add";
      case Remove r -> "remove";
    };
  }

  private static void requireNode(Hlc hlc, String node) {
    if (hlc == null) {
      throw new HephException.InvalidOp("op has no hlc");
    }
    if (!NodeId.isValid(node)) {
      throw invalid(hlc, "bad node id '" + node + "': expected a lowercase UUID");
    }
  }

  private static void requireSetField(Hlc hlc, Field field) {
    if (field == null || !field.isSet()) {
      throw invalid(hlc, "add/remove need a set field (" + names(true) + "), got "
          + (field == null ? null : field.wireName()));
    }
  }

  private static void requireValue(Hlc hlc, Field field, Value value) {
    String reason = value == null ? "is missing" : field.rejects(value);
    if (reason != null) {
      throw invalid(hlc, "value of " + field.wireName() + " " + reason);
    }
  }

  /** The wire names of the set fields, or of the registers. */
  private static String names(boolean sets) {
    return String.join(", ", java.util.Arrays.stream(Field.values()).filter(f -> f.isSet() == sets)
        .map(Field::wireName).toList());
  }

  private static HephException.InvalidOp invalid(Hlc hlc, String reason) {
    return new HephException.InvalidOp("op " + hlc + ": " + reason);
  }
}
