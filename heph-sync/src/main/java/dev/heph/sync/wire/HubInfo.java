package dev.heph.sync.wire;

/** {@code GET /sync/info}: who the hub is and how far its log goes. */
public record HubInfo(int protocol, String hubId, String epoch, long seq, String time) {}
