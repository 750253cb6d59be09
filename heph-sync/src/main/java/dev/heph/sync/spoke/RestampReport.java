package dev.heph.sync.spoke;

/** What {@code heph sync --restamp} did: the sync around it, and how many ops (on how many nodes) got new stamps. */
public record RestampReport(SyncReport sync, int restamped, int nodes) {}
