package dev.heph.sync;

/** Where a replica stands with its hub: the URL, the hub's id, both cursors, and ops waiting to be pushed. */
public record SyncStatus(String hubUrl, String hubId, long pullSeq, long pushSeq, long pendingPush) {}
