package dev.heph.core;

import dev.heph.core.json.JsonText;
import java.util.List;

/**
 * What {@code heph check} found: how many ops and nodes it checked, and every problem (none when
 * the replica is healthy). {@link #json()} is the documented shape shared by the CLI and the RPC.
 */
public record CheckReport(long ops, long nodes, List<Problem> problems) {

  public CheckReport {
    problems = List.copyOf(problems);
  }

  /** True when nothing is wrong. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /** One thing found wrong: what kind of check found it, and a one-line description. */
  public record Problem(Kind kind, String message) {}

  /** The checks that can find a problem; {@link #wireName()} is the stable JSON {@code kind}. */
  public enum Kind {
    /** SQLite's own integrity check (pages, b-trees, indexes), or SQLite reporting damage while reading. */
    SQLITE("sqlite"),
    /** The full-text index disagrees with the nodes it indexes. */
    SEARCH_INDEX("search_index"),
    /** A fact about the replica (origin id, schema version, application id) is missing or wrong. */
    META("meta"),
    /** A stored op does not decode with the strict codec, or its columns disagree with its body. */
    OP("op"),
    /** Two ops share an hlc, or this device's own ops are not in the order it issued them. */
    HLC("hlc"),
    /** The materialized state differs from a replay of the op log through the merge engine. */
    STATE("state");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** {@code {"ok":true|false,"ops":N,"nodes":M,"problems":[{"kind","message"}...]}}. */
  public String json() {
    return JsonText.of(g -> {
      g.writeStartObject();
      g.writeBooleanField("ok", ok());
      g.writeNumberField("ops", ops);
      g.writeNumberField("nodes", nodes);
      g.writeArrayFieldStart("problems");
      for (Problem p : problems) {
        g.writeStartObject();
        g.writeStringField("kind", p.kind().wireName());
        g.writeStringField("message", p.message());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }
}
