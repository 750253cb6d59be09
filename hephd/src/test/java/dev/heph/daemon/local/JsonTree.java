package dev.heph.daemon.local;

import dev.heph.testkit.Json;
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
      "links", "parent", "deleted", "created", "updated", "conflicts", "project", "wait", "scheduled", "until", "start",
      "annotations", "depends", "udas");

  private JsonTree() {}

  /**
   * A node's keys in order, less a leading {@code "num"} (the working-set number, on open nodes
   * only), which must then be a positive whole number.
   */
  static List<String> nodeKeys(Map<String, Object> node) {
    List<String> keys = List.copyOf(node.keySet());
    if (!keys.isEmpty() && keys.getFirst().equals("num")) {
      if (!(node.get("num") instanceof Long num) || num < 1) {
        throw new AssertionError("num of " + node + " is not a positive whole number");
      }
      return keys.subList(1, keys.size());
    }
    return keys;
  }

  // Reading and writing are the test kit's Json; these short names keep the tests terse.
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
    return Json.write(v);
  }

  /** A JSON object from alternating keys and values. */
  static Map<String, Object> map(Object... kv) {
    return Json.map(kv);
  }
}
