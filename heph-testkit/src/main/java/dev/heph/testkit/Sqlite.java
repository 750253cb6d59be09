package dev.heph.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Looks into (and, for damage tests, breaks) heph database files from the test JVM, beside heph
 * rather than through it. Reads are safe while a hub or CLI process has the file open: WAL readers
 * never block the writer.
 */
public final class Sqlite {
  private Sqlite() {}

  /** A read-only connection; the caller closes it. */
  public static Connection readOnly(Path db) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    return config.createConnection("jdbc:sqlite:" + db.toAbsolutePath());
  }

  /** What a query does with each row. */
  public interface Row {
    void accept(ResultSet rs) throws SQLException;
  }

  /**
   * Runs a query on an existing database file (a missing one is not created) over a plain
   * connection, as any SQLite client would: closing it as the file's last connection checkpoints
   * the WAL and removes the side files, so a test may compare the directory before and after.
   */
  public static void query(Path db, String sql, Row row) {
    if (!Files.isRegularFile(db)) {
      throw new AssertionError("no database file at " + db);
    }
    try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + db)) {
      select(c, db, sql, row);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** Runs a query over a {@link #readOnly} connection: safe beside a process that writes. */
  public static void queryReadOnly(Path db, String sql, Row row) {
    try (Connection c = readOnly(db)) {
      select(c, db, sql, row);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static void select(Connection c, Path db, String sql, Row row) {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        row.accept(rs);
      }
    } catch (SQLException e) {
      throw new AssertionError("query on " + db + " failed: " + sql, e);
    }
  }

  /** Counts the rows a query returns. */
  public static int count(Path db, String sql) {
    int[] n = {0};
    query(db, sql, rs -> n[0]++);
    return n[0];
  }

  /** The first column of the first row, as a number, read-only. */
  public static long number(Path db, String sql) {
    List<Long> values = new ArrayList<>();
    queryReadOnly(db, sql, rs -> values.add(rs.getLong(1)));
    assertThat(values).as("rows of %s on %s", sql, db).isNotEmpty();
    return values.getFirst();
  }

  /** The first column of every row, as text, read-only. */
  public static List<String> strings(Path db, String sql) {
    List<String> out = new ArrayList<>();
    queryReadOnly(db, sql, rs -> out.add(rs.getString(1)));
    return out;
  }

  /** Runs statements on a plain read-write SQLite connection (not through heph). */
  public static void exec(Path db, String... sql) {
    try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** The number of ops in a database's op log. */
  public static long opCount(Path db) {
    return number(db, "SELECT count(*) FROM ops");
  }

  /** The number of ops a replica made itself (received ones carry the hub they came from). */
  public static long ownOpCount(Path db) {
    return number(db, "SELECT count(*) FROM ops WHERE source IS NULL");
  }

  /** Every op's hlc, sorted: the op log as a set. */
  public static List<String> opHlcs(Path db) {
    return strings(db, "SELECT hlc FROM ops ORDER BY hlc");
  }

  /** The side files SQLite keeps next to a database in WAL mode. */
  public static List<Path> sideFiles(Path db) {
    return List.of(db.resolveSibling(db.getFileName() + "-wal"), db.resolveSibling(db.getFileName() + "-shm"));
  }

  public static List<Path> existingSideFiles(Path db) {
    return sideFiles(db).stream().filter(Files::exists).toList();
  }

  /**
   * Overwrites the root page of a table or index with garbage, on disk, as a failing disk or a
   * stray write would: SQLite can no longer parse that b-tree page. The database must be closed by
   * everyone else: its WAL is checkpointed into the file first, and a WAL left behind (another
   * connection still open) would hide the damage, so it fails the test.
   */
  public static void overwritePage(Path db, String object) {
    long page;
    int pageSize;
    try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT rootpage FROM sqlite_schema WHERE name = '" + object + "'")) {
        page = rs.getLong(1);
      }
      try (ResultSet rs = st.executeQuery("PRAGMA page_size")) {
        pageSize = rs.getInt(1);
      }
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    assertThat(page).as("root page of %s", object).isGreaterThan(1);
    assertThat(Path.of(db + "-wal")).as("WAL of %s (is it still open?)", db).doesNotExist();
    byte[] garbage = new byte[pageSize];
    Arrays.fill(garbage, (byte) 0xA5);
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      f.seek((page - 1) * pageSize);
      f.write(garbage);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
