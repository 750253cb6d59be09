package dev.heph.core.taskwarrior;

import java.util.List;
import java.util.Map;

/**
 * One task of a {@code task export}, read into heph's terms (statuses mapped, dates as heph
 * moments, checked), ready to be written as a node with the same id. Keys heph has no field for
 * ({@code entry}, {@code modified}, {@code end}, UDAs, recurrence bookkeeping...) are in
 * {@code udas}, verbatim as text, so that an export gives them back. {@code hidden} is Taskwarrior's
 * {@code wait} (a record cannot have a component named wait).
 */
public record TaskwarriorTask(
    String id,
    String title,
    String status,
    boolean deleted,
    String priority,
    String project,
    String due,
    String scheduled,
    String hidden,
    String until,
    String start,
    String recur,
    List<String> tags,
    List<Annotation> annotations,
    List<String> depends,
    Map<String, String> udas) {

  /** A note on the task: when ({@code entry}, a UTC instant) and what. */
  public record Annotation(String entry, String text) {}

  public TaskwarriorTask {
    tags = List.copyOf(tags);
    annotations = List.copyOf(annotations);
    depends = List.copyOf(depends);
    udas = Map.copyOf(udas);
  }
}
