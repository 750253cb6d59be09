package dev.heph.core.query;

import java.util.List;

/**
 * The date attributes a filter compares. The moments ({@code due}...) hold an ISO date or a UTC
 * instant; {@code entry} and {@code modified} are the creation and last change, from the node's
 * clock readings.
 */
public enum DateAttribute {
  DUE("due", true, "due"),
  SCHEDULED("scheduled", true, "scheduled", "sched"),
  WAIT("wait", true, "wait"),
  UNTIL("until", true, "until"),
  START("start", true, "start"),
  ENTRY("created", false, "entry", "created"),
  MODIFIED("updated", false, "modified", "updated");

  private final String column;
  private final boolean moment;
  private final List<String> names;

  DateAttribute(String column, boolean moment, String... names) {
    this.column = column;
    this.moment = moment;
    this.names = List.of(names);
  }

  /** The column of {@code nodes} that holds it. */
  public String column() {
    return column;
  }

  /** True for a stored moment (ISO date or instant); false for a clock reading (hlc text). */
  public boolean isMoment() {
    return moment;
  }

  /** The attribute a filter word names, or null. */
  static DateAttribute named(String name) {
    for (DateAttribute a : values()) {
      if (a.names.contains(name)) {
        return a;
      }
    }
    return null;
  }
}
