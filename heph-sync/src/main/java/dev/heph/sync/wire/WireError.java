package dev.heph.sync.wire;

/** The error body of every refused request: {@code {"error":{"code","message"}}}. */
public record WireError(String code, String message) {}
