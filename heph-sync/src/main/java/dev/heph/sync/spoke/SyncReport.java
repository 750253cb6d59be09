package dev.heph.sync.spoke;

/**
 * What one sync moved: ops received and how many of them were new, ops sent, and whether the
 * cursors were reset because the hub's history no longer matched ours.
 */
public record SyncReport(String hub, int pulled, int applied, int pushed, boolean reset) {}
