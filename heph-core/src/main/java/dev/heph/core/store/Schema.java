package dev.heph.core.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database layout, by version. A database records its version in {@code PRAGMA user_version}
 * (and in {@code meta}); opening one runs the steps after it, each in the opening transaction.
 */
final class Schema {
  private Schema() {}

  /** Marks a SQLite file as heph's ("HEPH" in ASCII), so a foreign database is never written to. */
  static final int APPLICATION_ID = 0x48455048;

  /**
   * The task fields of issue 13: a column per new register, the annotations as a JSON array
   * sorted by entry, the UDAs as one JSON object; nullable or defaulted, so existing rows stay
   * valid as they are. The partial indexes serve filters on the dates and projects people set.
   */
  private static final List<String> TASK_FIELDS = List.of(
      "ALTER TABLE nodes ADD COLUMN project TEXT",
      "ALTER TABLE nodes ADD COLUMN scheduled TEXT",
      "ALTER TABLE nodes ADD COLUMN wait TEXT",
      "ALTER TABLE nodes ADD COLUMN until TEXT",
      "ALTER TABLE nodes ADD COLUMN start TEXT",
      "ALTER TABLE nodes ADD COLUMN annotations TEXT NOT NULL DEFAULT '[]'",
      "ALTER TABLE nodes ADD COLUMN udas TEXT NOT NULL DEFAULT '{}'",
      "CREATE INDEX nodes_by_project ON nodes(project) WHERE project IS NOT NULL",
      "CREATE INDEX nodes_by_scheduled ON nodes(scheduled) WHERE scheduled IS NOT NULL",
      "CREATE INDEX nodes_by_wait ON nodes(wait) WHERE wait IS NOT NULL",
      "CREATE INDEX nodes_by_until ON nodes(until) WHERE until IS NOT NULL",
      // Which tasks depend on a task (blocking, blocked): links looked up by value, like tags.
      "CREATE INDEX links_by_value ON entries(value, node) WHERE field = 'links'");

  /** Step {@code i} brings a database from version {@code i} to {@code i + 1}. */
  private static final List<List<String>> STEPS = List.of(List.of(
      // key/value facts about this replica: origin device id, schema version, hub cursors later.
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
      // The op log. seq keeps insertion order (a hub's sequence numbers, a spoke's push cursor);
      // hlc is the op's identity; body is its canonical JSON, which is also its wire form.
      // source is null for ops made here, else the id of the hub it was received from.
      """
      CREATE TABLE ops (
        seq INTEGER PRIMARY KEY,
        hlc TEXT NOT NULL UNIQUE,
        node TEXT NOT NULL,
        body TEXT NOT NULL,
        source TEXT)""",
      "CREATE INDEX ops_by_node ON ops(node, hlc)",
      // Materialized nodes: one row per node, each register's visible value in its own column,
      // sets as sorted JSON arrays, conflicted registers as a bit mask. Reads never replay ops.
      """
      CREATE TABLE nodes (
        id TEXT PRIMARY KEY,
        kind TEXT,
        title TEXT,
        body TEXT,
        status TEXT,
        priority TEXT,
        due TEXT,
        recur TEXT,
        parent TEXT,
        deleted INTEGER NOT NULL DEFAULT 0,
        tags TEXT NOT NULL DEFAULT '[]',
        links TEXT NOT NULL DEFAULT '[]',
        created TEXT,
        updated TEXT NOT NULL,
        conflict_mask INTEGER NOT NULL DEFAULT 0)""",
      "CREATE INDEX nodes_by_status ON nodes(status)",
      "CREATE INDEX nodes_by_due ON nodes(due) WHERE due IS NOT NULL",
      "CREATE INDEX nodes_in_conflict ON nodes(id) WHERE conflict_mask != 0",
      // Register heads and set elements: the ops currently contributing to a field.
      """
      CREATE TABLE entries (
        node TEXT NOT NULL,
        field TEXT NOT NULL,
        hlc TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (node, field, hlc)) WITHOUT ROWID""",
      // For `list --tag`: only tags are looked up by value, so only tag rows pay for this index.
      "CREATE INDEX tags_by_value ON entries(value, node) WHERE field = 'tags'",
      // Every hlc some applied op named in prev: such an op never (re)enters entries.
      """
      CREATE TABLE shadowed (
        node TEXT NOT NULL,
        field TEXT NOT NULL,
        hlc TEXT NOT NULL,
        PRIMARY KEY (node, field, hlc)) WITHOUT ROWID""",
      "CREATE VIRTUAL TABLE nodes_fts USING fts5(title, body, content='nodes', content_rowid='rowid')",
      """
      CREATE TRIGGER nodes_fts_insert AFTER INSERT ON nodes BEGIN
        INSERT INTO nodes_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
      END""",
      """
      CREATE TRIGGER nodes_fts_update AFTER UPDATE OF title, body ON nodes BEGIN
        INSERT INTO nodes_fts(nodes_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
        INSERT INTO nodes_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);
      END"""), WorkingSet.STEP, TASK_FIELDS);

  /** The version this build writes and understands. */
  static final int CURRENT = STEPS.size();

  /** Runs the steps from {@code fromVersion} to {@link #CURRENT} on an open transaction. */
  static void migrate(Connection conn, int fromVersion) throws SQLException {
    try (Statement st = conn.createStatement()) {
      for (int v = fromVersion; v < CURRENT; v++) {
        for (String sql : STEPS.get(v)) {
          st.execute(sql);
        }
      }
      st.execute("PRAGMA application_id = " + APPLICATION_ID);
      st.execute("PRAGMA user_version = " + CURRENT);
      st.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '" + CURRENT + "')"
          + " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    }
  }
}
