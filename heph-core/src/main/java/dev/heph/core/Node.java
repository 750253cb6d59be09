package dev.heph.core;

import java.time.Instant;
import java.util.List;

/**
 * A node's visible state: a task or a note. This is the shape of {@code --json} output and of
 * RPC results; {@code conflicts} names the fields that hold several concurrent values. {@code num}
 * is the node's number in this device's working set (open nodes only; null otherwise), local and
 * never synced.
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
    Integer num) {

  /** A typed edge to another node. */
  public record Link(String type, String to) {}

  public boolean isTask() {
    return "task".equals(kind);
  }
}
