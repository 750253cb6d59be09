package dev.heph.core.query;

import java.util.List;

/** The text attributes a filter compares, by the names Taskwarrior and heph give them. */
public enum TextAttribute {
  DESCRIPTION("title", "description", "title"),
  BODY("body", "body"),
  PROJECT("project", "project", "proj"),
  PRIORITY("priority", "priority", "pri"),
  KIND("kind", "kind");

  private final String column;
  private final List<String> names;

  TextAttribute(String column, String... names) {
    this.column = column;
    this.names = List.of(names);
  }

  /** The column of {@code nodes} that holds it. */
  public String column() {
    return column;
  }

  /** The attribute a filter word names, or null. */
  static TextAttribute named(String name) {
    for (TextAttribute a : values()) {
      if (a.names.contains(name)) {
        return a;
      }
    }
    return null;
  }
}
