package dev.heph.core;

import dev.heph.core.op.Field;
import dev.heph.core.op.Value;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The task fields an add or an edit may set besides the first ones: project, the dates and the
 * UDAs, checked before the transaction begins. A null register means "leave as is",
 * {@link Value#NULL} unsets it; a UDA mapped to null is unset.
 */
record TaskFields(Value project, Value scheduled, Value waitUntil, Value until, SortedMap<String, String> udas) {

  /**
   * Reads what a person typed: {@code none} or an empty string unsets a register, an empty UDA
   * value unsets that UDA; dates go through {@code moment} (the replica's reading of dates).
   */
  static TaskFields of(String project, String scheduled, String wait, String until, Map<String, String> udas,
      UnaryOperator<String> moment) {
    TreeMap<String, String> checked = new TreeMap<>(); // key order: ops come out the same on every run
    udas.forEach((key, value) -> {
      String k = Inputs.udaKey(key);
      if (checked.containsKey(k)) {
        throw new HephException.InvalidInput("uda '" + k + "' is given twice");
      }
      checked.put(k, value == null || value.isEmpty() ? null : Inputs.text("uda " + k, value));
    });
    return new TaskFields(
        project == null ? null : Inputs.isUnset(project) ? Value.NULL : Value.text(Inputs.project(project)),
        date(scheduled, moment), date(wait, moment), date(until, moment), checked);
  }

  private static Value date(String text, UnaryOperator<String> moment) {
    return text == null ? null : Inputs.isUnset(text) ? Value.NULL : Value.text(moment.apply(text));
  }

  /** True when nothing is to be written. */
  boolean isEmpty() {
    return project == null && scheduled == null && waitUntil == null && until == null && udas.isEmpty();
  }

  /** Writes what differs from {@code node}'s state, in one transaction's ops. */
  void write(LocalOps w, Node node) {
    if (project != null) {
      w.setIfChanged(node, Field.PROJECT, project);
    }
    if (scheduled != null) {
      w.setIfChanged(node, Field.SCHEDULED, scheduled);
    }
    if (waitUntil != null) {
      w.setIfChanged(node, Field.WAIT, waitUntil);
    }
    if (until != null) {
      w.setIfChanged(node, Field.UNTIL, until);
    }
    udas.forEach((key, value) -> {
      if (value == null) {
        if (!w.removeElements(node.id(), Field.UDAS, e -> ((Value.Uda) e.value()).key().equals(key))) {
          throw new HephException.InvalidInput("node " + node.id() + " has no uda '" + key + "'");
        }
      } else {
        w.replaceElements(node.id(), Field.UDAS, e -> ((Value.Uda) e.value()).key().equals(key),
            new Value.Uda(key, value));
      }
    });
  }
}
