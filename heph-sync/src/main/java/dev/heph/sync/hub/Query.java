package dev.heph.sync.hub;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Parses and checks query strings; a bad one is a 400 that names the parameter. */
final class Query {
  private Query() {}

  /** A query parameter the hub cannot accept. */
  static final class BadQuery extends RuntimeException {
    BadQuery(String message) {
      super(message);
    }
  }

  static Map<String, String> parse(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (out.put(key, value) != null) {
          throw new BadQuery("query parameter '" + key + "' is given twice");
        }
      } catch (IllegalArgumentException e) {
        throw new BadQuery("malformed query string: " + e.getMessage());
      }
    }
    return out;
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
