package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task fields of issue 13 through the real CLI: {@code add}/{@code edit} with --project,
 * --scheduled, --wait, --until, --depends and --uda, {@code annotate}, {@code start}/{@code stop},
 * and how {@code show} and {@code --json} present them.
 */
class CliTaskFieldsTest {
  @TempDir Path dir;
  HephCli cli;
  Path db;

  @BeforeEach
  void setUp() {
    // A zone with an offset, so that local input and display are told apart from UTC.
    cli = new HephCli(dir).env("TZ", "Europe/Paris");
    db = dir.resolve("fields.db");
  }

  private String add(String... args) {
    return cli.on(db, List.of(List.of("add"), List.of(args)).stream().flatMap(List::stream).toArray(String[]::new))
        .ok().outLines().getFirst();
  }

  private Map<String, Object> json(String... args) {
    return Shapes.node(cli.on(db, args).ok().json());
  }

  @Test
  void addTakesEveryNewFieldAndJsonShowsThemInUtc() {
    String seeds = add("Buy seeds");
    Map<String, Object> n = json("add", "Sow tomatoes", "--project", "Home.Garden", "--scheduled", "2026-04-01",
        "--wait", "2026-03-25T08:00", "--until", "2026-05-01T12:00:00Z", "--due", "2026-04-10T18:30",
        "--depends", seeds.substring(0, 8), "--uda", "estimate=2h", "--uda", "size=large box", "--tag", "garden",
        "--json");
    assertThat(n).containsEntry("project", "Home.Garden").containsEntry("scheduled", "2026-04-01")
        .containsEntry("wait", "2026-03-25T07:00:00Z") // 08:00 in Paris (UTC+1 in March)
        .containsEntry("until", "2026-05-01T12:00:00Z").containsEntry("due", "2026-04-10T16:30:00Z")
        .containsEntry("start", null).containsEntry("annotations", List.of())
        .containsEntry("depends", List.of(seeds)).containsEntry("udas", Map.of("estimate", "2h", "size", "large box"));
    assertThat(n.get("tags")).isEqualTo(List.of("garden"));
  }

  @Test
  void showPrintsTheFieldsInLocalTimeWithAnnotationsAndUdas() {
    String id = add("Sow tomatoes", "--project", "Home.Garden", "--wait", "2026-03-25T08:00", "--uda", "estimate=2h");
    cli.on(db, "annotate", id, "bought", "compost").ok();
    List<String> lines = cli.on(db, "show", id).ok().outLines();
    assertThat(lines).contains("project:   Home.Garden", "wait:      2026-03-25 08:00", "uda:       estimate = 2h",
        "annotations:");
    assertThat(lines.getLast()).matches("  \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}(:\\d{2})?  bought compost");
    Map<String, Object> n = json("show", id, "--json");
    List<Map<String, Object>> annotations = Json.objects(n.get("annotations"));
    assertThat(annotations).singleElement().satisfies(a -> assertThat(a).containsEntry("text", "bought compost"));
  }

  @Test
  void editSetsClearsAndRemoves() {
    String a = add("A");
    String b = add("B", "--project", "Work", "--scheduled", "2026-04-01", "--uda", "estimate=2h", "--uda", "x=1",
        "--depends", a);
    Map<String, Object> n = json("edit", b, "--project", "none", "--scheduled", "2026-04-02", "--uda", "estimate=",
        "--uda", "x=2", "--no-depends", a, "--wait", "2026-04-01", "--json");
    assertThat(n).containsEntry("project", null).containsEntry("scheduled", "2026-04-02")
        .containsEntry("wait", "2026-04-01").containsEntry("udas", Map.of("x", "2"))
        .containsEntry("depends", List.of());
    assertThat(cli.on(db, "edit", b, "--project", "Home", "--depends", a).ok().out()).contains("updated");
    assertThat(json("show", b, "--json")).containsEntry("project", "Home").containsEntry("depends", List.of(a));
  }

  @Test
  void badInputIsOneLineAndChangesNothing() {
    String id = add("T");
    String before = cli.on(db, "show", id, "--json").ok().out();
    assertThat(cli.on(db, "edit", id, "--project", "Home Garden").userError().message()).contains("bad project");
    assertThat(cli.on(db, "edit", id, "--uda", "estimate").userError().message()).contains("KEY=VALUE");
    assertThat(cli.on(db, "edit", id, "--wait", "2026-13-01T10:00").userError().message()).contains("bad date");
    assertThat(cli.on(db, "edit", id, "--uda", "gone=").userError().message()).contains("no uda 'gone'");
    assertThat(cli.on(db, "add", "X", "--uda", "k=").userError().message()).contains("needs a value");
    assertThat(cli.on(db, "show", id, "--json").ok().out()).isEqualTo(before);
  }

  @Test
  void startAndStopTakeSeveralIds() {
    String a = add("A");
    String b = add("B");
    assertThat(cli.on(db, "start", a, b).ok().outLines()).hasSize(2).allSatisfy(l -> assertThat(l).endsWith("started"));
    Map<String, Object> started = json("show", a, "--json");
    assertThat(started).containsEntry("status", "doing");
    assertThat((String) started.get("start")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    assertThat(cli.on(db, "show", a).ok().out()).contains("(active; heph stop ends it)");
    List<Map<String, Object>> stopped = Json.objects(cli.on(db, "stop", a, b, "--json").ok().json());
    assertThat(stopped).allSatisfy(n -> assertThat(n).containsEntry("start", null).containsEntry("status", "open"));
    assertThat(cli.on(db, "stop", a).userError().message()).contains("is not started");
  }

  @Test
  void showSaysWhatBlocksATaskAndWhatItBlocks() {
    String seeds = add("Buy seeds");
    String pots = add("Buy pots");
    String sow = add("Sow", "--depends", seeds, "--depends", pots);
    cli.on(db, "done", pots).ok();
    String shown = cli.on(db, "show", sow).ok().out();
    assertThat(shown).contains("Buy seeds [open]", "Buy pots [done]", "blocked:   by 1 open task");
    assertThat(cli.on(db, "show", seeds).ok().out()).containsPattern("blocking:  [0-9a-f-]{8,}  Sow");
    cli.on(db, "done", seeds).ok();
    assertThat(cli.on(db, "show", sow).ok().out()).doesNotContain("blocked:");
    assertThat(cli.on(db, "show", seeds).ok().out()).doesNotContain("blocking:");
  }

  @Test
  void concurrentUdaValuesAreAConflictThatResolveSettles() throws java.io.IOException {
    String id = add("Shared", "--uda", "estimate=1h");
    Path b = dir.resolve("b.db");
    java.nio.file.Files.copy(db, b); // a second replica: a copy given its own device id, as CliConflictsTest does
    Path wal = dir.resolve("fields.db-wal");
    if (java.nio.file.Files.exists(wal)) {
      java.nio.file.Files.copy(wal, dir.resolve("b.db-wal"));
    }
    dev.heph.testkit.Sqlite.exec(b, "UPDATE meta SET value = 'b0b0b0b0b0b0b0b0' WHERE key = 'origin'");
    cli.on(db, "edit", id, "--uda", "estimate=2h").ok();
    cli.on(b, "edit", id, "--uda", "estimate=3h").ok();
    assertThat(Db.merge(b, db)).isEqualTo(2); // b's remove of 1h and its add of 3h
    assertThat(json("show", id, "--json")).containsEntry("conflicts", List.of("udas"));
    String listed = cli.on(db, "conflicts").ok().out();
    assertThat(listed).contains("udas has 2 values", "{\"key\":\"estimate\",\"value\":\"2h\"}",
        "{\"key\":\"estimate\",\"value\":\"3h\"}");
    Map<String, Object> resolved = json("conflicts", "resolve", id, "udas", "--value", "estimate=4h", "--json");
    assertThat(resolved).containsEntry("conflicts", List.of()).containsEntry("udas", Map.of("estimate", "4h"));
  }

  @Test
  void helpDescribesTheNewFlagsAndCommands() {
    assertThat(cli.run("add", "--help").ok().out()).contains("--project", "--scheduled", "--wait", "--until",
        "--depends", "--uda=KEY=VALUE", "Home.Garden");
    assertThat(cli.run("edit", "--help").ok().out()).contains("--no-depends", "none clears it", "KEY= removes it");
    assertThat(cli.run("annotate", "--help").ok().out()).contains("stamped with the current time");
    assertThat(cli.run("--help").ok().out()).contains("annotate", "start", "stop");
  }
}
