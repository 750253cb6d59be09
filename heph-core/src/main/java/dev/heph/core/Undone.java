package dev.heph.core;

import java.util.List;

/** What {@code heph undo} reverted: one item per node the undone command touched, in the order it touched them. */
public record Undone(List<Item> items) {

  public Undone {
    items = List.copyOf(items);
  }

  /**
   * One node: its id and title (as they are now), what the command did to it ({@code add},
   * {@code edit}, {@code done}, {@code delete}, {@code restore}) and, for an edit, which fields.
   */
  public record Item(String id, String title, String action, List<String> fields) {
    public Item {
      fields = List.copyOf(fields);
    }

    /** E.g. {@code edit of 'Buy milk' (title, due)}. */
    public String describe() {
      return action + " of '" + (title == null ? "(untitled)" : title) + "'"
          + (fields.isEmpty() ? "" : " (" + String.join(", ", fields) + ")");
    }
  }
}
