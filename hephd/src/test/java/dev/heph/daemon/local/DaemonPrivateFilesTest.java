package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the daemon writes is its owner's only (the test JVM's umask is the usual 022): the
 * database, its lock file (which holds the pid), the socket and the folders it makes; an older
 * readable lock file and heph's own runtime folder are tightened, a folder named with
 * {@code --socket} is not.
 */
@Timeout(120)
class DaemonPrivateFilesTest {
  @TempDir Path dir; // short: a unix socket's path has room for 107 bytes
  final List<DaemonProc> started = new ArrayList<>();

  @AfterEach
  void stopDaemons() {
    started.forEach(DaemonProc::close);
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void theDatabaseLockSocketAndNewFoldersArePrivate() throws IOException {
    Path db = dir.resolve("a.db"); // (its folder must exist: the test keeps hephd's output there)
    Path socket = dir.resolve("run/deep/hephd.sock");
    DaemonProc d = DaemonProc.local(db, socket);
    started.add(d);
    assertThat(mode(db)).isEqualTo("rw-------");
    assertThat(mode(Path.of(db + ".hephd.lock"))).isEqualTo("rw-------");
    assertThat(mode(socket)).isEqualTo("rw-------");
    for (Path folder : List.of(dir.resolve("run"), dir.resolve("run/deep"))) {
      assertThat(mode(folder)).as(folder.toString()).isEqualTo("rwx------");
    }
  }

  @Test
  void anOlderReadableLockFileIsTightenedButAChosenSocketFolderIsNot() throws IOException {
    Path db = dir.resolve("b.db");
    Path lock = Path.of(db + ".hephd.lock");
    Files.writeString(lock, "");
    Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-r--r--"));
    Path chosen = Files.createDirectories(dir.resolve("chosen"));
    Files.setPosixFilePermissions(chosen, PosixFilePermissions.fromString("rwxr-xr-x"));
    DaemonProc d = DaemonProc.local(db, chosen.resolve("hephd.sock"));
    started.add(d);
    assertThat(mode(lock)).isEqualTo("rw-------");
    assertThat(d.stderr()).contains("hephd: tightened permissions of " + lock.toRealPath() + " (was 0644, now 0600)");
    assertThat(mode(chosen)).isEqualTo("rwxr-xr-x");
    assertThat(mode(chosen.resolve("hephd.sock"))).isEqualTo("rw-------");
  }

  @Test
  void hephsOwnRuntimeFolderIsTightened() throws IOException {
    Path runtime = Files.createDirectories(dir.resolve("xdg-runtime"));
    Path own = Files.createDirectories(runtime.resolve("heph"));
    Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwxr-xr-x"));
    DaemonProc d = DaemonProc.localWithDefaultSocket(dir.resolve("c.db"), Map.of("XDG_RUNTIME_DIR", runtime.toString(),
        "HOME", dir.toString(), "XDG_DATA_HOME", dir.resolve("xdg-data").toString()));
    started.add(d);
    assertThat(own.resolve("hephd.sock")).exists();
    assertThat(mode(own)).isEqualTo("rwx------");
    assertThat(mode(runtime)).as("the runtime folder itself is not heph's").isEqualTo("rwxr-xr-x");
    assertThat(d.stderr()).contains("hephd: tightened permissions of " + own + " (was 0755, now 0700)");
  }
}
