package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Other users on the machine cannot read a replica: with the usual umask (022) heph creates its
 * files 0600 and its folders 0700, and tightens older ones once, saying so on stderr; a folder the
 * person chose for {@code --db} keeps its mode.
 */
class CliPrivateFilesTest {
  private static final String UMASK = "umask 022";

  @TempDir Path dir;
  HephCli cli;
  Path data;

  @BeforeEach
  void setUp() {
    cli = new HephCli(dir);
    data = cli.home().resolve("xdg-data");
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void theDefaultReplicaAndTheFoldersHephMakesArePrivate() throws IOException {
    cli.runAfter(UMASK, "add", "Secret").ok();
    assertThat(mode(data)).isEqualTo("rwx------");
    assertThat(mode(data.resolve("heph"))).isEqualTo("rwx------");
    assertThat(mode(data.resolve("heph/heph.db"))).isEqualTo("rw-------");
  }

  @Test
  void anOlderReadableReplicaIsTightenedOnceWithANotice() throws IOException {
    Path folder = Files.createDirectories(data.resolve("heph"));
    Path db = folder.resolve("heph.db");
    try (Heph heph = Heph.open(db)) {
      heph.add(NewNode.task("Secret"));
    }
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));

    HephCli.Result first = cli.runAfter(UMASK, "list");
    assertThat(first.code()).isZero();
    assertThat(first.out()).contains("Secret");
    assertThat(first.errLines()).containsExactly(
        "heph: tightened permissions of " + db.toRealPath() + " (was 0644, now 0600) so other users cannot read it",
        "heph: tightened permissions of " + folder.toRealPath() + " (was 0755, now 0700) so other users cannot read it");
    assertThat(mode(db)).isEqualTo("rw-------");
    assertThat(mode(folder)).isEqualTo("rwx------");

    cli.runAfter(UMASK, "list").ok();
  }

  @Test
  void aFolderThePersonChoseKeepsItsModeButTheFileIsTightened() throws IOException {
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    // heph makes no folder for a --db (a folder that does not exist is refused); it makes the file 0600.
    Path made = shared.resolve("replica.db");
    cli.runAfter(UMASK, "--db", made.toString(), "add", "Secret").ok();
    assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
    assertThat(mode(made)).isEqualTo("rw-------");

    Path old = shared.resolve("old.db");
    try (Heph heph = Heph.open(old)) {
      heph.add(NewNode.task("Secret"));
    }
    Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-rw-r--"));
    HephCli.Result r = cli.runAfter(UMASK, "--db", old.toString(), "list");
    assertThat(r.errLines()).containsExactly("heph: tightened permissions of " + old.toRealPath()
        + " (was 0664, now 0600) so other users cannot read it");
    assertThat(mode(old)).isEqualTo("rw-------");
    assertThat(mode(shared)).isEqualTo("rwxr-xr-x");
  }
}
