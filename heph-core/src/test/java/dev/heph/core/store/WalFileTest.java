package dev.heph.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.HephException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * After a write fails on a full disk: the error is named "disk full" for every code SQLite uses
 * for it, and the dead frames of the rolled-back transaction are cut from the {@code -wal}
 * without losing a committed row. (FullDiskTest in hephd does the same on a real full disk.)
 */
class WalFileTest {
  @TempDir Path dir;

  @Test
  void everyCodeForAFullDiskIsDiskFull() {
    Path db = dir.resolve("x.db");
    for (SQLiteErrorCode code : new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_FULL,
        SQLiteErrorCode.SQLITE_IOERR_SHMSIZE}) {
      HephException e = SqliteStore.Failures.of(new SQLiteException("[" + code + "]", code), db);
      assertThat(e.code()).as(code.name()).isEqualTo("store_full");
      assertThat(e.getMessage()).as(code.name()).contains("disk full");
    }
    HephException io = SqliteStore.Failures.of(new SQLiteException("[SQLITE_IOERR_READ]",
        SQLiteErrorCode.SQLITE_IOERR_READ), db);
    assertThat(io.code()).isEqualTo("store_io_error");
  }

  @Test
  void theRolledBackTailIsCutAndEveryCommittedRowStays() throws SQLException, IOException {
    Path db = dir.resolve("w.db");
    Path wal = Path.of(db + "-wal");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode = WAL");
      st.execute("PRAGMA wal_autocheckpoint = 0");
      st.execute("PRAGMA cache_size = 10"); // a small cache spills the big transaction into the -wal
      st.execute("CREATE TABLE t (v BLOB)");
      st.execute("INSERT INTO t VALUES (randomblob(20000))");
      long committed = Files.size(wal);
      st.execute("BEGIN");
      st.execute("INSERT INTO t SELECT randomblob(20000) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL"
          + " SELECT i + 1 FROM n WHERE i < 100) SELECT i FROM n)");
      st.execute("ROLLBACK");
      assertThat(Files.size(wal)).as("the dead frames are in the file").isGreaterThan(committed + 1_000_000);

      st.execute("BEGIN IMMEDIATE");
      WalFile.dropUncommittedTail(wal);
      st.execute("COMMIT");
      assertThat(Files.size(wal)).isEqualTo(committed);

      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement os = other.createStatement(); ResultSet rs = os.executeQuery("SELECT count(*) FROM t")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
      st.execute("INSERT INTO t VALUES (randomblob(10))");
      try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("ok");
      }
    }
  }
}
