package dev.heph.core.op;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.HephException;
import dev.heph.core.clock.Hlc;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the strict JSON form of ops, which is also the sync wire format. Every key of an op's
 * shape must be present and no other may be; values must have the field's type. Errors name the op
 * (its hlc when that much could be read, else its position) and the reason.
 */
public final class OpReader {
  private OpReader() {}

  /** Parses exactly one op from a JSON text. */
  public static Op parse(String json) {
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new HephException.InvalidOp("op: expected a JSON object");
      }
      Op op = read(p, "op");
      boolean trailing;
      try {
        trailing = p.nextToken() != null;
      } catch (IOException e) {
        trailing = true;
      }
      if (trailing) {
        throw new HephException.InvalidOp("op " + op.hlc() + ": malformed JSON: trailing content after the object");
      }
      return op;
    } catch (IOException e) {
      throw new HephException.InvalidOp("op: malformed JSON: " + Json.problem(e));
    }
  }

  /**
   * Reads one op; the parser is on its START_OBJECT. {@code where} names the op in errors
   * until its hlc is known (e.g. "ops[3]").
   */
  public static Op read(JsonParser p, String position) throws IOException {
    String where = position;
    String hlcText = null;
    String node = null;
    String kind = null;
    String field = null;
    Object raw = null;
    boolean hasValue = false;
    List<String> prev = null;
    java.util.Set<String> seen = new java.util.HashSet<>(8);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (!seen.add(key)) {
        throw new HephException.InvalidOp(where + ": duplicate key '" + key + "'");
      }
      JsonToken t = p.nextToken();
      switch (key) {
        case "hlc" -> {
          hlcText = text(p, t, where, key);
          if (isHlc(hlcText)) {
            where = "op " + hlcText; // from here on, errors name the op by its identity
          }
        }
        case "node" -> node = text(p, t, where, key);
        case "op" -> kind = text(p, t, where, key);
        case "field" -> field = text(p, t, where, key);
        case "value" -> {
          raw = readRaw(p, t, where);
          hasValue = true;
        }
        case "prev" -> prev = readPrev(p, t, where);
        default -> throw new HephException.InvalidOp(where + ": unknown key '" + key + "'");
      }
    }
    if (hlcText == null) {
      throw new HephException.InvalidOp(where + ": missing key 'hlc'");
    }
    Hlc hlc;
    try {
      hlc = Hlc.parse(hlcText);
    } catch (HephException.InvalidOp e) {
      throw new HephException.InvalidOp(where + ": " + e.getMessage());
    }
    String named = "op " + hlc;
    require(node != null, named, "node");
    require(kind != null, named, "op");
    require(hasValue, named, "value");
    return switch (kind) {
      case "create" -> {
        forbid(field != null, named, "field");
        forbid(prev != null, named, "prev");
        if (!(raw instanceof String k)) {
          throw new HephException.InvalidOp(named + ": create value must be \"task\" or \"note\"");
        }
        yield new Op.Create(hlc, node, k);
      }
      case "set", "remove" -> {
        require(field != null, named, "field");
        require(prev != null, named, "prev");
        Field f = field(named, field);
        Value v = toValue(named, raw);
        List<Hlc> prevHlcs = new ArrayList<>(prev.size());
        for (String s : prev) {
          try {
            prevHlcs.add(Hlc.parse(s));
          } catch (HephException.InvalidOp e) {
            throw new HephException.InvalidOp(named + ": prev: " + e.getMessage());
          }
        }
        yield kind.equals("set")
            ? new Op.Set(hlc, node, f, v, prevHlcs)
            : new Op.Remove(hlc, node, f, v, prevHlcs);
      }
      case "add" -> {
        require(field != null, named, "field");
        forbid(prev != null, named, "prev");
        yield new Op.Add(hlc, node, field(named, field), toValue(named, raw));
      }
      default -> throw new HephException.InvalidOp(
          named + ": unknown op '" + kind + "' (expected create, set, add or remove)");
    };
  }

  private static boolean isHlc(String text) {
    try {
      Hlc.parse(text);
      return true;
    } catch (HephException.InvalidOp e) {
      return false;
    }
  }

  private static Field field(String named, String name) {
    try {
      return Field.named(name);
    } catch (HephException.InvalidOp e) {
      throw new HephException.InvalidOp(named + ": " + e.getMessage());
    }
  }

  private static void require(boolean present, String named, String key) {
    if (!present) {
      throw new HephException.InvalidOp(named + ": missing key '" + key + "'");
    }
  }

  private static void forbid(boolean present, String named, String key) {
    if (present) {
      throw new HephException.InvalidOp(named + ": key '" + key + "' does not belong to this op");
    }
  }

  private static String text(JsonParser p, JsonToken t, String where, String key) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw new HephException.InvalidOp(where + ": '" + key + "' must be a string");
    }
    return p.getText();
  }

  private static List<String> readPrev(JsonParser p, JsonToken t, String where) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      throw new HephException.InvalidOp(where + ": 'prev' must be an array of hlc strings");
    }
    List<String> out = new ArrayList<>(2);
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
      out.add(text(p, e, where, "prev"));
    }
    return out;
  }

  /** A value as read: null, String, Boolean, or an object value (link, annotation, uda). */
  private static Object readRaw(JsonParser p, JsonToken t, String where) throws IOException {
    return switch (t) {
      case VALUE_NULL -> null;
      case VALUE_STRING -> p.getText();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case START_OBJECT -> readObject(p, where);
      default -> throw new HephException.InvalidOp(
          where + ": 'value' must be a string, boolean, null or link, annotation or uda object, got " + p.getText());
    };
  }

  /**
   * An object value: its two keys (all strings) say which shape it is: {@code {"type","to"}} a
   * link, {@code {"entry","text"}} an annotation, {@code {"key","value"}} a UDA. Any other key,
   * a repeated or a missing one is refused.
   */
  private static Value readObject(JsonParser p, String where) throws IOException {
    java.util.Map<String, String> keys = new java.util.HashMap<>(4);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken vt = p.nextToken();
      if (!OBJECT_KEYS.contains(key)) {
        throw new HephException.InvalidOp(where + ": unknown key 'value." + key + "'");
      }
      if (keys.put(key, text(p, vt, where, "value." + key)) != null) {
        throw new HephException.InvalidOp(where + ": duplicate key 'value." + key + "'");
      }
    }
    if (keys.size() == 2 && keys.containsKey("type") && keys.containsKey("to")) {
      return new Value.Link(keys.get("type"), keys.get("to"));
    }
    if (keys.size() == 2 && keys.containsKey("entry") && keys.containsKey("text")) {
      return new Value.Annotation(keys.get("entry"), keys.get("text"));
    }
    if (keys.size() == 2 && keys.containsKey("key") && keys.containsKey("value")) {
      return new Value.Uda(keys.get("key"), keys.get("value"));
    }
    if (keys.containsKey("type") || keys.containsKey("to")) {
      throw new HephException.InvalidOp(where + ": a link value needs both 'type' and 'to'");
    }
    throw new HephException.InvalidOp(where + ": an object value must be {\"type\",\"to\"} (a link),"
        + " {\"entry\",\"text\"} (an annotation) or {\"key\",\"value\"} (a uda), got keys " + keys.keySet());
  }

  private static final java.util.Set<String> OBJECT_KEYS =
      java.util.Set.of("type", "to", "entry", "text", "key", "value");

  private static Value toValue(String named, Object raw) {
    return switch (raw) {
      case null -> Value.NULL;
      case String s -> new Value.Text(s);
      case Boolean b -> new Value.Flag(b);
      case Value v -> v;
      default -> throw new IllegalStateException("unreachable: " + raw);
    };
  }

  /** Parses a value from its canonical JSON text (as stored in the entries table). */
  public static Value parseValue(String json) {
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      return toValue("value", readRaw(p, p.nextToken(), "value"));
    } catch (IOException e) {
      throw new HephException.InvalidOp("value: malformed JSON: " + Json.problem(e));
    }
  }

  /** Reads a JSON array of ops; errors name the op's position when its hlc is unknown. */
  public static List<Op> readArray(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new HephException.InvalidOp("ops must be a JSON array");
    }
    List<Op> ops = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      String where = "ops[" + ops.size() + "]";
      if (t != JsonToken.START_OBJECT) {
        throw new HephException.InvalidOp(where + ": expected an op object");
      }
      ops.add(read(p, where));
    }
    return ops;
  }
}
