package dev.heph.auth.accounts;

import dev.heph.core.HephException;
import dev.heph.core.HephException.StoreFailure;
import dev.heph.core.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The accounts database's SQLite connection: opening (0600, WAL, busy timeout, schema checked
 * and migrated), short transactions, and one-line statements. Its callers hold its lock.
 */
final class AccountsDb implements AutoCloseable {
  /** How long a write waits for another process's write to finish. */
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;

  /** Reads one row. */
  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Work inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  private final Path file;
  private final Connection conn;
  private final List<String> notices;

  private AccountsDb(Path file, Connection conn, List<String> notices) {
    this.file = file;
    this.conn = conn;
    this.notices = List.copyOf(notices);
  }

  static AccountsDb open(Path file) {
    List<String> notices = new ArrayList<>();
    try {
      PrivateFiles.createDirectories(file.getParent());
      // Created 0600 before SQLite opens it, so that its -wal and -shm (which take the file's mode) are private too.
      PrivateFiles.createFile(file);
      PrivateFiles.tighten(file).ifPresent(notices::add);
    } catch (IOException e) {
      throw new StoreFailure(StoreFailure.Kind.STORE_UNUSABLE,
          "cannot create the accounts database " + file + ": " + e.getMessage(), e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    Connection conn;
    try {
      // As a URI with the path percent-encoded: sqlite-jdbc would read a '?' in a plain path as settings.
      conn = config.createConnection("jdbc:sqlite:file:" + file.toUri().getRawPath());
    } catch (SQLException e) {
      throw failure(e, file);
    }
    AccountsDb db = new AccountsDb(file, conn, notices);
    try {
      db.prepare();
      return db;
    } catch (SQLException e) {
      db.close();
      throw failure(e, file);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private void prepare() throws SQLException {
    try (Statement st = conn.createStatement()) {
      checkedVersion(st);
      st.execute("PRAGMA journal_mode = WAL");
      st.execute("PRAGMA synchronous = FULL");
      st.execute("PRAGMA foreign_keys = ON");
    }
    write(() -> {
      try (Statement st = conn.createStatement()) {
        int version = checkedVersion(st); // again under the lock: another process may have made it meanwhile
        if (version < AccountsSchema.CURRENT) {
          AccountsSchema.migrate(conn, version);
        }
      }
      return null;
    });
  }

  private int checkedVersion(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT a.application_id, v.user_version,"
        + " (SELECT count(*) FROM sqlite_schema) FROM pragma_application_id() a, pragma_user_version() v")) {
      rs.next();
      int applicationId = rs.getInt(1);
      int version = rs.getInt(2);
      boolean fresh = applicationId == 0 && version == 0 && rs.getInt(3) == 0;
      if (!fresh && applicationId != AccountsSchema.APPLICATION_ID) {
        throw new StoreFailure(StoreFailure.Kind.NOT_HEPH_DATABASE,
            file + " is not a heph accounts database; refusing to touch it", null);
      }
      if (version > AccountsSchema.CURRENT) {
        throw new StoreFailure(StoreFailure.Kind.SCHEMA_TOO_NEW, file + " has accounts schema version " + version
            + ", newer than this hephd understands; upgrade hephd", null);
      }
      return version;
    }
  }

  List<String> notices() {
    return notices;
  }

  Path file() {
    return file;
  }

  /** Runs {@code work} in one short write transaction, queued behind other processes' writes. */
  <T> T write(Work<T> work) {
    return transaction("BEGIN IMMEDIATE", work);
  }

  /** Runs {@code work} on one snapshot of the database. */
  <T> T read(Work<T> work) {
    return transaction("BEGIN", work);
  }

  private <T> T transaction(String begin, Work<T> work) {
    try (Statement st = conn.createStatement()) {
      st.execute(begin);
      try {
        T result = work.run();
        st.execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        st.execute("ROLLBACK");
        throw e;
      }
    } catch (SQLException e) {
      throw failure(e, file);
    }
  }

  /** Runs an INSERT/UPDATE with text parameters; the number of rows it changed. */
  int update(String sql, String... args) throws SQLException {
    try (PreparedStatement ps = bound(conn.prepareStatement(sql), args)) {
      return ps.executeUpdate();
    }
  }

  /** Every row of a query with text parameters. */
  <T> List<T> list(String sql, Row<T> row, String... args) throws SQLException {
    try (PreparedStatement ps = bound(conn.prepareStatement(sql), args); ResultSet rs = ps.executeQuery()) {
      List<T> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(row.read(rs));
      }
      return rows;
    }
  }

  /** The first row of a query with text parameters, if any. */
  <T> Optional<T> first(String sql, Row<T> row, String... args) throws SQLException {
    try (PreparedStatement ps = bound(conn.prepareStatement(sql), args); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
    }
  }

  /** A statement prepared once and kept, for one that every hub request runs. */
  PreparedStatement kept(String sql) throws SQLException {
    return conn.prepareStatement(sql);
  }

  static PreparedStatement bound(PreparedStatement ps, String... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setString(i + 1, args[i]);
    }
    return ps;
  }

  static HephException.StoreFailure failure(SQLException e, Path file) {
    int primary = e instanceof SQLiteException se ? se.getResultCode().code & 0xff : -1;
    StoreFailure.Kind kind = primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code
        ? StoreFailure.Kind.STORE_BUSY : StoreFailure.Kind.STORE_ERROR;
    return new StoreFailure(kind, "accounts database " + file + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    try {
      conn.close(); // closes its statements too
    } catch (SQLException ignored) {
      // nothing was left uncommitted
    }
  }
}
