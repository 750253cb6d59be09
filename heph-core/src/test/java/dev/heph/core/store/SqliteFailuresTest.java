package dev.heph.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.HephException;
import dev.heph.core.HephException.StoreFailure;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite reports extended result codes (SQLITE_BUSY_SNAPSHOT, SQLITE_CANTOPEN_ISDIR...): each
 * means what its primary code means, so the store failure is named by the primary one.
 */
class SqliteFailuresTest {
  private static final Path DB = Path.of("/tmp/x.db");

  @Test
  void everyExtendedCodeIsMappedByItsPrimaryCode() {
    Map<SQLiteErrorCode, StoreFailure.Kind> expected = Map.ofEntries(
        Map.entry(SQLiteErrorCode.SQLITE_BUSY, StoreFailure.Kind.STORE_BUSY),
        Map.entry(SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT, StoreFailure.Kind.STORE_BUSY),
        Map.entry(SQLiteErrorCode.SQLITE_BUSY_TIMEOUT, StoreFailure.Kind.STORE_BUSY),
        Map.entry(SQLiteErrorCode.SQLITE_LOCKED, StoreFailure.Kind.STORE_BUSY),
        Map.entry(SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE, StoreFailure.Kind.STORE_BUSY),
        Map.entry(SQLiteErrorCode.SQLITE_READONLY, StoreFailure.Kind.STORE_READ_ONLY),
        Map.entry(SQLiteErrorCode.SQLITE_READONLY_DBMOVED, StoreFailure.Kind.STORE_READ_ONLY),
        Map.entry(SQLiteErrorCode.SQLITE_READONLY_DIRECTORY, StoreFailure.Kind.STORE_READ_ONLY),
        Map.entry(SQLiteErrorCode.SQLITE_FULL, StoreFailure.Kind.STORE_FULL),
        Map.entry(SQLiteErrorCode.SQLITE_IOERR_SHMSIZE, StoreFailure.Kind.STORE_FULL),
        Map.entry(SQLiteErrorCode.SQLITE_IOERR_READ, StoreFailure.Kind.STORE_IO_ERROR),
        Map.entry(SQLiteErrorCode.SQLITE_CORRUPT, StoreFailure.Kind.STORE_DAMAGED),
        Map.entry(SQLiteErrorCode.SQLITE_CORRUPT_INDEX, StoreFailure.Kind.STORE_DAMAGED),
        Map.entry(SQLiteErrorCode.SQLITE_CANTOPEN, StoreFailure.Kind.STORE_UNUSABLE),
        Map.entry(SQLiteErrorCode.SQLITE_CANTOPEN_ISDIR, StoreFailure.Kind.STORE_UNUSABLE),
        Map.entry(SQLiteErrorCode.SQLITE_NOTADB, StoreFailure.Kind.NOT_HEPH_DATABASE),
        Map.entry(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE, StoreFailure.Kind.STORE_ERROR),
        Map.entry(SQLiteErrorCode.UNKNOWN_ERROR, StoreFailure.Kind.STORE_ERROR));
    expected.forEach((code, kind) -> {
      HephException e = SqliteStore.Failures.of(new SQLiteException("[" + code + "]", code), DB);
      assertThat(e).as(code.name()).isInstanceOfSatisfying(StoreFailure.class,
          f -> assertThat(f.kind()).as(code.name()).isEqualTo(kind));
    });
  }

  @Test
  void aDriverErrorThatIsNotSqlitesIsAPlainStoreError() {
    HephException e = SqliteStore.Failures.of(new SQLException("connection closed"), DB);
    assertThat(e.code()).isEqualTo("store_error");
    assertThat(e.getMessage()).isEqualTo("database /tmp/x.db: connection closed");
  }

  @Test
  void damageIsSqliteSayingCorruptOrNotADatabaseInAnyExtendedForm() {
    assertThat(SqliteStore.Failures.damaged(new SQLiteException("x", SQLiteErrorCode.SQLITE_CORRUPT_VTAB))).isTrue();
    assertThat(SqliteStore.Failures.damaged(new SQLiteException("x", SQLiteErrorCode.SQLITE_NOTADB))).isTrue();
    assertThat(SqliteStore.Failures.damaged(new SQLiteException("x", SQLiteErrorCode.SQLITE_IOERR_READ))).isFalse();
    assertThat(SqliteStore.Failures.damaged(new SQLException("x"))).isFalse();
  }
}
