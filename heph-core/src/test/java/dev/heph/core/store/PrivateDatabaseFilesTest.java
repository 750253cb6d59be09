package dev.heph.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.NewNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica is private to its owner: the database, its {@code -wal} and {@code -shm} and the
 * folders heph creates are 0600/0700 whatever the umask (this JVM's is the usual 022), and files
 * that predate that are tightened once, with a notice, but only once known to be heph's.
 */
class PrivateDatabaseFilesTest {
  @TempDir Path dir;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void aNewDatabaseItsCompanionsAndTheFoldersHephCreatesArePrivate() throws IOException {
    String tempDirMode = mode(dir);
    Path db = dir.resolve("made/by/heph/replica.db");
    try (Heph heph = Heph.open(db)) {
      heph.add(NewNode.task("Secret"));
      // While open, SQLite keeps its write-ahead log and shared-memory index beside the file.
      assertThat(Path.of(db + "-wal")).exists();
      assertThat(mode(db)).isEqualTo("rw-------");
      assertThat(mode(Path.of(db + "-wal"))).isEqualTo("rw-------");
      assertThat(mode(Path.of(db + "-shm"))).isEqualTo("rw-------");
      assertThat(heph.notices()).isEmpty();
    }
    for (Path folder : new Path[] {dir.resolve("made"), dir.resolve("made/by"), dir.resolve("made/by/heph")}) {
      assertThat(mode(folder)).as(folder.toString()).isEqualTo("rwx------");
    }
    assertThat(mode(dir)).as("a folder heph did not create").isEqualTo(tempDirMode);
  }

  @Test
  void readableFilesOfAnExistingReplicaAreTightenedOnceWithANotice() throws IOException {
    Path db = dir.resolve("old.db");
    try (Heph heph = Heph.open(db)) {
      heph.add(NewNode.task("Secret"));
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    try (SqliteStore store = SqliteStore.open(db)) {
      assertThat(store.notices()).containsExactly("tightened permissions of " + db.toRealPath()
          + " (was 0644, now 0600) so other users cannot read it");
    }
    assertThat(mode(db)).isEqualTo("rw-------");
    assertThat(mode(dir)).as("the person's folder, named by --db, keeps its mode").isEqualTo("rwxr-xr-x");
    try (SqliteStore store = SqliteStore.open(db)) {
      assertThat(store.notices()).as("said once").isEmpty();
    }
  }

  @Test
  void aCompanionFileLeftReadableIsTightenedToo() throws IOException, SQLException {
    Path db = dir.resolve("wal.db");
    try (Heph heph = Heph.open(db)) {
      heph.add(NewNode.task("Secret"));
    }
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    // Another connection holds the database open, so its -wal and -shm (made with the file's
    // then mode, 0644) stay while heph opens it.
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = other.createStatement()) {
      st.execute("SELECT count(*) FROM ops");
      assertThat(mode(Path.of(db + "-shm"))).isEqualTo("rw-r--r--");
      try (SqliteStore store = SqliteStore.open(db)) {
        assertThat(store.notices()).hasSize(3).allSatisfy(n -> assertThat(n).startsWith("tightened permissions of"));
      }
      assertThat(mode(Path.of(db + "-wal"))).isEqualTo("rw-------");
      assertThat(mode(Path.of(db + "-shm"))).isEqualTo("rw-------");
    }
  }

  @Test
  void aFileThatIsNotHephsIsRefusedWithoutTouchingItsMode() throws IOException {
    Path db = dir.resolve("notes.txt");
    Files.writeString(db, "Buy milk\n");
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> SqliteStore.open(db)).isInstanceOf(HephException.StoreFailure.class);
    assertThat(mode(db)).isEqualTo("rw-r--r--");
  }

  @Test
  void aFailedOpenLeavesNoFileBehind() throws IOException {
    Path db = dir.resolve("fine.db");
    try (SqliteStore store = SqliteStore.open(db)) {
      assertThat(store.notices()).isEmpty();
    }
    Files.delete(db);
    // A path SQLite cannot take is refused before any file or folder is made for it.
    Path tooLong = dir.resolve("d".repeat(200)).resolve("d".repeat(200)).resolve("x".repeat(200));
    assertThatThrownBy(() -> SqliteStore.open(tooLong)).isInstanceOf(HephException.StoreFailure.class)
        .hasMessageContaining("SQLite takes at most 504");
    assertThatThrownBy(() -> SqliteStore.open(dir.resolve("d/" + "x".repeat(256))))
        .isInstanceOf(HephException.StoreFailure.class).hasMessageContaining("at most 255");
    try (var files = Files.list(dir)) {
      assertThat(files.toList()).isEmpty();
    }
  }
}
