package dev.heph.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run for JDK 25's AOT cache: runs the everyday commands in one JVM on a scratch
 * database so that the classes they load (and their profiles) are archived. bin/heph runs it
 * with {@code -XX:AOTCacheOutput} after each build; it is not a user command.
 */
public final class Train {
  private Train() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("heph-train");
    try {
      String db = dir.resolve("train.db").toString();
      for (int i = 0; i < 40; i++) {
        Main.run(new String[] {"--db", db, "add", "Training task " + i, "--tag", "t" + (i % 3), "--due", "2026-12-01",
            "--priority", "M"});
      }
      Main.run(new String[] {"--db", db, "add", "--note", "A note", "--body", "with a body"});
      for (int i = 0; i < 5; i++) {
        Main.run(new String[] {"--db", db, "list"});
        Main.run(new String[] {"--db", db, "list", "--json"});
        Main.run(new String[] {"--db", db, "list", "--tag", "t1", "--all"});
        Main.run(new String[] {"--db", db, "search", "training"});
        Main.run(new String[] {"--db", db, "conflicts", "--json"});
      }
      Main.run(new String[] {"--db", db, "edit", "0", "--title", "x"}); // error path: ambiguous prefix
      Main.run(new String[] {"--db", db, "show", "ffffffff"}); // error path: unknown id
      Main.run(new String[] {"--help"});
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
