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

  /**
   * {@code heph sync} against a hub served in this JVM by the JDK's small HTTP server, so that the
   * HTTP client's classes are in the cache too (they are most of a sync's start-up).
   */
  private static void trainSync(Path dir, String db) throws IOException {
    try (LoopbackHub hub = new LoopbackHub(dir.resolve("hub.db"))) {
      String url = hub.url();
      String other = dir.resolve("other.db").toString();
      Main.run(new String[] {"--db", db, "sync", "--hub-url", url});
      Main.run(new String[] {"--db", other, "sync", "--hub-url", url, "--json"});
      Main.run(new String[] {"--db", other, "add", "From the other replica"});
      Main.run(new String[] {"--db", other, "sync"});
      Main.run(new String[] {"--db", db, "sync"});
    }
  }

  /**
   * {@code Train local} trains the everyday commands; {@code Train net} trains {@code sync}.
   * Separate caches keep each small: the JVM maps and links every class of a cache at start-up,
   * so the HTTP client's classes would slow every {@code heph add} by a few milliseconds.
   */
  public static void main(String[] args) throws IOException {
    boolean net = args.length > 0 && args[0].equals("net");
    Path dir = Files.createTempDirectory("heph-train");
    try {
      String db = dir.resolve("train.db").toString();
      for (int i = 0; i < (net ? 3 : 20); i++) {
        Main.run(new String[] {"--db", db, "add", "Training task " + i, "--tag", "t" + (i % 3), "--due", "2026-12-01",
            "--priority", "M"});
      }
      if (net) {
        trainSync(dir, db);
        return;
      }
      Main.run(new String[] {"--db", db, "add", "--note", "A note", "--body", "with a body"});
      for (int i = 0; i < 3; i++) {
        Main.run(new String[] {"--db", db, "list"});
        Main.run(new String[] {"--db", db, "list", "--json"});
        Main.run(new String[] {"--db", db, "list", "--tag", "t1", "--all"});
        Main.run(new String[] {"--db", db, "search", "training"});
        Main.run(new String[] {"--db", db, "next"}); // heph alone runs it
        Main.run(new String[] {"--db", db, "next", "--json"});
        Main.run(new String[] {"--db", db, "conflicts", "--json"});
      }
      Main.run(new String[] {"--db", db, "edit", "0", "--title", "x"}); // error path: ambiguous prefix
      Main.run(new String[] {"--db", db, "show", "ffffffff"}); // error path: unknown id
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
