package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** What a new user meets first: {@code heph} alone runs the default report, and typos get a suggestion. */
@Execution(ExecutionMode.CONCURRENT)
class CliGuidanceTest {
  @TempDir static Path dir;
  static HephCli cli;
  static Path db;

  @BeforeAll
  static void setUp() {
    cli = new HephCli(dir);
    db = dir.resolve("guidance.db");
    cli.on(db, "add", "Water the plants").ok();
  }

  @Test
  void hephAloneRunsTheDefaultReportAndHelpStaysOnHelp() throws java.io.IOException {
    // its own database and folder: the other tests here check that theirs is left untouched, files included
    Path own = java.nio.file.Files.createDirectories(dir.resolve("default-report")).resolve("heph.db");
    cli.on(own, "add", "Water the plants").ok();
    assertThat(cli.run("--db", own.toString()).ok().out()).isEqualTo(cli.on(own, "next").ok().out())
        .contains("Water the plants", "URG", "1 node");
    assertThat(cli.run("--db", own.toString(), "--json").ok().out()).isEqualTo(cli.on(own, "next", "--json").ok().out());
    assertThat(cli.run("--help").ok().out()).contains("Usage: heph", "With no command, heph runs 'heph next'");
  }

  @Test
  void hephAloneOnAFreshMachineCreatesTheDefaultStore() {
    HephCli fresh = new HephCli(dir.resolve("fresh"));
    assertThat(fresh.run().ok().outLines()).containsExactly("0 nodes");
    assertThat(fresh.home().resolve("xdg-data/heph/heph.db")).isRegularFile();
  }

  @Test
  @ResourceLock("guidance.db") // Db.unchanged reads it, and an open database has -wal and -shm files
  void anUnknownCommandSuggestsTheNearestOne() {
    for (List<String> typo : List.of(List.of("lst", "list"), List.of("ls", "list"), List.of("sycn", "sync"),
        List.of("serch", "search"), List.of("conf", "conflicts"), List.of("confilcts", "conflicts"))) {
      HephCli.Result r = Db.unchanged(db, () -> cli.on(db, typo.get(0))).usageError();
      assertThat(r.errLines()).containsExactly(
          "heph: unknown command '" + typo.get(0) + "'; did you mean '" + typo.get(1) + "'?", "Try 'heph --help'.");
    }
    assertThat(cli.run("frobnicate").usageError().message())
        .isEqualTo("heph: unknown command 'frobnicate' (commands: add, all, annotate, check, completed, conflicts,"
            + " count, daemon, done, edit, link, list, log, login, logout, modify, next, note, overdue, projects, restore,"
            + " rm, search, show, start, stop, sync, tags, unlink, waiting)");
  }

  @Test
  @ResourceLock("guidance.db") // Db.unchanged reads it, and an open database has -wal and -shm files
  void anUnknownOptionOrSubcommandSuggestsTheNearestOne() {
    assertThat(Db.unchanged(db, () -> cli.on(db, "list", "--al")).usageError().errLines())
        .containsExactly("heph: unknown option '--al'; did you mean '--all'?", "Try 'heph list --help'.");
    assertThat(Db.unchanged(db, () -> cli.on(db, "add", "Milk", "--tga=home")).usageError().message())
        .isEqualTo("heph: unknown option '--tga'; did you mean '--tag'?");
    assertThat(cli.on(db, "list", "--jsno").usageError().message())
        .isEqualTo("heph: unknown option '--jsno'; did you mean '--json'?");
    assertThat(cli.on(db, "list", "--frobnicate").usageError().message()).isEqualTo("heph: unknown option '--frobnicate'");
    assertThat(cli.on(db, "conflicts", "reslve").usageError().errLines()).containsExactly(
        "heph: unknown command 'conflicts reslve'; did you mean 'conflicts resolve'?", "Try 'heph conflicts --help'.");
    assertThat(cli.on(db, "note", "apend").usageError().message())
        .isEqualTo("heph: unknown command 'note apend'; did you mean 'note append'?");
  }
}
