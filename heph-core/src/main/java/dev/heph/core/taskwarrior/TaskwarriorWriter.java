package dev.heph.core.taskwarrior;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Node;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes nodes as {@code task import} reads them, the inverse of {@link TaskwarriorReader}: heph's
 * statuses mapped back, moments as Taskwarrior dates (an all-day date is midnight in the person's
 * zone), {@code depends} links as uuids, and the keys kept verbatim at import given back as they
 * were ({@code entry}, {@code modified} and {@code end} among them; when absent, heph's own
 * creation and update times stand in).
 */
public final class TaskwarriorWriter {
  private TaskwarriorWriter() {}

  /** Whether a node has a Taskwarrior form: notes do not (Taskwarrior has tasks only). */
  public static boolean exportable(Node node) {
    return node.isTask();
  }

  /** Writes one task object. */
  public static void write(JsonGenerator g, Node node, ZoneId zone) throws IOException {
    Map<String, String> kept = new TreeMap<>(node.udas());
    String status = status(node, kept);
    g.writeStartObject();
    g.writeStringField("uuid", node.id());
    g.writeStringField("status", status);
    g.writeStringField("description", node.title() == null ? "" : node.title());
    g.writeStringField("entry", kept.containsKey("entry") ? kept.remove("entry") : compact(node.created()));
    g.writeStringField("modified", kept.containsKey("modified") ? kept.remove("modified") : compact(node.updated()));
    String end = kept.remove("end");
    if (end == null && (status.equals("completed") || status.equals("deleted"))) {
      end = compact(node.updated());
    }
    optional(g, "end", end);
    optional(g, "priority", node.priority());
    optional(g, "project", node.project());
    optional(g, "recur", node.recur());
    date(g, "due", node.due(), zone);
    date(g, "scheduled", node.scheduled(), zone);
    date(g, "wait", node.waitUntil(), zone);
    date(g, "until", node.until(), zone);
    date(g, "start", node.start(), zone);
    if (!node.tags().isEmpty()) {
      g.writeArrayFieldStart("tags");
      for (String tag : node.tags()) {
        g.writeString(tag);
      }
      g.writeEndArray();
    }
    if (!node.annotations().isEmpty()) {
      g.writeArrayFieldStart("annotations");
      for (Node.Annotation a : node.annotations()) {
        g.writeStartObject();
        g.writeStringField("entry", TwDates.toTaskwarrior(a.entry(), zone));
        g.writeStringField("description", a.text());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    if (!node.depends().isEmpty()) {
      g.writeArrayFieldStart("depends");
      for (String to : node.depends()) {
        g.writeString(to);
      }
      g.writeEndArray();
    }
    for (Map.Entry<String, String> uda : kept.entrySet()) {
      g.writeStringField(uda.getKey(), uda.getValue());
    }
    g.writeEndObject();
  }

  /**
   * Taskwarrior's status: a recurring template imported from Taskwarrior (it kept its {@code mask},
   * and no {@code end}: it was not deleted there) is {@code recurring}; deleted or cancelled is
   * {@code deleted}, done {@code completed}, else {@code pending} (Taskwarrior 2.6 itself exports a
   * waiting task as pending with its wait date).
   */
  private static String status(Node node, Map<String, String> kept) {
    if (node.recur() != null && kept.containsKey("mask") && !kept.containsKey("end")) {
      return "recurring";
    }
    if (node.deleted() || "cancelled".equals(node.status())) {
      return "deleted";
    }
    return "done".equals(node.status()) ? "completed" : "pending";
  }

  private static void optional(JsonGenerator g, String key, String value) throws IOException {
    if (value != null) {
      g.writeStringField(key, value);
    }
  }

  private static void date(JsonGenerator g, String key, String moment, ZoneId zone) throws IOException {
    if (moment != null) {
      g.writeStringField(key, TwDates.toTaskwarrior(moment, zone));
    }
  }

  private static String compact(Instant at) {
    return at == null ? null : TwDates.toTaskwarrior(TwDates.iso(at), ZoneId.of("UTC"));
  }
}
