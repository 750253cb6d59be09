package dev.heph.core;

/** A node read by a {@link Report}, in the view asked for, with its urgency at the time of the report. */
public record Ranked<T>(T node, double urgency) {}
