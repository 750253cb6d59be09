package dev.heph.core;

/** What an import did: nodes it made, nodes it changed, and nodes that already held what it read. */
public record ImportReport(int added, int updated, int unchanged) {}
