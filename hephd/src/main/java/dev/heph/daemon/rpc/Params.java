package dev.heph.daemon.rpc;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A method's named parameters, checked against the names the method takes. */
final class Params {
  private final String method;
  private final Map<String, Object> values;

  Params(String method, Map<String, Object> values, Set<String> allowed) {
    this.method = method;
    this.values = values;
    for (String name : values.keySet()) {
      if (!allowed.contains(name)) {
        throw RpcError.invalidParams(method + ": unknown param '" + name + "' (takes: "
            + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  /** A required string. */
  String string(String name) {
    String s = optionalString(name);
    if (s == null) {
      throw RpcError.invalidParams(method + ": param '" + name + "' is required (a string)");
    }
    return s;
  }

  String optionalString(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw RpcError.invalidParams(method + ": param '" + name + "' must be a string");
    }
    return s;
  }

  boolean flag(String name) {
    Object v = values.get(name);
    if (v == null) {
      return false;
    }
    if (!(v instanceof Boolean b)) {
      throw RpcError.invalidParams(method + ": param '" + name + "' must be true or false");
    }
    return b;
  }

  List<String> strings(String name) {
    Object v = values.get(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
      throw RpcError.invalidParams(method + ": param '" + name + "' must be an array of strings");
    }
    return list.stream().map(String.class::cast).toList();
  }

  /** An object of string values (e.g. {@code udas}); absent: empty. */
  Map<String, String> stringMap(String name) {
    Object v = values.get(name);
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> map) || !map.values().stream().allMatch(String.class::isInstance)) {
      throw RpcError.invalidParams(method + ": param '" + name + "' must be an object of strings");
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    map.forEach((k, value) -> out.put((String) k, (String) value));
    return out;
  }
}
