package dev.heph.daemon.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.HephException;
import dev.heph.core.text.Unicode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a JSON value into plain Java values: Map, List, String, Boolean, Long, Double or null. */
final class JsonValues {
  private JsonValues() {}

  /** Reads the value starting at the parser's current token. */
  static Object read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          map.put(key, read(p));
        }
        yield map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          list.add(read(p));
        }
        yield list;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      case VALUE_NUMBER_INT -> p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      default -> throw new IOException("unexpected JSON token " + t);
    };
  }

  /**
   * Refuses a value read by {@link #read} that holds a string (key or value) that is not valid
   * Unicode: an {@link HephException.InvalidInput} naming where, e.g. {@code params.title: text
   * is not valid Unicode (unpaired surrogate U+D800 at char 3)}.
   */
  static void requireValidText(Object value, String path) {
    switch (value) {
      case Map<?, ?> map -> map.forEach((key, member) -> {
        Unicode.requireValid((path.isEmpty() ? "" : path + ": ") + "a key", (String) key);
        requireValidText(member, path.isEmpty() ? (String) key : path + "." + key);
      });
      case List<?> list -> {
        for (int i = 0; i < list.size(); i++) {
          requireValidText(list.get(i), path + "[" + i + "]");
        }
      }
      case String s -> Unicode.requireValid(path, s);
      case null, default -> { } // numbers, booleans and null hold no text
    }
  }
}
