package dev.heph.core.op;

import dev.heph.core.clock.Hlc;
import java.util.List;

/**
 * Writes an op in its canonical JSON form (the form the op log stores and sync sends), which
 * {@link OpReader} reads back to an equal op.
 */
public final class OpWriter {
  private OpWriter() {}

  /**
   * The canonical JSON text of an op (keys in a fixed order, no spaces). Built by hand: this runs
   * once per op stored, and a Jackson generator per op costs more than the rest of the encoding.
   */
  public static String toJson(Op op) {
    StringBuilder sb = new StringBuilder(160);
    sb.append("{\"hlc\":\"").append(op.hlc()).append("\",\"node\":\"").append(op.node())
        .append("\",\"op\":\"").append(op.opName()).append('"');
    switch (op) {
      case Op.Create c -> sb.append(",\"value\":").append(Json.quote(c.kind()));
      case Op.Set s -> appendField(sb, s.field(), s.value()).append(",\"prev\":").append(prevJson(s.prev()));
      case Op.Add a -> appendField(sb, a.field(), a.value());
      case Op.Remove r -> appendField(sb, r.field(), r.value()).append(",\"prev\":").append(prevJson(r.prev()));
    }
    return sb.append('}').toString();
  }

  private static StringBuilder appendField(StringBuilder sb, Field field, Value value) {
    return sb.append(",\"field\":\"").append(field.wireName()).append("\",\"value\":").append(value.json());
  }

  private static String prevJson(List<Hlc> prev) {
    StringBuilder sb = new StringBuilder(2 + prev.size() * 42).append('[');
    for (int i = 0; i < prev.size(); i++) {
      sb.append(i == 0 ? "\"" : ",\"").append(prev.get(i)).append('"');
    }
    return sb.append(']').toString();
  }
}
