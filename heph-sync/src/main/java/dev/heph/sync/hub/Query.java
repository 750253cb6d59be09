package dev.heph.sync.hub;

import dev.heph.core.text.Utf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses and checks query strings (and form bodies, which share their syntax); a bad one is a 400
 * that names the parameter.
 */
public final class Query {
  private Query() {}

  /** A query parameter the hub cannot accept. */
  public static final class BadQuery extends IllegalArgumentException {
    BadQuery(String message) {
      super(message);
    }
  }

  /** {@code a=1&b=2}, strictly percent-decoded as UTF-8; a name given twice is refused (which value would count?). */
  public static Map<String, String> parse(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (out.put(key, value) != null) {
        throw new BadQuery("parameter '" + key + "' is given twice");
      }
    }
    return out;
  }

  /**
   * Percent-decodes one key or value strictly: URLDecoder would turn escapes of bytes that are
   * not UTF-8 into U+FFFD, and a changed cursor would be answered "history changed", not "bad query".
   */
  private static String decode(String part) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '%') {
        int high = i + 2 < part.length() ? Character.digit(part.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(part.charAt(i + 2), 16);
        if (low < 0) {
          throw new BadQuery("malformed query string: '%' must be followed by two hex digits");
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else {
        int end = part.indexOf('%', i) < 0 ? part.length() : part.indexOf('%', i);
        bytes.writeBytes(part.substring(i, end).replace('+', ' ').getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    try {
      return Utf8.decode(bytes.toByteArray());
    } catch (Utf8.Malformed e) {
      throw new BadQuery("malformed query string: not valid UTF-8: " + e.getMessage());
    }
  }

  static long nonNegativeLong(Map<String, String> query, String key, long fallback) {
    String value = query.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw new BadQuery("'" + key + "' must not be negative, got " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadQuery("'" + key + "' must be a whole number, got '" + value + "'");
    }
  }
}
