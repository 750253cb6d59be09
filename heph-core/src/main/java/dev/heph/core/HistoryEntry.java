package dev.heph.core;

import java.time.Instant;

/** One op in a node's history: when, by which device, what it did, and whether it came via a hub. */
public record HistoryEntry(String hlc, Instant at, String origin, String summary, String opJson, boolean local) {}
