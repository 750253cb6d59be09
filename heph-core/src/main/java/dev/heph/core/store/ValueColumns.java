package dev.heph.core.store;

import dev.heph.core.op.Field;
import dev.heph.core.op.Json;
import dev.heph.core.op.OpReader;
import dev.heph.core.op.Value;
import java.util.List;

/** Encodes values for the tables (the nodes table's plain columns, the entries table's JSON texts) and back. */
final class ValueColumns {
  private ValueColumns() {}

  /** The column value for a register's visible value: text, 0/1 for {@code deleted}, or null. */
  static Object toColumn(Field field, Value visible) {
    if (field == Field.DELETED) {
      return visible instanceof Value.Flag(boolean on) && on ? 1 : 0;
    }
    return switch (visible) {
      case Value.Null n -> null;
      case Value.Text(String text) -> text;
      // Op.Set refuses these for every register but deleted, so they never reach a column.
      case Value.Flag f -> throw new IllegalStateException("a flag in register " + field.wireName());
      case Value.Link l -> throw new IllegalStateException("a link in register " + field.wireName());
      case Value.Annotation a -> throw new IllegalStateException("an annotation in register " + field.wireName());
      case Value.Uda u -> throw new IllegalStateException("a uda in register " + field.wireName());
    };
  }

  /**
   * The column value for a set's visible elements: their canonical texts as one JSON array; for
   * {@code udas}, one JSON object of key to value (the elements come one per key, in key order).
   */
  static String toSetColumn(Field field, List<Value> elements) {
    if (field == Field.UDAS) {
      StringBuilder sb = new StringBuilder("{");
      for (Value v : elements) {
        Value.Uda uda = (Value.Uda) v; // Field.UDAS accepts nothing else
        sb.append(sb.length() == 1 ? "" : ",").append(Json.quote(uda.key())).append(':')
            .append(Json.quote(uda.value()));
      }
      return sb.append('}').toString();
    }
    StringBuilder sb = new StringBuilder("[");
    for (Value v : elements) {
      sb.append(sb.length() == 1 ? "" : ",").append(v.json());
    }
    return sb.append(']').toString();
  }

  /** A field's column in a row no op has written yet (as the schema's defaults). */
  static Object emptyColumn(Field field) {
    return field == Field.DELETED ? 0 : field == Field.UDAS ? "{}" : field.isSet() ? "[]" : null;
  }

  /**
   * A value from its canonical text in the {@code entries} table; the usual shapes without an
   * escape skip the JSON parser (this runs for every head a batch of ops reads).
   */
  static Value toValue(String json) {
    return switch (json) {
      case "null" -> Value.NULL;
      case "true" -> new Value.Flag(true);
      case "false" -> new Value.Flag(false);
      default -> json.length() >= 2 && json.charAt(0) == '"' && json.indexOf('\\') < 0
          ? new Value.Text(json.substring(1, json.length() - 1))
          : OpReader.parseValue(json);
    };
  }
}
