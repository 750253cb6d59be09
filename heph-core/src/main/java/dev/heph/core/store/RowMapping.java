package dev.heph.core.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.Node;
import dev.heph.core.op.Field;
import dev.heph.core.op.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Maps a nodes row (in {@link Projection.AsNode} column order) to a {@link Node}. */
final class RowMapping {
  private RowMapping() {}

  static Node toNode(ResultSet rs) throws SQLException {
    int mask = rs.getInt(15);
    List<String> conflicts = new ArrayList<>(0);
    if (mask != 0) {
      for (Field f : Field.values()) {
        if ((mask & f.bit()) != 0) {
          conflicts.add(f.wireName());
        }
      }
    }
    List<Node.Link> links = parseLinks(rs.getString(10));
    List<String> depends = links.isEmpty() ? List.of() : links.stream()
        .filter(l -> l.type().equals(Node.DEPENDS)).map(Node.Link::to).toList();
    return new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), parseTags(rs.getString(9)), links,
        rs.getString(11), rs.getInt(12) != 0, instantOf(rs.getString(13)), instantOf(rs.getString(14)), conflicts,
        rs.getString(17), rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(21),
        parseAnnotations(rs.getString(22)), depends, parseUdas(rs.getString(23)),
        rs.getObject(16) == null ? null : rs.getInt(16));
  }

  /** The wall-clock part of a stored hlc (written by this store, so well-formed), without a full parse. */
  private static java.time.Instant instantOf(String hlc) {
    return java.time.Instant.ofEpochMilli(Long.parseLong(hlc, 0, 15, 10));
  }

  private static List<String> parseTags(String json) {
    if (json.equals("[]")) {
      return List.of();
    }
    if (json.indexOf('\\') < 0) {
      // Fast path for the usual case, tags without escapes: ["a","b"] (this runs once per listed row).
      List<String> tags = new ArrayList<>(4);
      int at = 1;
      while (at < json.length() - 1) {
        int end = json.indexOf('"', at + 1);
        tags.add(json.substring(at + 1, end));
        at = end + 2;
      }
      return tags;
    }
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      p.nextToken();
      List<String> tags = new ArrayList<>();
      while (p.nextToken() == JsonToken.VALUE_STRING) {
        tags.add(p.getText());
      }
      return tags;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code [{"entry","text"}...]}, already sorted by entry. */
  private static List<Node.Annotation> parseAnnotations(String json) {
    if (json.equals("[]")) {
      return List.of();
    }
    List<Node.Annotation> out = new ArrayList<>();
    for (Map<String, String> o : objects(json)) {
      out.add(new Node.Annotation(o.get("entry"), o.get("text")));
    }
    return List.copyOf(out);
  }

  /** {@code {"key":"value"...}}, sorted by key. */
  private static Map<String, String> parseUdas(String json) {
    if (json.equals("{}")) {
      return Map.of();
    }
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      p.nextToken();
      TreeMap<String, String> udas = new TreeMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        udas.put(key, p.getText());
      }
      return Collections.unmodifiableSortedMap(udas);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON array of flat objects of strings (as the store writes set columns). */
  private static List<Map<String, String>> objects(String json) {
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      p.nextToken();
      List<Map<String, String>> out = new ArrayList<>();
      while (p.nextToken() == JsonToken.START_OBJECT) {
        Map<String, String> o = new HashMap<>(4);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          o.put(key, p.getText());
        }
        out.add(o);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Node.Link> parseLinks(String json) {
    if (json.equals("[]")) {
      return List.of();
    }
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      p.nextToken();
      List<Node.Link> links = new ArrayList<>();
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String type = null;
        String to = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          if (key.equals("type")) {
            type = p.getText();
          } else {
            to = p.getText();
          }
        }
        links.add(new Node.Link(type, to));
      }
      return links;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
