package dev.heph.sync.hub;

import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.NodeId;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpWriter;
import dev.heph.core.op.Value;
import dev.heph.testkit.RandomText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Random push bodies from one made-up device: creates, titles, bodies, tags and links with random
 * valid text, written raw or as {@code \}{@code u} escapes, some ops repeated from earlier batches
 * (in either form). About one batch in three is poisoned with one text that is not Unicode (an
 * escaped unpaired surrogate) or with bytes that are not UTF-8 inside a string.
 */
final class RandomPushes {
  /** A push as sent: its bytes, the ops it means, and its poison (null when it has none). */
  record Batch(byte[] body, List<Op> ops, String poison) {}

  /** Byte sequences that are not UTF-8 (or a NUL byte), each put inside a JSON string. */
  static final List<String> BAD_BYTES = List.of("C0AF", "C1BF", "E080AF", "F08080AF", "EDA080", "EDA0BDEDB880",
      "F4908080", "F5808080", "E282", "80", "FE", "FF", "00");
  static final String SURROGATE = "unpaired surrogate";

  /** Put where the bad bytes go; its control characters are escaped in the JSON, so it occurs nowhere else. */
  private static final String MARK = "\u0002POISON\u0003";

  private final Random random;
  private final String origin;
  private long millis = System.currentTimeMillis() - 600_000;
  private final List<String> nodes = new ArrayList<>();
  private final List<Op> sentBefore = new ArrayList<>();

  RandomPushes(Random random) {
    this.random = random;
    this.origin = HexFormat.of().formatHex(bytes(8));
  }

  /** Records the ops of a batch the hub accepted, so that later batches may repeat them. */
  void accepted(Batch batch) {
    sentBefore.addAll(batch.ops());
  }

  Batch next() {
    int n = 1 + random.nextInt(6);
    int poisonAt = random.nextInt(3) == 0 ? random.nextInt(n) : -1;
    String poison = null;
    List<Op> ops = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i != poisonAt && !sentBefore.isEmpty() && random.nextInt(5) == 0) {
        Op again = sentBefore.get(random.nextInt(sentBefore.size()));
        ops.add(again);
        parts.add(json(again, random.nextBoolean()));
      } else if (nodes.isEmpty() || random.nextInt(4) == 0) {
        Op create = new Op.Create(nextHlc(), newNode(), random.nextBoolean() ? "task" : "note");
        nodes.add(create.node());
        ops.add(create);
        parts.add(json(create, false));
        i--; // a create comes before the op of this turn, not instead of it
      } else if (i == poisonAt) {
        poison = random.nextBoolean() ? SURROGATE : BAD_BYTES.get(random.nextInt(BAD_BYTES.size()));
        String text = poison.equals(SURROGATE) ? RandomText.invalid(random, 30, false)
            : RandomText.valid(random, 10, false) + MARK + RandomText.valid(random, 10, false);
        parts.add(poisoned(text));
      } else {
        Op op = validOp();
        ops.add(op);
        parts.add(json(op, random.nextBoolean()));
      }
    }
    byte[] body = ("{\"ops\":[" + String.join(",", parts) + "]}").getBytes(StandardCharsets.UTF_8);
    if (poison != null && !poison.equals(SURROGATE)) {
      body = replaceMark(body, HexFormat.of().parseHex(poison));
    }
    return new Batch(body, ops, poison);
  }

  private Op validOp() {
    String node = nodes.get(random.nextInt(nodes.size()));
    return switch (random.nextInt(4)) {
      case 0 -> new Op.Set(nextHlc(), node, Field.TITLE, Value.text(RandomText.valid(random, 40, true)), List.of());
      case 1 -> new Op.Set(nextHlc(), node, Field.BODY, Value.text(RandomText.valid(random, 300, false)), List.of());
      case 2 -> new Op.Add(nextHlc(), node, Field.TAGS, Value.text(RandomText.tag(random, true)));
      default -> new Op.Add(nextHlc(), node, Field.LINKS,
          new Value.Link(RandomText.tag(random, true), nodes.get(random.nextInt(nodes.size()))));
    };
  }

  /** An op whose text is bad: a title, body, tag or link type. */
  private String poisoned(String text) {
    String node = nodes.get(random.nextInt(nodes.size()));
    String value = literal(text, random.nextBoolean());
    return "{\"hlc\":\"" + nextHlc() + "\",\"node\":\"" + node + "\"," + switch (random.nextInt(4)) {
      case 0 -> "\"op\":\"set\",\"field\":\"title\",\"value\":" + value + ",\"prev\":[]}";
      case 1 -> "\"op\":\"set\",\"field\":\"body\",\"value\":" + value + ",\"prev\":[]}";
      case 2 -> "\"op\":\"add\",\"field\":\"tags\",\"value\":" + value + "}";
      default -> "\"op\":\"add\",\"field\":\"links\",\"value\":{\"type\":" + value + ",\"to\":\"" + node + "\"}}";
    };
  }

  /** An op's JSON: canonical, or with every non-ASCII character as an escape (it means the same). */
  private static String json(Op op, boolean escaped) {
    String canonical = OpWriter.toJson(op);
    if (!escaped) {
      return canonical;
    }
    StringBuilder sb = new StringBuilder();
    canonical.chars().forEach(c -> sb.append(c < 0x7f ? Character.toString(c) : String.format("\\u%04x", c)));
    return sb.toString();
  }

  /**
   * A JSON string literal for text that may hold unpaired surrogates (they become escapes, the only
   * way to send one); {@code escapeAll} escapes every other non-ASCII character too.
   */
  static String literal(String s, boolean escapeAll) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean paired = Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
          : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || (escapeAll && c > 0x7e) || (Character.isSurrogate(c) && !paired)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  private static byte[] replaceMark(byte[] body, byte[] with) {
    byte[] mark = literal(MARK, false).replace("\"", "").getBytes(StandardCharsets.UTF_8);
    int at = indexOf(body, mark, 0);
    if (at < 0 || indexOf(body, mark, at + 1) >= 0) {
      throw new AssertionError("the poison mark must occur once");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(body, 0, at);
    out.writeBytes(with);
    out.write(body, at + mark.length, body.length - at - mark.length);
    return out.toByteArray();
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private Hlc nextHlc() {
    return new Hlc(millis++, 0, origin);
  }

  private String newNode() {
    return NodeId.newId(millis, bytes(10));
  }

  private byte[] bytes(int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }
}
