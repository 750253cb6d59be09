package dev.heph.core.store;

import java.util.List;

/**
 * The working set: a short number for every open node on this device (Taskwarrior's 1, 2, 3).
 *
 * <p>Numbers live in a local table kept by triggers on {@code nodes}, so they change in the same
 * transaction as the state that opens or closes a node, whichever path wrote it (a local command,
 * a sync, a re-stamp's rebuild, a replay). They cannot be computed at read time: a number must stay
 * put while other nodes close, which an order over the open nodes alone cannot give. They are
 * never ops and never synced: each device numbers what it sees. A node keeps its number while it
 * is open; closing it (done, cancelled, deleted) frees the number, and the lowest freed number is
 * taken first. Invariant: {@code worknums} and {@code worknums_free} are disjoint and together are
 * exactly 1..their maximum, so both the lowest free number and the next new one are index lookups.
 */
final class WorkingSet {
  private WorkingSet() {}

  /** Digit strings of at most this many characters are working-set numbers, never id prefixes. */
  static final int MAX_DIGITS = 6;

  // Every string here is a compile-time constant (no concatenation at run time): Schema's list of
  // steps is built on every start-up, and this keeps it free.
  private static final String OPEN = "new.kind IS NOT NULL AND new.deleted = 0"
      + " AND (new.status IS NULL OR new.status NOT IN ('done', 'cancelled'))";
  private static final String OPEN_ROW = "n.kind IS NOT NULL AND n.deleted = 0"
      + " AND (n.status IS NULL OR n.status NOT IN ('done', 'cancelled'))";
  private static final String UNNUMBERED = "NOT EXISTS (SELECT 1 FROM worknums WHERE node = new.id)";
  private static final String NUMBERED = "EXISTS (SELECT 1 FROM worknums WHERE node = new.id)";

  private static final String TAKE = """
       BEGIN
      INSERT INTO worknums(num, node) VALUES
        (coalesce((SELECT min(num) FROM worknums_free), (SELECT coalesce(max(num), 0) + 1 FROM worknums)), new.id);
      DELETE FROM worknums_free WHERE num = (SELECT num FROM worknums WHERE node = new.id);
      END""";
  private static final String FREE = """
       BEGIN
      INSERT INTO worknums_free(num) SELECT num FROM worknums WHERE node = new.id;
      DELETE FROM worknums WHERE node = new.id;
      END""";

  /** The schema step that adds the working set, numbering the nodes open today in creation order. */
  static final List<String> STEP = List.of(
      "CREATE TABLE worknums (num INTEGER PRIMARY KEY, node TEXT NOT NULL UNIQUE)",
      "CREATE TABLE worknums_free (num INTEGER PRIMARY KEY)",
      "INSERT INTO worknums(num, node) SELECT row_number() OVER (ORDER BY id), id FROM nodes n WHERE " + OPEN_ROW,
      // A row deleted by a re-stamp's rebuild comes back at once: its number is kept, not freed.
      "CREATE TRIGGER worknums_take_on_insert AFTER INSERT ON nodes WHEN " + OPEN + " AND " + UNNUMBERED + TAKE,
      "CREATE TRIGGER worknums_free_on_insert AFTER INSERT ON nodes WHEN NOT (" + OPEN + ") AND " + NUMBERED + FREE,
      "CREATE TRIGGER worknums_take_on_update AFTER UPDATE ON nodes WHEN " + OPEN + " AND " + UNNUMBERED + TAKE,
      "CREATE TRIGGER worknums_free_on_update AFTER UPDATE ON nodes WHEN NOT (" + OPEN + ") AND " + NUMBERED + FREE);

  /**
   * Joined after {@code nodes n} in every query that reads nodes through a {@link Projection}: a
   * join costs nothing measurable on a 10,000-node list, where a correlated subquery cost a third.
   */
  static final String JOIN = " LEFT JOIN worknums w ON w.node = n.id";

  /** The node's number (null when closed), over {@link #JOIN}. */
  static final String NUM_COLUMN = "w.num";
}
