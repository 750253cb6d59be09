package dev.heph.core;

import java.time.Instant;
import java.util.List;

/** A register with several concurrent values; each value is named by the hlc of the op that wrote it. */
public record Conflict(String node, String title, String field, List<Candidate> values) {

  /** One of the concurrent values: who wrote it, when, and the value as JSON text. */
  public record Candidate(String hlc, String origin, Instant at, String valueJson) {}
}
