package dev.heph.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * Read-only looks into heph database files (a hub's or a replica's), safe while a hub or CLI
 * process has them open: WAL readers never block the writer.
 */
final class Sqlite {
  private Sqlite() {}

  /** A read-only connection; the caller closes it. */
  static Connection readOnly(Path db) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    return config.createConnection("jdbc:sqlite:" + db.toAbsolutePath());
  }

  /** The number of ops in a database's op log. */
  static long opCount(Path db) {
    return number(db, "SELECT count(*) FROM ops");
  }

  /** The number of ops a replica made itself (received ones carry the hub they came from). */
  static long ownOpCount(Path db) {
    return number(db, "SELECT count(*) FROM ops WHERE source IS NULL");
  }

  static long number(Path db, String sql) {
    try (Connection c = readOnly(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError("query on " + db + " failed: " + sql, e);
    }
  }

  /** The first column of every row, as text. */
  static List<String> strings(Path db, String sql) {
    try (Connection c = readOnly(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw new AssertionError("query on " + db + " failed: " + sql, e);
    }
  }

  /** Every op's hlc, sorted: the op log as a set. */
  static List<String> opHlcs(Path db) {
    return strings(db, "SELECT hlc FROM ops ORDER BY hlc");
  }

  /** The side files SQLite keeps next to a database in WAL mode. */
  static List<Path> sideFiles(Path db) {
    return List.of(db.resolveSibling(db.getFileName() + "-wal"), db.resolveSibling(db.getFileName() + "-shm"));
  }

  static List<Path> existingSideFiles(Path db) {
    return sideFiles(db).stream().filter(Files::exists).toList();
  }
}
