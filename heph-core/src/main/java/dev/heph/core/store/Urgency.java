package dev.heph.core.store;

/**
 * Taskwarrior 2.6's urgency with its default coefficients, as one SQL expression over a node row
 * ({@code nodes n}) and the report's clock ({@code clock c}: {@code c.now} in unix seconds and
 * {@code c.zone_offset}, the zone's offset in seconds, which places an all-day date at local
 * midnight as Taskwarrior does). Computed by SQLite so that {@code heph next} sorts and limits in
 * the database instead of loading every node. The formula, term by term, is in docs/urgency.md;
 * change the two together.
 */
final class Urgency {
  private Urgency() {}

  /** The clock a report query reads urgency against: bind now (unix seconds), then the zone offset (seconds). */
  static final String CLOCK = "WITH clock(now, zone_offset) AS (SELECT ?, ?) ";

  /** Joined after {@code nodes n} wherever {@link #SQL} is used. */
  static final String JOIN_CLOCK = " CROSS JOIN clock c";

  /**
   * A pending task, for the dependency terms, which count (as Taskwarrior's) only between two
   * pending tasks: open or doing, not deleted.
   */
  private static String pending(String alias) {
    return alias + ".kind = 'task' AND " + alias + ".deleted = 0 AND (" + alias + ".status IS NULL OR " + alias
        + ".status IN ('open', 'doing'))";
  }

  private static final String PENDING_M = pending("m") + " AND " + pending("n");

  /** The text of a {@code depends} link's entry, up to the target id (Value.Link's JSON). */
  private static final String DEPENDS_PREFIX = "{\"type\":\"depends\",\"to\":\"";

  /** A moment column in unix seconds: an instant as it is, an all-day date at local midnight. */
  static String epoch(String column) {
    return "(CAST(strftime('%s', " + column + ") AS INTEGER) - CASE WHEN length(" + column
        + ") = 10 THEN c.zone_offset ELSE 0 END)";
  }

  /** 0.8, 0.9, 1.0 for one, two, three or more elements (Taskwarrior's tags and annotations terms). */
  private static String countTerm(String count) {
    return "(CASE " + count + " WHEN 0 THEN 0.0 WHEN 1 THEN 0.8 WHEN 2 THEN 0.9 ELSE 1.0 END)";
  }

  private static final String DAYS_OVERDUE = "((c.now - " + epoch("n.due") + ") / 86400.0)";
  private static final String AGE_DAYS = "CAST((c.now - CAST(substr(n.created, 1, 15) AS INTEGER) / 1000) / 86400 AS INTEGER)";

  /** The urgency of the row {@code n}, a REAL. */
  static final String SQL = "("
      // next: the tag 'next' (urgency.user.tag.next.coefficient 15.0)
      + "15.0 * EXISTS (SELECT 1 FROM entries t WHERE t.node = n.id AND t.field = 'tags' AND t.value = '\"next\"')"
      // due 12.0: 0.2 two weeks or more ahead, rising linearly to 1.0 a week overdue (the days overdue
      // clamped to -14..7 give both caps, and the date is read once a row)
      + " + 12.0 * (CASE WHEN n.due IS NULL THEN 0.0 ELSE ((min(max(" + DAYS_OVERDUE + ", -14.0), 7.0) + 14.0) * 0.8 / 21.0)"
      + " + 0.2 END)"
      // blocking 8.0: a pending task depends on this one
      + " + 8.0 * EXISTS (SELECT 1 FROM entries b JOIN nodes m ON m.id = b.node WHERE b.field = 'links'"
      + " AND b.value = '" + DEPENDS_PREFIX + "' || n.id || '\"}' AND " + PENDING_M + ")"
      // priority: H 6.0, M 3.9, L 1.8 (urgency.uda.priority.*.coefficient)
      + " + (CASE n.priority WHEN 'H' THEN 6.0 WHEN 'M' THEN 3.9 WHEN 'L' THEN 1.8 ELSE 0.0 END)"
      // scheduled 5.0: the scheduled moment has passed
      + " + 5.0 * (n.scheduled IS NOT NULL AND " + epoch("n.scheduled") + " < c.now)"
      // active 4.0: started
      + " + 4.0 * (n.start IS NOT NULL)"
      // age 2.0: whole days since creation over 365, capped at 1
      + " + 2.0 * (min(" + AGE_DAYS + ", 365) / 365.0)"
      // annotations 1.0, tags 1.0: by count
      + " + 1.0 * " + countTerm("json_array_length(n.annotations)")
      + " + 1.0 * " + countTerm("json_array_length(n.tags)")
      // project 1.0
      + " + 1.0 * (n.project IS NOT NULL)"
      // waiting -3.0: hidden until a wait moment still ahead
      + " - 3.0 * (n.wait IS NOT NULL AND " + epoch("n.wait") + " > c.now)"
      // blocked -5.0: depends on a pending task
      + " - 5.0 * EXISTS (SELECT 1 FROM entries d JOIN nodes m ON m.id = substr(d.value, " + (DEPENDS_PREFIX.length() + 1)
      + ", 36) WHERE d.node = n.id AND d.field = 'links' AND substr(d.value, 1, " + DEPENDS_PREFIX.length() + ") = '"
      + DEPENDS_PREFIX + "' AND " + PENDING_M + ")"
      + ")";
}
