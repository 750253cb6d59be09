package dev.heph.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny JSON tree for tests (jackson-core only, no databind): objects become
 * {@link LinkedHashMap}s in key order, arrays {@link List}s, and scalars String, Boolean,
 * Long/Double or null. Exactly one document is accepted, with nothing after it but whitespace; a
 * duplicate key is an error. Such trees are written back by {@link #write}.
 */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /**
   * Node JSON text without the leading {@code "num"} of each node: its working-set number, which
   * each device gives on its own, so replicas that agree on everything else may differ there.
   * (Inside a JSON string the quotes would be escaped, so only keys match.)
   */
  public static String withoutNums(String json) {
    return json.replaceAll("\\{\"num\":\\d+,", "{");
  }

  public static Object parse(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new AssertionError("no JSON document in: '" + text + "'");
      }
      Object value = read(p, first);
      if (p.nextToken() != null) {
        throw new AssertionError("more than one JSON document in: " + text);
      }
      return value;
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + e.getMessage() + "): " + text, e);
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object o) {
    if (!(o instanceof Map)) {
      throw new AssertionError("expected a JSON object, got: " + o);
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> array(Object o) {
    if (!(o instanceof List)) {
      throw new AssertionError("expected a JSON array, got: " + o);
    }
    return (List<Object>) o;
  }

  /** The elements of a JSON array that are all objects. */
  public static List<Map<String, Object>> objects(Object o) {
    return array(o).stream().map(Json::object).toList();
  }

  /** A JSON object from alternating keys and values, in that order. */
  public static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /**
   * The JSON text of a tree as {@link #parse} makes it. Characters are passed through as they are
   * (a lone surrogate included), so a test can send text that is not valid Unicode.
   */
  public static String write(Object tree) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(tree, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(Object v, JsonGenerator g) throws IOException {
    switch (v) {
      case null -> g.writeNull();
      case String s -> g.writeString(s);
      case Boolean b -> g.writeBoolean(b);
      case Long n -> g.writeNumber(n);
      case Integer n -> g.writeNumber(n);
      case Double n -> g.writeNumber(n);
      case BigInteger n -> g.writeNumber(n);
      case BigDecimal n -> g.writeNumber(n);
      case Number n -> g.writeNumber(n.toString());
      case Map<?, ?> m -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          g.writeFieldName((String) e.getKey());
          write(e.getValue(), g);
        }
        g.writeEndObject();
      }
      case List<?> l -> {
        g.writeStartArray();
        for (Object o : l) {
          write(o, g);
        }
        g.writeEndArray();
      }
      default -> throw new IllegalArgumentException("not a JSON value: " + v.getClass());
    }
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          if (map.containsKey(key)) {
            throw new AssertionError("duplicate key '" + key + "'");
          }
          map.put(key, read(p, p.nextToken()));
        }
        yield map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        JsonToken next;
        while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
          list.add(read(p, next));
        }
        yield list;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new AssertionError("unexpected JSON token " + t);
    };
  }
}
