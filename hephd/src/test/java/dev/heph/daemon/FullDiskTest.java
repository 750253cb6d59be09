package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: a small tmpfs mounted for the test (skipped, saying why, where mounting is not
 * permitted). A full disk is named "disk full" wherever SQLite meets it, and a pull that fails on
 * it leaves no large {@code -wal} behind to keep the disk full after heph exits.
 */
@Timeout(180)
class FullDiskTest {
  @TempDir Path dir;
  Path disk;
  HephCli cli;
  HubProcess hub;
  boolean mounted;

  @BeforeEach
  void setUp() throws IOException {
    cli = new HephCli(dir);
    disk = Files.createDirectories(dir.resolve("small-disk"));
  }

  /** Mounts a tmpfs of {@code size} on {@code disk}, or skips the test loudly. */
  private void mountSmallDisk(String size) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs",
        disk.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    if (!mounted) {
      System.err.println("FullDiskTest SKIPPED: cannot mount a tmpfs to get a real full disk (needs root or"
          + " CAP_SYS_ADMIN): " + output.strip());
    }
    assumeTrue(mounted, "cannot mount a tmpfs for a real full disk: " + output.strip());
  }

  @AfterEach
  void unmount() throws IOException, InterruptedException {
    if (hub != null) {
      hub.close();
    }
    if (mounted) {
      new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Writes a filler file until the disk refuses more. */
  private void fill() throws IOException {
    try (OutputStream out = Files.newOutputStream(disk.resolve("filler"))) {
      byte[] block = new byte[4096];
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException e) {
      assertThat(e.getMessage()).contains("No space left on device");
    }
  }

  @Test
  void aFullDiskWhileSqliteMapsItsSharedMemoryIsDiskFull() throws IOException, InterruptedException {
    mountSmallDisk("512k");
    Path db = disk.resolve("replica.db");
    try (Heph heph = Heph.open(db)) {
      heph.add(NewNode.task("Written before the disk filled"));
    }
    fill();
    // Reading needs the -shm index, which SQLite grows by writing to it: SQLITE_IOERR_SHMSIZE.
    String message = cli.on(db, "list").userError().err();
    assertThat(message).contains("disk full").doesNotContain("I/O error");
  }

  @Test
  void aPullThatFillsTheDiskLeavesNoLargeWalBehind() throws IOException, InterruptedException {
    hub = HubProcess.start(dir.resolve("hub.db"));
    Path source = dir.resolve("source.db");
    try (Heph heph = Heph.open(source)) {
      String body = "x".repeat(30_000);
      for (int i = 0; i < 60; i++) {
        heph.add(new NewNode("task", "Task " + i, body + i, List.of(), null, null, null));
      }
    }
    cli.on(source, "sync", "--hub-url", hub.url()).ok();

    mountSmallDisk("2m");
    Path spoke = disk.resolve("spoke.db");
    String message = cli.on(spoke, "sync", "--hub-url", hub.url()).userError().err();
    assertThat(message).contains("disk full");

    Path wal = Path.of(spoke + "-wal");
    assertThat(Files.exists(wal) ? Files.size(wal) : 0).as("bytes of %s after heph exited", wal).isLessThan(64 << 10);
    assertThat(Files.getFileStore(disk).getUsableSpace()).as("free bytes on the small disk").isGreaterThan(1 << 20);
    // The replica is still usable, and the same pull succeeds once there is room (here: elsewhere).
    cli.on(spoke, "list").ok();
  }
}
