package dev.heph.core;

import java.util.List;
import java.util.Map;

/**
 * What {@link Heph#add} needs to create a node; null fields are left unset. Dates are what a
 * person types ({@link Inputs#moment}); {@code depends} are node refs; {@code udas} map a name to
 * its value.
 */
public record NewNode(String kind, String title, String body, List<String> tags, String due, String priority,
    String parent, String project, String scheduled, String waitUntil, String until, List<String> depends,
    Map<String, String> udas) {

  public NewNode {
    tags = tags == null ? List.of() : List.copyOf(tags);
    depends = depends == null ? List.of() : List.copyOf(depends);
    udas = udas == null ? Map.of() : Map.copyOf(udas);
  }

  /** The fields nodes had before projects, dates and UDAs. */
  public NewNode(String kind, String title, String body, List<String> tags, String due, String priority,
      String parent) {
    this(kind, title, body, tags, due, priority, parent, null, null, null, null, List.of(), Map.of());
  }

  /** A task with just a title. */
  public static NewNode task(String title) {
    return new NewNode("task", title, null, List.of(), null, null, null);
  }
}
