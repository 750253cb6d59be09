package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * hephd refuses a {@code --db} path heph cannot use with one line and exit 1, before it makes
 * anything for it: no database, and no lock file beside it (for {@code /dev/null} that was
 * {@code /dev/null.hephd.lock}).
 */
@Timeout(120)
class HephdBadPathTest {
  @TempDir Path dir;

  private List<String> files(Path place) throws IOException {
    try (Stream<Path> all = Files.list(place)) {
      return all.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aPathHephCannotUseMakesNoLockFile() throws IOException {
    Path place = Files.createDirectories(dir.resolve("place"));
    Files.createSymbolicLink(place.resolve("loop1"), Path.of("loop2"));
    Files.createSymbolicLink(place.resolve("loop2"), Path.of("loop1"));
    Files.createSymbolicLink(place.resolve("dangling"), Path.of("nowhere.db"));
    List<String> before = files(place);
    for (String db : List.of("loop1", "dangling")) {
      for (String mode : List.of("server", "local")) {
        HubProcess.Finished r = HubProcess.runToExit(dir, List.of("--mode", mode, "--db", place.resolve(db).toString(),
            "--http-addr", "127.0.0.1:0", "--socket", dir.resolve("s.sock").toString()));
        assertThat(r.code()).as("exit code of hephd --mode %s --db %s; err: %s", mode, db, r.err()).isEqualTo(1);
        assertThat(r.err().lines().toList()).as("stderr").hasSize(1);
        assertThat(r.err()).startsWith("hephd: cannot use " + place.resolve(db));
        assertThat(files(place)).as("files after hephd --db %s", db).isEqualTo(before);
      }
    }
  }
}
