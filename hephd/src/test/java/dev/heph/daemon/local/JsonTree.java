package dev.heph.daemon.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for these tests (jackson-core only, no databind): parses one document into
 * LinkedHashMap (key order kept, duplicate keys refused), List, String, Boolean, Long, Double or
 * null, and writes such values back.
 */
final class JsonTree {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** The keys of a node, in the order the CLI's --json prints them. */
  static final List<String> NODE_KEYS = List.of("id", "kind", "title", "body", "status", "priority", "due", "tags",
      "links", "parent", "deleted", "created", "updated", "conflicts");

  private JsonTree() {}

  static Object parse(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new AssertionError("no JSON in '" + text + "'");
      }
      Object v = read(p, t);
      if (p.nextToken() != null) {
        throw new AssertionError("trailing content after the JSON document: " + text);
      }
      return v;
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + e.getMessage() + "): " + text, e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> obj(Object o) {
    if (!(o instanceof Map)) {
      throw new AssertionError("expected a JSON object, got " + o);
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> arr(Object o) {
    if (!(o instanceof List)) {
      throw new AssertionError("expected a JSON array, got " + o);
    }
    return (List<Object>) o;
  }

  static List<Map<String, Object>> objs(Object o) {
    return arr(o).stream().map(JsonTree::obj).toList();
  }

  /** Writes Map/List/String/Number/Boolean/null as JSON text. */
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

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          if (m.containsKey(k)) {
            throw new AssertionError("duplicate key '" + k + "'");
          }
          m.put(k, read(p, p.nextToken()));
        }
        yield m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        JsonToken n;
        while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
          l.add(read(p, n));
        }
        yield l;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new AssertionError("unexpected token " + t);
    };
  }
}
