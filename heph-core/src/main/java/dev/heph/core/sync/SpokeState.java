package dev.heph.core.sync;

/** A spoke's stored position, read at once: the hub URL it remembers (or null), its cursors, its push backlog. */
public record SpokeState(String hubUrl, SyncCursors cursors, long pendingPush) {}
