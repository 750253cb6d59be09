package dev.heph.core.op;

/**
 * A field value as ops carry it. Only these shapes exist; each has one canonical JSON text, which
 * is what the store compares when deciding whether two register heads conflict.
 */
public sealed interface Value {

  /** Canonical JSON text of this value. */
  String json();

  /** The absent value: unsets a register. */
  record Null() implements Value {
    @Override
    public String json() {
      return "null";
    }
  }

  /** A string value (title, body, status, due date, a tag...). */
  record Text(String text) implements Value {
    public Text {
      if (text == null) {
        throw new IllegalArgumentException("text value must not be null");
      }
    }

    @Override
    public String json() {
      return Json.quote(text);
    }
  }

  /** A boolean value (the {@code deleted} register). */
  record Flag(boolean on) implements Value {
    @Override
    public String json() {
      return on ? "true" : "false";
    }
  }

  /** A typed edge to another node, the element of the {@code links} set. */
  record Link(String type, String to) implements Value {
    public Link {
      if (type == null || to == null) {
        throw new IllegalArgumentException("link type and target must not be null");
      }
    }

    @Override
    public String json() {
      return "{\"type\":" + Json.quote(type) + ",\"to\":" + Json.quote(to) + "}";
    }
  }

  Null NULL = new Null();

  static Value text(String s) {
    return s == null ? NULL : new Text(s);
  }
}
