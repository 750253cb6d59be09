package dev.heph.core.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.op.Field;
import dev.heph.core.op.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Converts canonical value JSON texts to the plain column values of the nodes table and back. */
final class ValueColumns {
  private ValueColumns() {}

  /** The column value for a register's visible value: text, 0/1 for {@code deleted}, or null. */
  static Object toColumn(Field field, String json) {
    if (field == Field.DELETED) {
      return "true".equals(json) ? 1 : 0;
    }
    if ("null".equals(json)) {
      return null;
    }
    return unquote(json);
  }

  /** The string inside a JSON string literal; a fast path when it holds no escapes. */
  static String unquote(String json) {
    if (json.length() >= 2 && json.charAt(0) == '"' && json.indexOf('\\') < 0) {
      return json.substring(1, json.length() - 1);
    }
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        throw new IllegalArgumentException("not a JSON string: " + json);
      }
      return p.getText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
