package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.testkit.HephCli;
import dev.heph.testkit.Sqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Files heph must not use: each gives exit 1 and one clear line, and leaves the directory as it
 * was, byte for byte, with no {@code -wal}/{@code -shm} files left behind. Each test writes the
 * command that would change the file most ({@code add}).
 */
@Execution(ExecutionMode.CONCURRENT)
class CliBadStoreTest {
  @TempDir Path dir;
  HephCli cli;
  Path store;

  @BeforeEach
  void setUp() throws IOException {
    cli = new HephCli(dir);
    store = Files.createDirectories(dir.resolve("store"));
  }

  /** Runs a command that must leave every file in the store's directory as it was. */
  private HephCli.Result untouched(Supplier<HephCli.Result> command) {
    Map<String, String> before = Db.snapshot(store);
    HephCli.Result r = command.get();
    assertThat(Db.snapshot(store)).as("files after heph %s", r.args()).isEqualTo(before);
    return r;
  }

  private Path hephDatabase(String name) {
    Path db = store.resolve(name);
    try (Heph heph = Heph.open(db)) {
      heph.add(NewNode.task("Precious"));
    }
    assertThat(Db.snapshot(store).keySet()).containsExactly(name);
    return db;
  }

  @Test
  void aTextFileIsNotADatabase() throws IOException {
    Path db = Files.writeString(store.resolve("notes.db"), "Buy milk\nCall mom\n");
    HephCli.Result r = untouched(() -> cli.on(db, "add", "x")).userError();
    assertThat(r.message()).contains(db.toString(), "not a heph database");
  }

  @Test
  void anotherProgramsSqliteDatabaseIsLeftAlone() {
    Path db = store.resolve("recipes.db");
    Sqlite.exec(db, "CREATE TABLE recipes (name TEXT)", "INSERT INTO recipes VALUES ('soup')");
    HephCli.Result r = untouched(() -> cli.on(db, "add", "x")).userError();
    assertThat(r.message()).contains(db.toString(), "not a heph");
  }

  @Test
  void aNewerSchemaIsRefused() {
    Path db = hephDatabase("future.db");
    Sqlite.exec(db, "PRAGMA user_version = 999");
    HephCli.Result r = untouched(() -> cli.on(db, "add", "x")).userError();
    assertThat(r.message()).contains(db.toString(), "999", "upgrade");
  }

  @Test
  void aDirectoryIsNotADatabase() {
    HephCli.Result r = untouched(() -> cli.on(store, "add", "x")).userError();
    assertThat(r.message()).contains(store.toString(), "directory");
  }

  /**
   * A read-only file. Root ignores permission bits (and these tests may run as root), so there the
   * file is made immutable with chattr +i instead, which binds root too; the test is skipped where
   * neither makes the file unwritable.
   */
  @Test
  void aReadOnlyFileGivesAClearError() throws IOException {
    Path db = hephDatabase("readonly.db");
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
    boolean immutable = false;
    if (Files.isWritable(db)) {
      immutable = chattr("+i", db);
      assumeTrue(immutable && !Files.isWritable(db),
          "running as root, which may write a chmod 444 file, and chattr +i is not available here");
    }
    try {
      HephCli.Result r = untouched(() -> cli.on(db, "add", "x")).userError();
      assertThat(r.message()).contains(db.toString(), "read-only");
    } finally {
      if (immutable) {
        chattr("-i", db);
      }
    }
  }

  /** The file may be written but its directory not: SQLite cannot create its -wal file there. */
  @Test
  void aReadOnlyDirectoryGivesAClearError() throws IOException {
    Path db = hephDatabase("locked.db");
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("r-xr-xr-x"));
    boolean immutable = false;
    if (Files.isWritable(store)) {
      immutable = chattr("+i", store);
      assumeTrue(immutable && !Files.isWritable(store),
          "running as root, which may write into a chmod 555 directory, and chattr +i is not available here");
    }
    try {
      HephCli.Result r = untouched(() -> cli.on(db, "add", "x")).userError();
      assertThat(r.message()).contains(db.toString());
    } finally {
      if (immutable) {
        chattr("-i", store);
      }
      Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private static boolean chattr(String flag, Path file) {
    try {
      Process p = new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
