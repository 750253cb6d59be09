package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Every command of the real CLI, human and {@code --json}, on one shared database file. Each test
 * makes its own nodes, so the tests do not depend on each other and may run at the same time.
 */
@Execution(ExecutionMode.CONCURRENT)
class CliCommandsTest {
  @TempDir static Path dir;
  static HephCli cli;
  static Path db;
  /** A task every test may point at (parent, link target). */
  static String anchor;

  @BeforeAll
  static void setUp() {
    cli = new HephCli(dir);
    db = dir.resolve("commands.db");
    anchor = cli.on(db, "add", "Anchor task").ok().outLines().getFirst();
  }

  @Test
  void addPrintsTheFullIdFirstAndShowReadsBackEveryField() {
    HephCli.Result add = cli.on(db, "add", "Buy", "milk", "--body", "two liters", "--tag", "home", "--tag", "errand",
        "--tag", "home", "--due", "2026-12-01", "--priority", "h").ok();
    String id = add.outLines().getFirst();
    assertThat(id).hasSize(36).matches(Shapes.UUID_V7);

    Map<String, Object> n = Shapes.node(cli.on(db, "show", id, "--json").ok().json());
    assertThat(n).containsEntry("id", id).containsEntry("kind", "task").containsEntry("title", "Buy milk")
        .containsEntry("body", "two liters").containsEntry("status", "open").containsEntry("priority", "H")
        .containsEntry("due", "2026-12-01").containsEntry("parent", null).containsEntry("deleted", false);
    assertThat(n.get("tags")).isEqualTo(List.of("errand", "home"));
    assertThat(Json.array(n.get("links"))).isEmpty();
    assertThat(Json.array(n.get("conflicts"))).isEmpty();

    List<String> human = cli.on(db, "show", id).ok().outLines();
    assertThat(human).contains("id:        " + id, "kind:      task", "title:     Buy milk", "status:    open",
        "priority:  H", "due:       2026-12-01", "tags:      errand, home", "two liters");
    assertThat(String.join("\n", human)).doesNotContain("deleted:").doesNotContain("conflicts:");
  }

  @Test
  void addJsonMakesANoteWithARelativeDueDateAParentAndAUnicodeTitle() {
    String parentPrefix = anchor.substring(0, 13);
    Map<String, Object> n = Shapes.node(cli.on(db, "--json", "add", "--note", "Café ☕ naïve", "--due", "tomorrow",
        "--parent", parentPrefix, "--priority", "l").ok().json());
    assertThat(n).containsEntry("kind", "note").containsEntry("title", "Café ☕ naïve").containsEntry("status", null)
        .containsEntry("body", null).containsEntry("priority", "L").containsEntry("parent", anchor)
        .containsEntry("due", LocalDate.now(ZoneOffset.UTC).plusDays(1).toString());
  }

  /**
   * "tomorrow" is the day after the user's today, in the zone of the machine heph runs on. Run in
   * a zone whose date differs from UTC's right now, so that a UTC-based "today" shows.
   */
  @Test
  void relativeDueDatesFollowTheLocalZone() {
    ZoneId west = ZoneId.of("Etc/GMT+12"); // UTC-12
    ZoneId east = ZoneId.of("Pacific/Kiritimati"); // UTC+14
    LocalDate utcToday = LocalDate.now(ZoneOffset.UTC);
    ZoneId zone = !LocalDate.now(west).equals(utcToday) ? west : east;
    LocalDate before = LocalDate.now(zone);
    HephCli zoned = new HephCli(dir.resolve("zoned")).env("TZ", zone.getId());
    Map<String, Object> n = Shapes.node(zoned.on(db, "--json", "add", "Zone test", "--due", "tomorrow").ok().json());
    LocalDate after = LocalDate.now(zone);
    assertThat(n.get("due")).isIn(before.plusDays(1).toString(), after.plusDays(1).toString());
  }

  @Test
  void editChangesEveryFieldNoneClearsAndLogShowsEachOp() {
    String id = cli.on(db, "add", "Draft", "--tag", "home", "--priority", "H", "--due", "2026-12-01").ok()
        .outLines().getFirst();

    Map<String, Object> edited = Shapes.node(cli.on(db, "edit", id.substring(0, 13), "--title", "Final",
        "--body", "new body", "--status", "doing", "--due", "2027-01-02", "--priority", "l", "--tag", "b",
        "--tag", "a", "--untag", "home", "--json").ok().json());
    assertThat(edited).containsEntry("id", id).containsEntry("title", "Final").containsEntry("body", "new body")
        .containsEntry("status", "doing").containsEntry("due", "2027-01-02").containsEntry("priority", "L");
    assertThat(edited.get("tags")).isEqualTo(List.of("a", "b"));

    Map<String, Object> cleared = Shapes.node(cli.on(db, "edit", id, "--due", "none", "--priority", "none",
        "--body", "", "--json").ok().json());
    assertThat(cleared).containsEntry("due", null).containsEntry("priority", null).containsEntry("body", null)
        .containsEntry("title", "Final").containsEntry("status", "doing");

    int ops = Sqlite.count(db, "SELECT 1 FROM ops WHERE node = '" + id + "'");
    List<String> log = cli.on(db, "log", id).ok().outLines();
    assertThat(log).hasSize(ops)
        .allSatisfy(l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  this device  .+"));
    assertThat(log.getFirst()).endsWith("created task");
    assertThat(String.join("\n", log)).contains("set title = \"Final\"", "removed tags \"home\"",
        "set due = null");

    List<Map<String, Object>> entries = Json.objects(cli.on(db, "log", id, "--json").ok().json());
    assertThat(entries).hasSize(ops).allSatisfy(e -> {
      assertThat(e.keySet()).containsExactlyInAnyOrder("hlc", "at", "origin", "local", "summary", "op");
      assertThat((String) e.get("hlc")).matches(Shapes.HLC);
      assertThat(e.get("local")).isEqualTo(true);
      assertThat(Json.object(e.get("op"))).containsEntry("node", id).containsEntry("hlc", e.get("hlc"));
    });
    assertThat(entries.stream().map(e -> (String) e.get("hlc")).toList()).isSorted();
  }

  @Test
  void doneRmAndRestore() {
    String id = cli.on(db, "add", "Water plants").ok().outLines().getFirst();

    assertThat(cli.on(db, "done", id).ok().outLines()).containsExactly(id + "  Water plants: done");

    Map<String, Object> removed = Shapes.node(cli.on(db, "rm", id, "--json").ok().json());
    assertThat(removed).containsEntry("deleted", true).containsEntry("status", "done");

    Map<String, Object> restored = Shapes.node(cli.on(db, "restore", id, "--json").ok().json());
    assertThat(restored).containsEntry("deleted", false).containsEntry("status", "done")
        .containsEntry("title", "Water plants");
  }

  @Test
  void linkAndUnlinkWithAndWithoutType() {
    String id = cli.on(db, "add", "Blocked task").ok().outLines().getFirst();

    Map<String, Object> blocks = Shapes.node(cli.on(db, "link", id, anchor, "--type", "blocks", "--json").ok().json());
    assertThat(blocks.get("links")).isEqualTo(List.of(Map.of("type", "blocks", "to", anchor)));

    assertThat(cli.on(db, "link", id, anchor.substring(0, 13)).ok().outLines())
        .containsExactly(id + "  Blocked task: linked");

    Map<String, Object> left = Shapes.node(cli.on(db, "unlink", id, anchor, "--type", "blocks", "--json").ok().json());
    assertThat(left.get("links")).isEqualTo(List.of(Map.of("type", "related", "to", anchor)));

    Map<String, Object> none = Shapes.node(cli.on(db, "unlink", id, anchor, "--json").ok().json());
    assertThat(Json.array(none.get("links"))).isEmpty();
  }

  @Test
  void searchPrintsATableOrNodes() {
    String report = cli.on(db, "add", "Quarterly zebra report").ok().outLines().getFirst();
    String note = cli.on(db, "add", "--note", "Walk", "--body", "the zebra crossing on Main street").ok()
        .outLines().getFirst();

    List<String> table = cli.on(db, "search", "zebra").ok().outLines();
    assertThat(table).hasSize(4).endsWith("2 nodes");
    assertThat(table.subList(1, 3)).anySatisfy(row -> assertThat(row).contains("Quarterly zebra report"))
        .anySatisfy(row -> assertThat(row).contains("Walk"));
    assertThat(String.join("\n", table)).contains(report.substring(0, 8), note.substring(0, 8));

    List<Map<String, Object>> found = Shapes.nodes(cli.on(db, "search", "zebr", "CROSS", "--json").ok().json());
    assertThat(found).singleElement().satisfies(n -> assertThat(n).containsEntry("id", note)
        .containsEntry("body", "the zebra crossing on Main street"));
  }

  @Test
  void topLevelHelpExitsZeroAndNamesTheCommandsAndOptions() {
    HephCli.Result top = cli.run("--help").ok();
    assertThat(top.out()).contains("--help", "--version", "--db", "add", "list", "show", "edit", "done", "rm",
        "restore", "link", "unlink", "search", "log", "conflicts");
  }

  @Test
  void subcommandHelpExitsZeroAndNamesTheOptions() {
    HephCli.Result add = cli.run("add", "--help").ok();
    assertThat(add.out()).contains("TITLE", "--note", "--body", "--tag", "--due", "--priority", "--parent", "--db",
        "--json", "--debug");

    HephCli.Result list = cli.run("list", "--help").ok();
    assertThat(list.out()).contains("--all", "--kind", "--status", "--tag", "--json");

    HephCli.Result resolve = cli.run("conflicts", "resolve", "--help").ok();
    assertThat(resolve.out()).contains("ID", "FIELD", "--value", "--pick");
  }
}
