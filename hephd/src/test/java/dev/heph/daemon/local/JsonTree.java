package dev.heph.daemon.local;

import java.util.LinkedHashMap;
import dev.heph.daemon.Json;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for these tests (jackson-core only, no databind): parses one document into
 * LinkedHashMap (key order kept, duplicate keys refused), List, String, Boolean, Long, Double or
 * null, and writes such values back.
 */
final class JsonTree {
  /** The keys of a node, in the order the CLI's --json prints them. */
  static final List<String> NODE_KEYS = List.of("id", "kind", "title", "body", "status", "priority", "due", "tags",
      "links", "parent", "deleted", "created", "updated", "conflicts");

  private JsonTree() {}

  // Parsing is dev.heph.daemon.Json's (one JSON reader for this module's tests).
  static Object parse(String text) {
    return Json.parse(text);
  }

  static Map<String, Object> obj(Object o) {
    return Json.object(o);
  }

  static List<Object> arr(Object o) {
    return Json.array(o);
  }

  static List<Map<String, Object>> objs(Object o) {
    return Json.objects(o);
  }

  static String write(Object v) {
    StringBuilder sb = new StringBuilder();
    write(v, sb);
    return sb.toString();
  }

  /** A JSON object from alternating keys and values. */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static void write(Object v, StringBuilder sb) {
    switch (v) {
      case null -> sb.append("null");
      case String s -> quote(s, sb);
      case Number n -> sb.append(n);
      case Boolean b -> sb.append(b);
      case Map<?, ?> m -> {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          quote((String) e.getKey(), sb);
          sb.append(':');
          write(e.getValue(), sb);
        }
        sb.append('}');
      }
      case List<?> l -> {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          write(l.get(i), sb);
        }
        sb.append(']');
      }
      default -> throw new IllegalArgumentException("not a JSON value: " + v.getClass());
    }
  }

  private static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

}
