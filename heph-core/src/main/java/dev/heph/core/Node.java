package dev.heph.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A node's visible state: a task or a note. This is the shape of {@code --json} output and of
 * RPC results; {@code conflicts} names the fields that hold several concurrent values. {@code num}
 * is the node's number in this device's working set (open nodes only; null otherwise), local and
 * never synced. {@code waitUntil} is the {@code wait} field (JSON key {@code wait}; a record
 * component cannot be named {@code wait}: its accessor would clash with {@link Object#wait()}).
 * Moments ({@code due}, {@code scheduled}, {@code wait}, {@code until}, {@code start}) are an ISO
 * date or a UTC instant ({@link dev.heph.core.op.Moments}); {@code depends} are the targets of
 * the node's {@code depends} links; {@code udas} are sorted by key.
 */
public record Node(
    String id,
    String kind,
    String title,
    String body,
    String status,
    String priority,
    String due,
    String recur,
    List<String> tags,
    List<Link> links,
    String parent,
    boolean deleted,
    Instant created,
    Instant updated,
    List<String> conflicts,
    String project,
    String scheduled,
    String waitUntil,
    String until,
    String start,
    List<Annotation> annotations,
    List<String> depends,
    Map<String, String> udas,
    Integer num) {

  /** The link type that makes one task depend on another. */
  public static final String DEPENDS = "depends";

  /** A typed edge to another node. */
  public record Link(String type, String to) {}

  /** A note under a task: when it was written (UTC instant) and its text. */
  public record Annotation(String entry, String text) {}

  public boolean isTask() {
    return "task".equals(kind);
  }
}
