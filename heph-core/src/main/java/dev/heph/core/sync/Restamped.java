package dev.heph.core.sync;

/** What a re-stamp changed: how many ops got new stamps, and how many nodes they touch. */
public record Restamped(int ops, int nodes) {}
