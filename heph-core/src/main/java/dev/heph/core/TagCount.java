package dev.heph.core;

/** A tag and how many pending tasks carry it. */
public record TagCount(String tag, int count) {}
