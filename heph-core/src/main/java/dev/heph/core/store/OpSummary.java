package dev.heph.core.store;

import dev.heph.core.op.Op;

/** A one-line human description of an op, for {@code heph log}. */
final class OpSummary {
  private OpSummary() {}

  static String of(Op op) {
    return switch (op) {
      case Op.Create c -> "created " + c.kind();
      case Op.Set s -> "set " + s.field().wireName() + " = " + shorten(s.value().json())
          + (s.prev().size() > 1 ? " (resolving " + s.prev().size() + " values)" : "");
      case Op.Add a -> "added " + a.field().wireName() + " " + shorten(a.value().json());
      case Op.Remove r -> "removed " + r.field().wireName() + " " + shorten(r.value().json());
    };
  }

  private static String shorten(String json) {
    return json.length() <= 60 ? json : json.substring(0, 57) + "...";
  }
}
