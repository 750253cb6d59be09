package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.testkit.HephCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standard output on a full device ({@code /dev/full}) is named as such, once, with exit 1: it is
 * neither an internal error nor a silent success, and the database is left as it was.
 */
class CliFullDeviceTest {
  private static final String FULL = "exec >/dev/full";

  @TempDir Path dir;
  HephCli cli;
  Path db;

  @BeforeEach
  void setUp() {
    cli = new HephCli(dir);
    db = dir.resolve("out.db");
    try (Heph heph = Heph.open(db)) {
      // Enough text that the JSON views fill their 64 KiB buffer and fail while streaming.
      for (int i = 0; i < 40; i++) {
        heph.add(new NewNode("task", "Task " + i, "b".repeat(4000), java.util.List.of(), null, null, null));
      }
    }
  }

  @Test
  void everyViewSaysItCannotWriteItsOutput() {
    assertThat(Files.exists(Path.of("/dev/full"))).as("/dev/full").isTrue();
    String id = firstId();
    for (String[] args : new String[][] {{"list"}, {"list", "--json"}, {"log", "--json", id}, {"show", id},
        {"show", "--json", id}, {"add", "Another"}}) {
      String[] all = new String[args.length + 2];
      all[0] = "--db";
      all[1] = db.toString();
      System.arraycopy(args, 0, all, 2, args.length);
      HephCli.Result r = cli.runAfter(FULL, all).userError();
      assertThat(r.message()).as("heph %s", String.join(" ", args))
          .isEqualTo("heph: cannot write output: disk full");
    }
  }

  private String firstId() {
    return cli.on(db, "list", "--json").ok().out().replaceAll("(?s)^.*?\"id\":\"([0-9a-f-]+)\".*$", "$1");
  }
}
