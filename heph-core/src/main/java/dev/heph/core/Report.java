package dev.heph.core;

import dev.heph.core.query.Filter;

/**
 * A task report as Taskwarrior has them: which tasks ({@link Scope}, narrowed by a person's
 * {@code filter}), in the scope's order, at most {@code limit} of them (0: all). Every report
 * reads each task's urgency with it (see docs/urgency.md), computed and sorted by the store.
 */
public record Report(Scope scope, Filter filter, int limit) {

  public Report {
    java.util.Objects.requireNonNull(filter, "filter (Filter.Everything for none)");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
  }

  /** The tasks a report shows, and in which order. */
  public enum Scope {
    /** Pending tasks not waiting, most urgent first. */
    NEXT,
    /** Every task, whatever its status, deleted ones too, in creation order. */
    ALL,
    /** Done tasks, in the order they were last changed. */
    COMPLETED,
    /** Pending tasks due before today (an all-day date) or before now (a moment), most urgent first. */
    OVERDUE,
    /** Pending tasks whose wait moment is still ahead, soonest shown first. */
    WAITING
  }
}
