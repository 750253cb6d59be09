package dev.heph.core;

import java.util.List;

/**
 * Edits to one node, as a person states them: null means "leave as is"; for {@code due},
 * {@code priority} and {@code body} the word {@code none} (or an empty string) unsets the field.
 */
public record Changes(String title, String body, String status, String due, String priority,
    List<String> addTags, List<String> removeTags) {

  public Changes {
    addTags = addTags == null ? List.of() : List.copyOf(addTags);
    removeTags = removeTags == null ? List.of() : List.copyOf(removeTags);
  }

  public boolean isEmpty() {
    return title == null && body == null && status == null && due == null && priority == null
        && addTags.isEmpty() && removeTags.isEmpty();
  }
}
