package dev.heph.core.recur;

import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.Series;
import dev.heph.core.op.Value;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The ops that make the next task of a recurring series: a pure function of the finished task's
 * state, so that every device (and the CLI and the daemon on one file) that makes the same
 * occurrence makes byte-identical ops, which every log deduplicates by their hlc.
 *
 * <ul>
 *   <li>The node id is a UUID (version 8) derived from the series id and the occurrence number.
 *   <li>Each op's hlc: the millisecond after the finished task's creation, counter 0, and as origin
 *       16 hex digits of a SHA-256 of the op's content. So two devices that copied the same values
 *       make the same ops; two that copied different values (one had not yet seen an edit) make
 *       distinct ops that merge as concurrent writes, never one hlc with two bodies, which the hub
 *       would refuse. With counter 0, every op a replica makes once it holds the new task's create
 *       (an edit, its completion) is stamped after all of the task's derived ops.
 * </ul>
 *
 * See docs/design.md, "Recurrence", for why these stamps are valid clock readings.
 */
public final class NextInstance {
  private NextInstance() {}

  /**
   * A finished task's state that its successor copies: its series position, its creation stamp,
   * the registers to copy (non-null values only; never status, due, series or deleted) and the
   * elements of the sets to copy.
   */
  public record Template(Series series, Hlc created, Map<Field, Value> registers, Map<Field, List<Value>> sets) {
    public Template {
      registers = Map.copyOf(registers);
      sets = Map.copyOf(sets);
    }
  }

  /** The id of occurrence {@code occurrence} of {@code series}, made after a task created at {@code created}. */
  public static String nodeId(String series, long occurrence, Hlc created) {
    byte[] h = sha256("heph-recur-node\n" + series + "\n" + occurrence);
    long millis = stampMillis(created);
    long hi = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x8000L | ((h[0] & 0x0FL) << 8) | (h[1] & 0xFFL);
    long lo = 0x8000_0000_0000_0000L | ((h[2] & 0x3FL) << 56);
    for (int i = 3; i < 10; i++) {
      lo |= (h[i] & 0xFFL) << (8 * (9 - i));
    }
    String hex = HexFormat.of().toHexDigits(hi) + HexFormat.of().toHexDigits(lo);
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20)
        + "-" + hex.substring(20);
  }

  /** The millis of every op of the successor of a task created at {@code created}: one later. */
  private static long stampMillis(Hlc created) {
    return Math.min(created.millis() + 1, Hlc.MAX_MILLIS);
  }

  /**
   * The ops making the successor of {@code t}, due {@code due}: create first, then in field order,
   * but {@code recur} last: applied in this order (as every log receives them), a replica that
   * shows the task recurring holds everything it needs to make the next one.
   */
  public static List<Op> ops(Template t, String due) {
    Series next = t.series().next();
    String node = nodeId(next.id(), next.occurrence(), t.created());
    long millis = stampMillis(t.created());
    List<Op> ops = new ArrayList<>();
    ops.add(new Op.Create(stamp(millis, node, "create", "", "\"task\""), node, "task"));
    List<Field> order = new ArrayList<>(List.of(Field.values()));
    order.remove(Field.RECUR);
    order.add(Field.RECUR);
    for (Field f : order) {
      Value v = switch (f) {
        case STATUS -> Value.text("open");
        case DUE -> Value.text(due);
        case SERIES -> Value.text(next.text());
        default -> t.registers().get(f);
      };
      if (f.isRegister() && v != null && !(v instanceof Value.Null)) {
        ops.add(new Op.Set(stamp(millis, node, "set", f.wireName(), v.json()), node, f, v, List.of()));
      }
      if (f.isSet()) {
        for (Value e : t.sets().getOrDefault(f, List.of())) {
          ops.add(new Op.Add(stamp(millis, node, "add", f.wireName(), e.json()), node, f, e));
        }
      }
    }
    return ops;
  }

  private static Hlc stamp(long millis, String node, String op, String field, String valueJson) {
    byte[] h = sha256("heph-recur-op\n" + node + "\n" + op + "\n" + field + "\n" + valueJson);
    return new Hlc(millis, 0, HexFormat.of().formatHex(h, 0, 8));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
