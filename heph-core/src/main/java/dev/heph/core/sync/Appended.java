package dev.heph.core.sync;

/**
 * What a hub's log made of a pushed batch: how many of its ops were new, and the highest position
 * ({@code seq}, {@code hlc}) any op of the batch holds in the log, new or stored before.
 */
public record Appended(int applied, long seq, String hlc) {}
