package dev.heph.core.store;

import dev.heph.core.CheckReport;
import dev.heph.core.HephException.StoreFailure;
import dev.heph.core.HephException.StoreFailure.Kind;
import dev.heph.core.clock.HybridClock;
import dev.heph.core.sync.HubStore;
import dev.heph.core.sync.SpokeStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConfig.JournalMode;
import org.sqlite.SQLiteConfig.Pragma;
import org.sqlite.SQLiteConfig.SynchronousMode;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One replica's SQLite database: opening (with the checks that keep a foreign or newer file
 * untouched), schema migration, and transactions. Writes use {@code BEGIN IMMEDIATE} so that two
 * processes writing at once queue up instead of one failing or losing its write.
 *
 * <p>Safe for several threads: they take turns on the one connection, a transaction at a time
 * (a hub serves pushes and RPC calls from many threads; none of them has to know of the others).
 */
public final class SqliteStore implements AutoCloseable {

  /** How long a writer waits for another process's write lock before giving up. */
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private final Path path;
  private final Connection conn;
  private final String origin;
  private final LongSupplier wallMillis;
  /** Null for an in-memory store. */
  private final Path wal;
  /** Null for an in-memory store, which has no file to be damaged. */
  private final DamageMarker damage;
  private final List<String> notices;
  /** Held for each use of {@link #conn}: one transaction at a time, whichever thread asks. */
  private final ReentrantLock connection = new ReentrantLock();
  /** The transaction in progress; touched only while holding {@link #connection}. */
  private Tx openTx;

  /** {@code file} is null for an in-memory store. */
  private SqliteStore(DatabaseFile file, Connection conn, String origin, LongSupplier wallMillis,
      List<String> notices) {
    this.path = file == null ? null : file.shown();
    this.wal = file == null ? null : file.real().resolveSibling(file.real().getFileName() + "-wal");
    this.damage = file == null ? null : new DamageMarker(file.real(), origin);
    this.conn = conn;
    this.origin = origin;
    this.wallMillis = wallMillis;
    this.notices = List.copyOf(notices);
  }

  /** Opens (creating when absent) the database at {@code path}, with the system clock. */
  public static SqliteStore open(Path path) {
    return open(path, System::currentTimeMillis);
  }

  /**
   * Opens (creating when absent) the database at {@code path}. {@code wallMillis} sets the floor
   * of new op-log sequence numbers (see {@link SqliteMergeState#appendToLog}).
   */
  public static SqliteStore open(Path path, LongSupplier wallMillis) {
    DatabaseFile file = DatabaseFile.prepare(path);
    Path absolute = file.shown();
    List<String> notices = file.tighten();
    Connection conn;
    try {
      conn = connectionConfig().createConnection(file.jdbcUrl());
    } catch (SQLException e) {
      file.discardIfCreated();
      throw Failures.of(e, absolute);
    }
    try {
      String origin = prepare(conn, absolute);
      return new SqliteStore(file, conn, origin, wallMillis, notices);
    } catch (SQLException e) {
      closeQuietly(conn);
      file.discardIfCreated();
      throw Failures.of(e, absolute);
    } catch (RuntimeException e) {
      closeQuietly(conn);
      file.discardIfCreated();
      throw e;
    }
  }

  /**
   * The settings a connection gets as it opens. Only those that touch no file: journal_mode = WAL
   * writes the file's header and synchronous reads its schema, so both are set by {@link #prepare}
   * once the file is known to be heph's (a foreign database is left exactly as it was).
   */
  private static SQLiteConfig connectionConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config;
  }

  /**
   * An empty replica in memory to replay a log into (see {@link Integrity}); it never touches a
   * file, so it has no path and no damage marker. It keeps no full-text index: the check compares
   * the stored index with the stored nodes, and those with the replay.
   */
  static SqliteStore inMemory(String origin) {
    try {
      Connection conn = new SQLiteConfig().createConnection("jdbc:sqlite::memory:");
      try (Statement st = conn.createStatement()) {
        st.execute("BEGIN");
        Schema.migrate(conn, 0);
        st.execute("DROP TRIGGER nodes_fts_insert");
        st.execute("DROP TRIGGER nodes_fts_update");
        st.execute("COMMIT");
      }
      return new SqliteStore(null, conn, origin, System::currentTimeMillis, List.of());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create an in-memory SQLite database", e);
    }
  }

  /**
   * Checks what the file is before anything writes to it, then migrates and reads the origin.
   * Returns this device's origin id.
   */
  private static String prepare(Connection conn, Path path) throws SQLException {
    int version;
    try (Statement st = conn.createStatement()) {
      version = checkedVersion(st, path);
    }
    try (Statement st = conn.createStatement()) {
      st.execute("PRAGMA " + Pragma.JOURNAL_MODE.pragmaName + " = " + JournalMode.WAL.getValue());
      // FULL: a command that said "done" survives a power cut, not only a crash.
      st.execute("PRAGMA " + Pragma.SYNCHRONOUS.pragmaName + " = " + SynchronousMode.FULL.getValue());
      if (version < Schema.CURRENT) {
        st.execute("BEGIN IMMEDIATE");
        try {
          // Check again inside the lock: another process may have created or migrated it meanwhile.
          int now = checkedVersion(st, path);
          if (now < Schema.CURRENT) {
            Schema.migrate(conn, now);
            if (now == 0) {
              String origin = HexFormat.of().formatHex(dev.heph.core.op.RandomBytes.get(8));
              st.execute("INSERT INTO meta(key, value) VALUES ('origin', '" + origin + "')");
            }
          }
          st.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
          st.execute("ROLLBACK");
          throw e;
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key = 'origin'")) {
        if (!rs.next()) {
          throw new StoreFailure(Kind.STORE_DAMAGED, path + " has no origin id in its meta table", null);
        }
        return rs.getString(1);
      }
    }
  }

  /**
   * The file's heph schema version (0 for an empty file), refusing a foreign or newer database.
   * The three facts are read in one statement, hence from one snapshot: read one by one, a file
   * another process is creating could look half foreign.
   */
  private static int checkedVersion(Statement st, Path path) throws SQLException {
    int applicationId;
    int version;
    int objects;
    try (ResultSet rs = st.executeQuery("SELECT a.application_id, v.user_version,"
        + " (SELECT count(*) FROM sqlite_schema) FROM pragma_application_id() a, pragma_user_version() v")) {
      rs.next();
      applicationId = rs.getInt(1);
      version = rs.getInt(2);
      objects = rs.getInt(3);
    }
    boolean fresh = applicationId == 0 && version == 0 && objects == 0;
    if (!fresh && applicationId != Schema.APPLICATION_ID) {
      throw new StoreFailure(Kind.NOT_HEPH_DATABASE,
          path + " is a SQLite database but not a heph one; refusing to touch it", null);
    }
    if (version > Schema.CURRENT) {
      throw new StoreFailure(Kind.SCHEMA_TOO_NEW, path + " has schema version " + version
          + ", newer than this heph understands (" + Schema.CURRENT + "); upgrade heph", null);
    }
    return version;
  }


  /**
   * SQLite's data version: it changes whenever another connection (another process, or another
   * connection of this one) commits to the database. A daemon polls it to notice CLI writes.
   */
  public long dataVersion() {
    connection.lock();
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA data_version")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw failure(e);
    } finally {
      connection.unlock();
    }
  }

  /** This device's id, the origin part of every hlc it issues. */
  public String origin() {
    return origin;
  }

  public Path path() {
    return path;
  }

  /**
   * What opening changed that the person should hear about once: files of this database (or
   * heph's own folder) that other users could read, and were made private.
   */
  public List<String> notices() {
    return notices;
  }

  /** This replica as a spoke sees it; {@code clock} vets pulled ops and issues re-stamps. */
  public SpokeStore spokeStore(HybridClock clock) {
    return new SqliteSpokeStore(this, clock);
  }

  /** This replica's op log as a hub serves it; {@code clock} vets pushed ops. */
  public HubStore hubStore(HybridClock clock) {
    return new SqliteHubStore(this, clock);
  }

  /** Runs {@code work} in a write transaction: all of it is committed, or none of it. */
  public <T> T write(TxWork<T> work) {
    return inTransaction("BEGIN IMMEDIATE", work);
  }

  /** Runs {@code work} in a read transaction: one consistent snapshot. */
  public <T> T read(TxWork<T> work) {
    return inTransaction("BEGIN", work);
  }

  /**
   * Runs {@code work} as one transaction, waiting for the one another thread has open. A
   * transaction begun inside another on the same thread is a programming error, refused as such
   * (the lock is reentrant only so that this can be said instead of deadlocking).
   */
  private <T> T inTransaction(String begin, TxWork<T> work) {
    connection.lock();
    try {
      return inTransactionLocked(begin, work);
    } finally {
      connection.unlock();
    }
  }

  private <T> T inTransactionLocked(String begin, TxWork<T> work) {
    if (openTx != null) {
      throw new IllegalStateException("transactions do not nest: a facade call was made from inside a transaction");
    }
    try (Statement st = conn.createStatement()) {
      st.execute(begin);
      openTx = new Tx(conn, origin, wallMillis);
      try {
        T result = work.run(openTx);
        openTx.beforeCommit();
        st.execute("COMMIT");
        return result;
      } catch (StoreSqlException e) {
        rollback(st);
        throw e.sqlCause();
      } catch (SQLException | RuntimeException | Error e) {
        rollback(st);
        throw e;
      } finally {
        openTx.close();
        openTx = null;
      }
    } catch (SQLException e) {
      StoreFailure failure = failure(e);
      if (failure.kind() == Kind.STORE_FULL && wal != null) {
        WalFile.reclaim(conn, wal);
      }
      throw failure;
    }
  }

  /**
   * Maps an error of an open database. SQLite saying the file is damaged (SQLITE_CORRUPT), or no
   * longer a database at all (SQLITE_NOTADB: its header was overwritten after it opened fine), is
   * recorded beside it, so that no process syncs this replica until a full check passes.
   */
  private StoreFailure failure(SQLException e) {
    if (damage != null && Failures.damaged(e)) {
      String reason = "SQLite: " + e.getMessage();
      damage.recordIfAbsent(reason);
      return new StoreFailure(Kind.STORE_DAMAGED, "database " + path + " is damaged (" + reason
          + "); see heph --db " + path + " check", e);
    }
    return Failures.of(e, path);
  }

  /**
   * {@code heph check} (see {@link Integrity}). A check that finds damage records it beside the
   * database; only a check that passes forgets damage recorded before.
   */
  public CheckReport check() {
    CheckReport report;
    connection.lock(); // its transactions run back to back: other threads wait for the whole check
    try {
      report = Integrity.full(this);
    } finally {
      connection.unlock();
    }
    if (report.ok()) {
      damage.clear();
    } else {
      damage.record("heph check found " + report.problems().size() + " problem(s), the first: "
          + report.problems().getFirst().kind().wireName() + ": " + report.problems().getFirst().message());
    }
    return report;
  }

  /**
   * SQLite's quick check (every page read and parsed; cheap enough to run daily). Damage it finds
   * is recorded; passing it does not clear damage recorded before (it proves too little).
   */
  public List<CheckReport.Problem> quickCheck() {
    List<CheckReport.Problem> problems = Integrity.quick(this);
    if (!problems.isEmpty()) {
      damage.record("quick check: " + problems.getFirst().message());
    }
    return problems;
  }

  /** Why this replica is known to be damaged (see {@link DamageMarker}), or empty when it is not. */
  public Optional<String> knownDamage() {
    return damage == null ? Optional.empty() : damage.read();
  }

  private static void rollback(Statement st) {
    try {
      st.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // SQLite already rolled back (e.g. after SQLITE_FULL); nothing more to undo.
    }
  }

  /** Work to run inside a transaction. */
  @FunctionalInterface
  public interface TxWork<T> {
    T run(Tx tx) throws SQLException;
  }

  /** Closes the connection once the transaction in progress (on any thread) has finished. */
  @Override
  public void close() {
    connection.lock();
    try {
      closeQuietly(conn);
    } finally {
      connection.unlock();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Closing cannot lose data: every transaction was committed or rolled back already.
    }
  }

  /** Maps SQLite's error codes to heph's typed store failures. */
  static final class Failures {
    private Failures() {}

    /**
     * The primary result code of {@code e} (SQLite's extended codes keep it in their low byte),
     * or {@code null} when {@code e} did not come from SQLite.
     */
    static SQLiteErrorCode primary(SQLException e) {
      if (!(e instanceof SQLiteException se)) {
        return null;
      }
      SQLiteErrorCode code = se.getResultCode();
      // SQLite grows its shared-memory index (-shm) by writing to it: on a full disk that fails
      // with this I/O error, which means the same as SQLITE_FULL to the person.
      if (code == SQLiteErrorCode.SQLITE_IOERR_SHMSIZE) {
        return SQLiteErrorCode.SQLITE_FULL;
      }
      return SQLiteErrorCode.getErrorCode(code.code & 0xff);
    }

    /** SQLite says the file is damaged, or no longer a database at all. */
    static boolean damaged(SQLException e) {
      SQLiteErrorCode code = primary(e);
      return code == SQLiteErrorCode.SQLITE_CORRUPT || code == SQLiteErrorCode.SQLITE_NOTADB;
    }

    static StoreFailure of(SQLException e, Path path) {
      SQLiteErrorCode code = primary(e);
      if (code == null) {
        return new StoreFailure(Kind.STORE_ERROR, "database " + path + ": " + e.getMessage(), e);
      }
      return switch (code) {
        case SQLITE_NOTADB -> new StoreFailure(Kind.NOT_HEPH_DATABASE,
            path + " is not a heph database (not a SQLite file at all); refusing to touch it", e);
        case SQLITE_READONLY -> new StoreFailure(Kind.STORE_READ_ONLY,
            "database " + path + " is read-only (file or directory permissions)", e);
        case SQLITE_FULL -> new StoreFailure(Kind.STORE_FULL,
            "disk full while writing " + path + "; nothing was changed, free some space and retry", e);
        case SQLITE_BUSY, SQLITE_LOCKED -> new StoreFailure(Kind.STORE_BUSY,
            "database " + path + " stayed locked by another process; retry", e);
        case SQLITE_CORRUPT -> new StoreFailure(Kind.STORE_DAMAGED, "database " + path + " is damaged: "
            + e.getMessage(), e);
        case SQLITE_CANTOPEN -> new StoreFailure(Kind.STORE_UNUSABLE, "cannot open database " + path
            + " (is its directory writable? SQLite needs to create " + path.getFileName() + "-wal beside it)", e);
        case SQLITE_IOERR -> new StoreFailure(Kind.STORE_IO_ERROR, "I/O error on database " + path
            + ": " + e.getMessage(), e);
        default -> new StoreFailure(Kind.STORE_ERROR, "database " + path + ": " + e.getMessage(), e);
      };
    }
  }
}
