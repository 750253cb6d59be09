package dev.heph.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Test helper: database file paths in a private temporary directory, for seeded properties (one
 * test method runs many cases). Each case takes fresh paths and deletes them all when done.
 */
public final class TempDbs implements AutoCloseable {
  private final Path dir;
  private int next;

  public TempDbs() {
    try {
      // Under the build's target/ when there is one, so that a run killed mid-case leaves nothing
      // outside the build directory.
      Path target = Path.of("target");
      dir = Files.isDirectory(target) ? Files.createTempDirectory(target, "heph-test-")
          : Files.createTempDirectory("heph-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A path where no database exists yet. */
  public Path fresh() {
    return dir.resolve("replica-" + (next++) + ".db");
  }

  /** Deletes a database file with its -wal and -shm companions. */
  public static void drop(Path db) {
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      try {
        Files.deleteIfExists(Path.of(db + suffix));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
