package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Sqlite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Two CLI processes writing to one store at the same time: every write lands. */
@Execution(ExecutionMode.CONCURRENT)
class CliConcurrencyTest {
  private static final int WRITERS = 2;
  private static final int ADDS_EACH = 10;

  @TempDir Path dir;

  /** The store does not exist yet, so the first two commands also race to create it. */
  @Test
  void concurrentAddsLoseNothing() throws Exception {
    HephCli cli = new HephCli(dir);
    Path db = dir.resolve("shared.db");
    List<Future<List<String>>> writers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        writers.add(pool.submit(() -> {
          List<String> ids = new ArrayList<>();
          for (int i = 0; i < ADDS_EACH; i++) {
            ids.add(cli.on(db, "add", "writer " + writer + " task " + i).ok().outLines().getFirst());
          }
          return ids;
        }));
      }
    }
    List<String> added = new ArrayList<>();
    for (Future<List<String>> f : writers) {
      added.addAll(f.get());
    }
    assertThat(new HashSet<>(added)).hasSize(WRITERS * ADDS_EACH);

    List<String> listed = Shapes.ids(cli.on(db, "list", "--json").ok().json());
    assertThat(listed).containsExactlyInAnyOrderElementsOf(added);
    assertThat(Sqlite.count(db, "SELECT 1 FROM ops")).as("each add is a create, a title and a status op")
        .isEqualTo(3 * WRITERS * ADDS_EACH);
  }
}
