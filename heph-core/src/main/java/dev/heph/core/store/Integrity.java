package dev.heph.core.store;

import dev.heph.core.CheckReport;
import dev.heph.core.CheckReport.Kind;
import dev.heph.core.CheckReport.Problem;
import dev.heph.core.HephException;
import dev.heph.core.HephException.StoreFailure;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Json;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpReader;
import dev.heph.core.op.OpWriter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code heph check}: SQLite's own integrity check, then heph's invariants. Every op decodes with
 * the strict codec and its columns agree with its body; no two ops share an hlc; this device's own
 * ops are in the order it issued them; the meta facts are there; and the materialized tables
 * (nodes, register heads and set elements, shadows, the full-text index) are exactly what a replay
 * of the op log through the merge engine into a fresh in-memory replica produces.
 *
 * <p>Each step runs on its own, so that damage one step trips over (SQLite refusing a page) is
 * reported and the other steps still run. The log is read and compared in one read transaction:
 * one consistent snapshot, while other processes keep writing.
 */
final class Integrity {
  private Integrity() {}

  /** Ops replayed per transaction of the in-memory replica (bounds its write-back cache). */
  private static final int BATCH = 5_000;
  /** Problems listed per kind; the rest are counted in one last line. */
  private static final int PER_KIND = 20;

  /** The full check. */
  static CheckReport full(SqliteStore store) {
    Findings found = new Findings();
    long[] counts = new long[2];
    guarded(found, "SQLite's integrity check", () -> sqlite(store, "integrity_check", found));
    guarded(found, "the search index", () -> searchIndex(store, found));
    guarded(found, "the meta table", () -> meta(store, found));
    guarded(found, "the op log and the materialized state", () -> store.read(tx -> {
      try (SqliteStore replay = SqliteStore.inMemory(store.origin())) {
        counts[0] = replayLog(tx, store.origin(), replay, found);
        counts[1] = compare(tx, replay, StateTable.NODES, found);
        compare(tx, replay, StateTable.ENTRIES, found);
        compare(tx, replay, StateTable.SHADOWED, found);
      }
      return null;
    }));
    return new CheckReport(counts[0], counts[1], found.problems());
  }

  /** SQLite's quick check alone: every page is read and parsed, but indexes are not matched to their tables. */
  static List<Problem> quick(SqliteStore store) {
    Findings found = new Findings();
    guarded(found, "SQLite's quick check", () -> sqlite(store, "quick_check", found));
    return found.problems();
  }

  /** Runs one step; SQLite finding damage on its way is a problem found, not a failure of the check. */
  private static void guarded(Findings found, String what, Runnable step) {
    int before = found.count(Kind.SQLITE);
    try {
      step.run();
    } catch (StoreFailure e) {
      if (e.kind() != StoreFailure.Kind.STORE_DAMAGED && e.kind() != StoreFailure.Kind.STORE_IO_ERROR) {
        throw e;
      }
      if (found.count(Kind.SQLITE) > before) {
        return; // SQLite gives up on a tree after reporting it: what it reported says more than its error
      }
      found.add(Kind.SQLITE, "SQLite failed while checking " + what + ": "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
    }
  }

  private static void sqlite(SqliteStore store, String pragma, Findings found) {
    store.read(tx -> {
      try (ResultSet rs = tx.statement("PRAGMA " + pragma).executeQuery()) {
        while (rs.next()) {
          // One row per problem, though a row may hold several lines; "*** in database main ***" only heads them.
          for (String line : rs.getString(1).split("\n")) {
            if (!line.equals("ok") && !line.startsWith("*** in database ")) {
              found.add(Kind.SQLITE, pragma + ": " + line);
            }
          }
        }
      }
      return null;
    });
  }

  private static boolean isCorrupt(SQLException e) {
    return SqliteStore.Failures.primary(e) == org.sqlite.SQLiteErrorCode.SQLITE_CORRUPT;
  }

  /**
   * FTS5's own check of the index against the nodes table. It is an INSERT to SQLite, hence a
   * (short, writing nothing) write transaction.
   */
  private static void searchIndex(SqliteStore store, Findings found) {
    store.write(tx -> {
      try {
        tx.statement("INSERT INTO nodes_fts(nodes_fts, rank) VALUES ('integrity-check', 1)").executeUpdate();
      } catch (SQLException e) {
        if (!isCorrupt(e)) {
          throw e;
        }
        found.add(Kind.SEARCH_INDEX, "the full-text index does not match the nodes table (" + e.getMessage() + ")");
      }
      return null;
    });
  }

  private static void meta(SqliteStore store, Findings found) {
    store.read(tx -> {
      String origin = tx.meta("origin");
      if (origin == null || !Hlc.isOrigin(origin)) {
        found.add(Kind.META, origin == null ? "the meta table has no origin id"
            : "the origin id " + Json.quote(origin) + " is not 16 lowercase hex digits");
      }
      String version = tx.meta("schema_version");
      if (!Integer.toString(Schema.CURRENT).equals(version)) {
        found.add(Kind.META, "meta schema_version is " + (version == null ? "missing" : Json.quote(version))
            + ", expected " + Schema.CURRENT);
      }
      try (ResultSet rs = tx.statement("SELECT a.application_id, v.user_version"
          + " FROM pragma_application_id() a, pragma_user_version() v").executeQuery()) {
        rs.next();
        if (rs.getInt(1) != Schema.APPLICATION_ID) {
          found.add(Kind.META, "application_id is " + rs.getInt(1) + ", expected " + Schema.APPLICATION_ID);
        }
        if (rs.getInt(2) != Schema.CURRENT) {
          found.add(Kind.META, "user_version is " + rs.getInt(2) + ", expected " + Schema.CURRENT);
        }
      }
      return null;
    });
  }

  /**
   * Decodes every op in log order, checks it, and applies it to {@code replay}. Returns how many
   * ops the log holds.
   */
  private static long replayLog(Tx tx, String origin, SqliteStore replay, Findings found) throws SQLException {
    Set<String> duplicated = duplicateHlcs(tx, found);
    Set<String> replayed = new HashSet<>();
    List<Op> batch = new ArrayList<>(BATCH);
    List<String> sources = new ArrayList<>(BATCH);
    Hlc lastOwn = null;
    long count = 0;
    try (ResultSet rs = tx.statement("SELECT seq, hlc, node, body, source FROM ops ORDER BY seq").executeQuery()) {
      while (rs.next()) {
        count++;
        long seq = rs.getLong(1);
        String hlc = rs.getString(2);
        String body = rs.getString(4);
        String source = rs.getString(5);
        Op op;
        try {
          op = OpReader.parse(body);
        } catch (HephException | IllegalArgumentException e) {
          found.add(Kind.OP, "op at seq " + seq + " (hlc " + hlc + ") does not decode: " + e.getMessage());
          continue;
        }
        if (!op.hlc().toString().equals(hlc) || !op.node().equals(rs.getString(3))) {
          found.add(Kind.OP, "op at seq " + seq + ": its columns say hlc " + hlc + ", node " + rs.getString(3)
              + ", its body says hlc " + op.hlc() + ", node " + op.node());
        } else if (!OpWriter.toJson(op).equals(body)) {
          found.add(Kind.OP, "op " + hlc + " is not stored in its canonical form");
        }
        // Ops made here take an hlc above every one in the log (HybridClock.next), so in log order they only rise.
        if (source == null && op.hlc().origin().equals(origin)) {
          if (lastOwn != null && op.hlc().compareTo(lastOwn) <= 0) {
            found.add(Kind.HLC, "op " + op.hlc() + " made on this device comes after " + lastOwn
                + " in the log but has an earlier hlc");
          }
          lastOwn = op.hlc();
        }
        if (duplicated.contains(op.hlc().toString()) && !replayed.add(op.hlc().toString())) {
          continue; // reported already; the merge engine would refuse a second body under the hlc
        }
        batch.add(op);
        sources.add(source);
        if (batch.size() == BATCH) {
          apply(replay, batch, sources);
        }
      }
    }
    apply(replay, batch, sources);
    return count;
  }

  private static void apply(SqliteStore replay, List<Op> batch, List<String> sources) {
    replay.write(rtx -> {
      for (int i = 0; i < batch.size(); i++) {
        rtx.apply(batch.get(i), sources.get(i));
      }
      return null;
    });
    batch.clear();
    sources.clear();
  }

  /** Hlcs stored more than once, found by a scan of the table itself (not of its unique index, which may be the damaged part). */
  private static Set<String> duplicateHlcs(Tx tx, Findings found) throws SQLException {
    Set<String> out = new HashSet<>();
    try (ResultSet rs = tx.statement("SELECT hlc, count(*) FROM ops NOT INDEXED GROUP BY hlc HAVING count(*) > 1")
        .executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
        found.add(Kind.HLC, "hlc " + rs.getString(1) + " is stored " + rs.getLong(2) + " times; an hlc names one op");
      }
    }
    return out;
  }

  /** A materialized table (named as in the schema): its columns, and how many of them (from the first) are its key. */
  private enum StateTable {
    NODES("id, kind, " + String.join(", ", java.util.Arrays.stream(dev.heph.core.op.Field.values())
        .map(dev.heph.core.op.Field::wireName).toList()) + ", created, updated, conflict_mask", 1),
    ENTRIES("node, field, hlc, value", 3),
    SHADOWED("node, field, hlc", 3);

    final String columns;
    final int keyColumns;

    StateTable(String columns, int keyColumns) {
      this.columns = columns;
      this.keyColumns = keyColumns;
    }
  }

  /**
   * Walks the stored table and the replayed one side by side, both ordered by key, and reports
   * every row that one has and the other lacks or holds differently. Returns the stored row count.
   */
  private static long compare(Tx tx, SqliteStore replay, StateTable shape, Findings found) {
    String table = shape.name().toLowerCase(java.util.Locale.ROOT);
    String sql = "SELECT " + shape.columns + " FROM " + table + " ORDER BY "
        + String.join(", ", List.of(shape.columns.split(", ")).subList(0, shape.keyColumns));
    return replay.read(rtx -> {
      long stored = 0;
      try (ResultSet a = tx.statement(sql).executeQuery(); ResultSet b = rtx.statement(sql).executeQuery()) {
        String[] columns = shape.columns.split(", ");
        String[] ra = next(a, columns.length);
        String[] rb = next(b, columns.length);
        while (ra != null || rb != null) {
          int c = ra == null ? 1 : rb == null ? -1 : compareKeys(ra, rb, shape.keyColumns);
          if (c < 0) {
            found.add(Kind.STATE, describe(table, ra, shape) + " is stored, but the op log does not produce it");
          } else if (c > 0) {
            found.add(Kind.STATE, describe(table, rb, shape) + " is missing, though the op log produces it");
          } else {
            for (int i = shape.keyColumns; i < columns.length; i++) {
              if (!Objects.equals(ra[i], rb[i])) {
                found.add(Kind.STATE, describe(table, ra, shape) + ": " + columns[i] + " is " + show(ra[i])
                    + ", the op log gives " + show(rb[i]));
              }
            }
          }
          if (c <= 0) {
            stored++;
            ra = next(a, columns.length);
          }
          if (c >= 0) {
            rb = next(b, columns.length);
          }
        }
      }
      return stored;
    });
  }

  private static String[] next(ResultSet rs, int columns) throws SQLException {
    if (!rs.next()) {
      return null;
    }
    String[] row = new String[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = rs.getString(i + 1);
    }
    return row;
  }

  /** Keys are ids, field names and hlcs: ASCII, where Java's order is SQLite's binary order. */
  private static int compareKeys(String[] a, String[] b, int keyColumns) {
    for (int i = 0; i < keyColumns; i++) {
      int c = Objects.compare(a[i], b[i], NULLS_FIRST);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

  private static String describe(String table, String[] row, StateTable shape) {
    return switch (shape) {
      case NODES -> "node " + row[0];
      case ENTRIES -> "the " + row[1] + " entry " + row[2] + " of node " + row[0];
      case SHADOWED -> "the shadow of " + row[2] + " in " + row[1] + " of node " + row[0];
    } + " (" + table + ")";
  }

  private static String show(String value) {
    if (value == null) {
      return "NULL";
    }
    String quoted = Json.quote(value);
    return quoted.length() > 80 ? quoted.substring(0, 77) + "...\"" : quoted;
  }

  /** Problems found so far, at most {@link #PER_KIND} listed per kind. */
  private static final class Findings {
    private final List<Problem> listed = new ArrayList<>();
    private final EnumMap<Kind, Integer> counts = new EnumMap<>(Kind.class);

    void add(Kind kind, String message) {
      if (counts.merge(kind, 1, Integer::sum) <= PER_KIND) {
        listed.add(new Problem(kind, printable(message)));
      }
    }

    /**
     * Messages quote what a damaged or hostile file holds, and are printed on terminals: control
     * characters (C0, DEL, C1) are shown escaped, never sent raw, and a message stays one line.
     */
    private static String printable(String message) {
      StringBuilder sb = new StringBuilder(message.length());
      message.chars().forEach(c -> {
        if (Character.isISOControl(c)) {
          sb.append(String.format("\\u%04x", c));
        } else {
          sb.append((char) c);
        }
      });
      return sb.toString();
    }

    int count(Kind kind) {
      return counts.getOrDefault(kind, 0);
    }

    List<Problem> problems() {
      List<Problem> out = new ArrayList<>(listed);
      counts.forEach((kind, n) -> {
        if (n > PER_KIND) {
          out.add(new Problem(kind, "and " + (n - PER_KIND) + " more " + kind.wireName() + " problems"));
        }
      });
      return out;
    }
  }
}
