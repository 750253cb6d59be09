package dev.heph.sync.wire;

/**
 * {@code POST /sync/push} answer: ops received, how many were new, and where the hub now holds
 * the batch's last op ({@code seq}, {@code hlc}), which the spoke keeps to detect a restored hub.
 */
public record PushAck(int accepted, int applied, long seq, String hlc) {}
