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

  /** A note under a task, the element of the {@code annotations} set: when it was written (UTC instant), its text. */
  record Annotation(String entry, String text) implements Value {
    public Annotation {
      if (entry == null || text == null) {
        throw new IllegalArgumentException("annotation entry and text must not be null");
      }
    }

    @Override
    public String json() {
      // entry first: the set's column sorts elements by canonical text, hence by entry.
      return "{\"entry\":" + Json.quote(entry) + ",\"text\":" + Json.quote(text) + "}";
    }
  }

  /** A user-defined attribute, the element of the {@code udas} set: a name and its value, kept verbatim. */
  record Uda(String key, String value) implements Value {
    public Uda {
      if (key == null || value == null) {
        throw new IllegalArgumentException("uda key and value must not be null");
      }
    }

    @Override
    public String json() {
      return "{\"key\":" + Json.quote(key) + ",\"value\":" + Json.quote(value) + "}";
    }
  }

  Null NULL = new Null();

  static Value text(String s) {
    return s == null ? NULL : new Text(s);
  }
}
