package dev.heph.core;

import java.util.List;

/** What {@link Heph#add} needs to create a node; null fields are left unset. */
public record NewNode(String kind, String title, String body, List<String> tags, String due, String priority,
    String parent) {

  public NewNode {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** A task with just a title. */
  public static NewNode task(String title) {
    return new NewNode("task", title, null, List.of(), null, null, null);
  }
}
