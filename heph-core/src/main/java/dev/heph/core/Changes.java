package dev.heph.core;

import java.util.List;
import java.util.Map;

/**
 * Edits to one node, as a person states them: null means "leave as is"; for {@code due},
 * {@code priority}, {@code project}, {@code scheduled}, {@code wait} and {@code until} the word
 * {@code none} (or an empty string) unsets the field, and an empty string unsets the body.
 * {@code udas} maps a name to its new value, or to an empty string to unset it.
 */
public record Changes(String title, String body, String status, String due, String priority,
    List<String> addTags, List<String> removeTags, String project, String scheduled, String waitUntil, String until,
    List<String> addDepends, List<String> removeDepends, Map<String, String> udas) {

  public Changes {
    addTags = addTags == null ? List.of() : List.copyOf(addTags);
    removeTags = removeTags == null ? List.of() : List.copyOf(removeTags);
    addDepends = addDepends == null ? List.of() : List.copyOf(addDepends);
    removeDepends = removeDepends == null ? List.of() : List.copyOf(removeDepends);
    udas = udas == null ? Map.of() : Map.copyOf(udas);
  }

  /** The edits nodes had before projects, dates and UDAs. */
  public Changes(String title, String body, String status, String due, String priority, List<String> addTags,
      List<String> removeTags) {
    this(title, body, status, due, priority, addTags, removeTags, null, null, null, null, List.of(), List.of(),
        Map.of());
  }

  public boolean isEmpty() {
    return title == null && body == null && status == null && due == null && priority == null
        && addTags.isEmpty() && removeTags.isEmpty() && project == null && scheduled == null && waitUntil == null
        && until == null && addDepends.isEmpty() && removeDepends.isEmpty() && udas.isEmpty();
  }
}
