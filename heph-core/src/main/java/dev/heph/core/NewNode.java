package dev.heph.core;

import java.util.List;

/**
 * What {@link Heph#add} needs to create a node; null fields are left unset. {@code recur} (a
 * {@link dev.heph.core.op.Recurrence} word) makes the task the first of a recurring series.
 */
public record NewNode(String kind, String title, String body, List<String> tags, String due, String priority,
    String parent, String recur) {

  public NewNode {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** A node that does not recur. */
  public NewNode(String kind, String title, String body, List<String> tags, String due, String priority, String parent) {
    this(kind, title, body, tags, due, priority, parent, null);
  }

  /** A task with just a title. */
  public static NewNode task(String title) {
    return new NewNode("task", title, null, List.of(), null, null, null);
  }
}
