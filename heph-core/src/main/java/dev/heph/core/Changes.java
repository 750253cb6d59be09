package dev.heph.core;

import java.util.List;

/**
 * Edits to one node, as a person states them: null means "leave as is"; for {@code due},
 * {@code priority}, {@code recur} and {@code body} the word {@code none} (or an empty string) unsets
 * the field. A {@code recur} rule starts a new series at this task (see {@link Heph#update}).
 */
public record Changes(String title, String body, String status, String due, String priority,
    List<String> addTags, List<String> removeTags, String recur) {

  public Changes {
    addTags = addTags == null ? List.of() : List.copyOf(addTags);
    removeTags = removeTags == null ? List.of() : List.copyOf(removeTags);
  }

  /** Edits that leave the recurrence as it is. */
  public Changes(String title, String body, String status, String due, String priority,
      List<String> addTags, List<String> removeTags) {
    this(title, body, status, due, priority, addTags, removeTags, null);
  }

  public boolean isEmpty() {
    return title == null && body == null && status == null && due == null && priority == null
        && addTags.isEmpty() && removeTags.isEmpty() && recur == null;
  }
}
