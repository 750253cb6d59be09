package dev.heph.core.query;

/**
 * Taskwarrior's virtual tags heph computes (upper case, {@code +OVERDUE} / {@code -OVERDUE}).
 * "Pending" below is an open or doing task, not deleted (waiting ones included).
 */
public enum VirtualTag {
  /** Pending, due before now. */
  OVERDUE,
  /** Pending, due today. */
  TODAY,
  /** Pending, due tomorrow. */
  TOMORROW,
  /** Pending, due yesterday. */
  YESTERDAY,
  /** Pending and started ({@code start} is set). */
  ACTIVE,
  /** Depends on a pending task. */
  BLOCKED,
  /** Depends on no pending task. */
  UNBLOCKED,
  /** A pending task depends on it. */
  BLOCKING,
  /** Pending with a {@code wait} in the future (status:waiting). */
  WAITING,
  /** status:pending. */
  PENDING,
  /** status:completed. */
  COMPLETED,
  /** status:deleted. */
  DELETED,
  /** Has at least one tag. */
  TAGGED,
  /** Has at least one annotation. */
  ANNOTATED,
  /** Has a project. */
  PROJECT,
  /** Has a scheduled date. */
  SCHEDULED,
  /** Has an until date. */
  UNTIL;

  /** True for the tags that stand for a status, so that list's default hiding does not apply. */
  boolean namesStatus() {
    return this == WAITING || this == PENDING || this == COMPLETED || this == DELETED;
  }

  /** The virtual tag of this exact upper-case name, or null (then it is an ordinary tag). */
  static VirtualTag named(String name) {
    for (VirtualTag t : values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
