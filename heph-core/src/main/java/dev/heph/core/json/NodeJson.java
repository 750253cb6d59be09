package dev.heph.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Conflict;
import dev.heph.core.HistoryEntry;
import dev.heph.core.Node;
import java.io.IOException;

/**
 * The documented JSON shapes of nodes, conflicts and history entries, shared by the CLI's
 * {@code --json} output and the RPC results so that both always agree.
 */
public final class NodeJson {
  private NodeJson() {}

  /**
   * {@code {"id","kind","title","body","status","priority","due","tags","links","parent","deleted",
   * "created","updated","conflicts"}}; absent values are JSON null, never missing keys.
   */
  public static void write(JsonGenerator g, Node n) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", n.id());
    g.writeStringField("kind", n.kind());
    g.writeStringField("title", n.title());
    g.writeStringField("body", n.body());
    g.writeStringField("status", n.status());
    g.writeStringField("priority", n.priority());
    g.writeStringField("due", n.due());
    g.writeArrayFieldStart("tags");
    for (String tag : n.tags()) {
      g.writeString(tag);
    }
    g.writeEndArray();
    g.writeArrayFieldStart("links");
    for (Node.Link link : n.links()) {
      g.writeStartObject();
      g.writeStringField("type", link.type());
      g.writeStringField("to", link.to());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("parent", n.parent());
    g.writeBooleanField("deleted", n.deleted());
    g.writeStringField("created", n.created().toString());
    g.writeStringField("updated", n.updated().toString());
    g.writeArrayFieldStart("conflicts");
    for (String field : n.conflicts()) {
      g.writeString(field);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** {@code {"id","title","field","values":[{"hlc","origin","at","value"}]}}. */
  public static void write(JsonGenerator g, Conflict c) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", c.node());
    g.writeStringField("title", c.title());
    g.writeStringField("field", c.field());
    g.writeArrayFieldStart("values");
    for (Conflict.Candidate v : c.values()) {
      g.writeStartObject();
      g.writeStringField("hlc", v.hlc());
      g.writeStringField("origin", v.origin());
      g.writeStringField("at", v.at().toString());
      g.writeFieldName("value");
      g.writeRawValue(v.valueJson());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /** {@code {"hlc","at","origin","local","summary","op":{...}}}. */
  public static void write(JsonGenerator g, HistoryEntry h) throws IOException {
    g.writeStartObject();
    g.writeStringField("hlc", h.hlc());
    g.writeStringField("at", h.at().toString());
    g.writeStringField("origin", h.origin());
    g.writeBooleanField("local", h.local());
    g.writeStringField("summary", h.summary());
    g.writeFieldName("op");
    g.writeRawValue(h.opJson());
    g.writeEndObject();
  }
}
