package dev.heph.core.sync;

/** One op as a log holds it: its sequence number in that log, its hlc, and its canonical JSON (sent as it is). */
public record LoggedOp(long seq, String hlc, String json) {}
