package dev.heph.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Conflict;
import dev.heph.core.HistoryEntry;
import java.io.IOException;

/**
 * The documented JSON shapes of conflicts and history entries, shared by the CLI's {@code --json}
 * output and the RPC results so that both always agree. (Nodes are rendered by the store:
 * {@link dev.heph.core.store.Projection#JSON}.)
 */
public final class NodeJson {
  private NodeJson() {}

  /**
   * A node's JSON object (as the store renders it) with {@code "urgency"} added last: the value
   * rounded to two decimals, as Taskwarrior shows it.
   */
  public static String withUrgency(String nodeJson, double urgency) {
    double rounded = Math.round(urgency * 100) / 100.0;
    return nodeJson.substring(0, nodeJson.length() - 1) + ",\"urgency\":" + (rounded == 0 ? 0.0 : rounded) + "}";
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
