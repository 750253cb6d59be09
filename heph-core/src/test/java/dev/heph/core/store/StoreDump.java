package dev.heph.core.store;

import dev.heph.core.op.Json;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpReader;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Test helper: canonical text dumps of a store, so that two replicas can be compared byte for byte.
 *
 * <p>The dump leaves out what legitimately differs between replicas holding the same ops: the
 * op log's {@code seq} (insertion order), its {@code source} column (where an op came from), rowids
 * and the {@code meta} table (origin, cursors).
 */
public final class StoreDump {
  private StoreDump() {}

  /** Gives the database at {@code db} this device id before anything opens it as a replica (seeded tests). */
  public static void setOrigin(java.nio.file.Path db, String origin) {
    try (SqliteStore store = SqliteStore.open(db)) {
      store.write(tx -> {
        tx.putMeta("origin", origin);
        return null;
      });
    }
  }

  /** The columns of the nodes table, in the order of {@link #state}. */
  public static final String NODE_COLUMNS = "id, kind, " + String.join(", ",
      java.util.Arrays.stream(dev.heph.core.op.Field.values()).map(dev.heph.core.op.Field::wireName).toList())
      + ", created, updated, conflict_mask";

  /** Materialized state (nodes, entries, shadowed), ops (by hlc) and full-text search answers. */
  public static String canonical(SqliteStore store) {
    return store.read(tx -> state(tx) + ops(tx) + search(tx));
  }

  /** Only the materialized tables: nodes, entries and shadowed, each ordered by its key. */
  public static String state(SqliteStore store) {
    return store.read(StoreDump::state);
  }

  /** The op log by hlc ({@code hlc|node|body} rows), the part of {@link #canonical} after the state. */
  public static String opLog(SqliteStore store) {
    return store.read(StoreDump::ops);
  }

  /** The op log's bodies in insertion ({@code seq}) order, as a hub would relay them. */
  public static List<String> opBodies(SqliteStore store) {
    return store.read(tx -> {
      List<String> out = new ArrayList<>();
      try (ResultSet rs = tx.statement("SELECT body FROM ops ORDER BY seq").executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  /** The op log parsed, in insertion order. */
  public static List<Op> ops(SqliteStore store) {
    return opBodies(store).stream().map(OpReader::parse).toList();
  }

  /** Row count of one table. */
  public static long count(SqliteStore store, String table) {
    return store.read(tx -> {
      try (ResultSet rs = tx.statement("SELECT count(*) FROM " + table).executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** The rows of any query (each column as text), for tests that look at the stored bytes. */
  public static List<List<String>> rows(SqliteStore store, String sql, String... params) {
    return store.read(tx -> {
      PreparedStatement ps = tx.statement(sql);
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      List<List<String>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            row.add(rs.getString(i));
          }
          out.add(row);
        }
      }
      return out;
    });
  }

  /**
   * Runs FTS5's own consistency check of the search index against the nodes table; throws when
   * the index and the content disagree.
   */
  public static void checkSearchIndex(SqliteStore store) {
    store.write(tx -> tx.statement("INSERT INTO nodes_fts(nodes_fts, rank) VALUES ('integrity-check', 1)")
        .executeUpdate());
  }

  /** One row in the dump format: each value JSON-quoted, SQL NULL as {@code NULL}. */
  public static String row(String... values) {
    StringBuilder sb = new StringBuilder();
    for (String v : values) {
      if (!sb.isEmpty()) {
        sb.append('|');
      }
      sb.append(v == null ? "NULL" : Json.quote(v));
    }
    return sb.append('\n').toString();
  }

  private static String state(Tx tx) throws SQLException {
    return "nodes:\n" + table(tx, "SELECT " + NODE_COLUMNS + " FROM nodes ORDER BY id")
        + "entries:\n" + table(tx, "SELECT node, field, hlc, value FROM entries ORDER BY node, field, hlc")
        + "shadowed:\n" + table(tx, "SELECT node, field, hlc FROM shadowed ORDER BY node, field, hlc");
  }

  private static String ops(Tx tx) throws SQLException {
    return "ops:\n" + table(tx, "SELECT hlc, node, body FROM ops ORDER BY hlc");
  }

  /** For every word of every title and body: the live and deleted nodes that the index finds for it. */
  private static String search(Tx tx) throws SQLException {
    TreeSet<String> words = new TreeSet<>();
    try (ResultSet rs = tx.statement("SELECT title, body FROM nodes").executeQuery()) {
      while (rs.next()) {
        for (int i = 1; i <= 2; i++) {
          String text = rs.getString(i);
          if (text != null) {
            for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
              if (!w.isEmpty()) {
                words.add(w);
              }
            }
          }
        }
      }
    }
    StringBuilder sb = new StringBuilder("search:\n");
    PreparedStatement ps = tx.statement(
        "SELECT n.id FROM nodes_fts f JOIN nodes n ON n.rowid = f.rowid WHERE nodes_fts MATCH ? ORDER BY n.id");
    for (String w : words) {
      ps.setString(1, "\"" + w + "\"");
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      sb.append(w).append(" -> ").append(ids).append('\n');
    }
    return sb.toString();
  }

  private static String table(Tx tx, String sql) throws SQLException {
    StringBuilder sb = new StringBuilder();
    try (ResultSet rs = tx.statement(sql).executeQuery()) {
      int n = rs.getMetaData().getColumnCount();
      String[] values = new String[n];
      while (rs.next()) {
        for (int i = 0; i < n; i++) {
          values[i] = rs.getString(i + 1);
        }
        sb.append(row(values));
      }
    }
    return sb.toString();
  }
}
