package dev.heph.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny JSON tree for tests (there is no databind): objects become {@link LinkedHashMap}s in key
 * order, arrays {@link List}s, scalars String, Boolean, Long/Double or null. Exactly one
 * document is accepted; a duplicate key is an error.
 */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

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

  public static List<Map<String, Object>> objects(Object o) {
    return array(o).stream().map(Json::object).toList();
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
