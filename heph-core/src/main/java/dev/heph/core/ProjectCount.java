package dev.heph.core;

/** One project's tasks (its own, not its sub-projects'): how many are pending and how many done. */
public record ProjectCount(String project, int pending, int done) {}
