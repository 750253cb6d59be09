package dev.heph.core;

import java.time.Instant;

/**
 * A device this replica knows: one that wrote ops it holds ({@code changes}, {@code last}), or one
 * named here. {@code name} is this replica's name for it (null: none); names are never synced.
 */
public record Device(String origin, String name, boolean self, long changes, Instant last) {}
