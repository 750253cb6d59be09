package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * What commands print and refuse: search's table, a bad filter under {@code --json}, a database
 * path in a folder that does not exist, and the sync summary's words.
 */
@Execution(ExecutionMode.CONCURRENT)
class CliOutputTest {
  @TempDir static Path dir;
  static HephCli cli;
  static Path db;

  @BeforeAll
  static void setUp() {
    cli = new HephCli(dir);
    db = dir.resolve("output.db");
  }

  @Test
  void searchPrintsTheTableListPrints() {
    String report = cli.on(db, "add", "Quarterly walrus report", "--tag", "work", "--priority", "H").ok().outLines()
        .getFirst();
    String note = cli.on(db, "add", "--note", "Zoo", "--body", "the walrus feeding time").ok().outLines().getFirst();
    cli.on(db, "add", "Unrelated").ok();

    List<String> found = cli.on(db, "search", "walrus").ok().outLines();
    List<String> listed = cli.on(db, "list").ok().outLines();
    String header = listed.getFirst();
    assertThat(header).startsWith("#  ID").contains("STATUS", "TITLE", "TAGS");
    assertThat(found).hasSize(4).startsWith(header).endsWith("2 nodes");
    // Each row as list prints it (one renderer; the padding depends on the other rows).
    List<String> listedRows = listed.stream().map(l -> l.replaceAll(" +", " ")).toList();
    assertThat(found.subList(1, 3)).allSatisfy(row -> assertThat(row.replaceAll(" +", " ")).isIn(listedRows));
    assertThat(String.join("\n", found)).contains(report.substring(0, 8), note.substring(0, 8), "Quarterly walrus report",
        "+work").doesNotContain("Unrelated");
  }

  @Test
  void searchWithoutMatchesSaysSoOnStderrAndExitsZero() {
    cli.on(db, "add", "Something").ok();
    HephCli.Result none = cli.on(db, "search", "narwhal");
    assertThat(none.code()).isZero();
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).isEqualTo("heph: no matches\n");
    assertThat(cli.on(db, "search", "narwhal", "--json").ok().out()).isEqualTo("[]\n");
  }

  @Test
  void listJsonWithABadFilterPrintsNothingOnStdout() {
    cli.on(db, "add", "Listed").ok();
    for (String[] filter : new String[][] {{"--kind", "bogus"}, {"--status", "later"}}) {
      List<String> args = new ArrayList<>(List.of("list", "--json", "--all"));
      args.addAll(List.of(filter));
      HephCli.Result r = Db.unchanged(db, () -> cli.on(db, args.toArray(String[]::new))).userError();
      assertThat(r.out()).isEmpty();
      assertThat(r.message()).contains(filter[1]);
    }
  }

  @Test
  void aDatabaseInAFolderThatDoesNotExistIsRefusedNamingTheFolder() {
    Path missing = dir.resolve("no-such-folder");
    HephCli.Result byFlag = cli.on(missing.resolve("heph.db"), "add", "Lost");
    assertThat(byFlag.userError().message()).isEqualTo("heph: cannot use " + missing.resolve("heph.db")
        + " (--db) as the database: the folder " + missing + " does not exist; create it first, or check the path");

    HephCli env = new HephCli(dir.resolve("env")).env("HEPH_DB", missing.resolve("env.db").toString());
    assertThat(env.run("list").userError().message()).isEqualTo("heph: cannot use " + missing.resolve("env.db")
        + " ($HEPH_DB) as the database: the folder " + missing + " does not exist; create it first, or check the path");
    assertThat(env.run().userError().message()).contains(missing.toString());
    assertThat(missing).doesNotExist();
    assertThat(env.home().resolve("xdg-data")).as("no default store made instead").doesNotExist();
  }

  @Test
  void theSyncSummarySpeaksOfChangesAndJsonKeepsItsKeys() throws IOException {
    Path device = dir.resolve("device.db");
    cli.on(device, "add", "Synced task").ok();
    try (LoopbackHub hub = new LoopbackHub(dir.resolve("hub.db"))) {
      String summary = cli.on(device, "sync", "--hub-url", hub.url()).ok().out();
      assertThat(summary).isEqualTo("synced with " + hub.url() + ": pulled 0 changes (0 new), pushed 3 changes\n");
      Path other = dir.resolve("other.db");
      assertThat(cli.on(other, "sync", "--hub-url", hub.url()).ok().out())
          .isEqualTo("synced with " + hub.url() + ": pulled 3 changes (3 new), pushed 0 changes\n");
      String id = (String) Shapes.nodes(cli.on(device, "list", "--json").ok().json()).getFirst().get("id");
      cli.on(device, "edit", id, "--title", "Renamed").ok();
      assertThat(cli.on(device, "sync").ok().out()).contains("pushed 1 change\n");
      assertThat(Json.object(cli.on(device, "sync", "--json").ok().json()))
          .containsOnlyKeys("hub", "pulled", "applied", "pushed", "reset");
    }
  }
}
