package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import dev.heph.testkit.Taskwarrior;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heph import taskwarrior} and {@code heph export}, end to end, and a round trip through the real Taskwarrior. */
class CliImportExportTest {
  @TempDir static Path dir;
  static HephCli cli;

  static final String A = "11111111-1111-4111-8111-111111111111";
  static final String B = "22222222-2222-4222-8222-222222222222";

  @BeforeAll
  static void setUp() {
    cli = new HephCli(dir);
  }

  private static Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static String task(String uuid, String description, String extra) {
    return "{\"uuid\":\"" + uuid + "\",\"description\":\"" + description + "\",\"status\":\"pending\","
        + "\"entry\":\"20261101T100000Z\",\"modified\":\"20261102T100000Z\"" + extra + "}";
  }

  @Test
  void importingTheSameFileTwiceChangesNothingAndAChangedFileUpdatesWhatChanged() throws IOException {
    Path db = dir.resolve("twice.db");
    Path export = file("twice.json", "[" + task(A, "Buy milk", ",\"tags\":[\"errand\"],\"due\":\"20261201T120000Z\"")
        + ",\n" + task(B, "Write report", ",\"depends\":[\"" + A + "\"],\"priority\":\"H\"") + "]");
    assertThat(cli.on(db, "import", "taskwarrior", export.toString()).ok().outLines())
        .containsExactly("imported 2 tasks: 2 added, 0 updated, 0 unchanged");
    String ops = Db.opsDump(db);
    Object again = Db.unchanged(db, () -> cli.on(db, "import", "taskwarrior", export.toString(), "--json").ok()).json();
    assertThat(again).isEqualTo(Map.of("added", 0L, "updated", 0L, "unchanged", 2L));
    assertThat(Db.opsDump(db)).isEqualTo(ops);

    Map<String, Object> milk = Json.object(cli.on(db, "show", A, "--json").ok().json());
    assertThat(milk).containsEntry("title", "Buy milk").containsEntry("status", "open").containsEntry("tags", List.of("errand"));
    Map<String, Object> report = Json.object(cli.on(db, "show", B, "--json").ok().json());
    assertThat(report).containsEntry("priority", "H")
        .containsEntry("links", List.of(Map.of("type", "depends", "to", A)));

    Path changed = file("changed.json", "[" + task(A, "Buy oat milk", ",\"tags\":[\"errand\"],\"due\":\"20261201T120000Z\"")
        + "," + task(B, "Write report", ",\"priority\":\"H\"") + "]");
    assertThat(Json.parse(cli.on(db, "import", "taskwarrior", changed.toString(), "--json").ok().out()))
        .isEqualTo(Map.of("added", 0L, "updated", 2L, "unchanged", 0L));
    assertThat(Json.object(cli.on(db, "show", B, "--json").ok().json())).containsEntry("links", List.of());
  }

  @Test
  void badInputIsNamedByPositionAndUuidAndNothingIsWritten() throws IOException {
    Path db = dir.resolve("bad.db");
    cli.on(db, "add", "already here").ok();
    Path bad = file("bad.json", "[" + task(A, "fine", "") + "," + task(B, "bad", ",\"scheduled\":\"next week\"") + "]");
    HephCli.Result r = Db.unchanged(db, () -> cli.on(db, "import", "taskwarrior", bad.toString()).userError());
    assertThat(r.err()).isEqualTo("heph: task 2 (" + B + "): scheduled: \"next week\" is not a Taskwarrior date"
        + " (like 20261201T120000Z)\n");
    assertThat(cli.on(db, "import", "taskwarrior", dir.resolve("missing.json").toString()).userError().err())
        .contains("no such file");
    assertThat(cli.on(db, "import", "todo.txt", bad.toString()).userError().err())
        .isEqualTo("heph: cannot import from 'todo.txt': heph imports from taskwarrior\n");
  }

  @Test
  void importReadsStandardInputAndUndoTakesTheWholeImportBack() throws IOException {
    Path db = dir.resolve("stdin.db");
    byte[] json = ("[" + task(A, "one", "") + "," + task(B, "two", "") + "]").getBytes(StandardCharsets.UTF_8);
    assertThat(cli.onWithInput(db, json, "import", "taskwarrior", "-").ok().outLines())
        .containsExactly("imported 2 tasks: 2 added, 0 updated, 0 unchanged");
    assertThat(cli.on(db, "undo").ok().outLines()).containsExactly("undid: add of 'one'", "undid: add of 'two'");
    assertThat(cli.on(db, "list", "--json").ok().json()).isEqualTo(List.of());
  }

  @Test
  void exportAsJsonAndMarkdownTakesAFilter() {
    Path db = dir.resolve("export.db");
    cli.on(db, "add", "Buy *milk*", "--tag", "errand", "--due", "2026-12-01").ok();
    cli.on(db, "add", "Read", "--tag", "home").ok();
    List<Map<String, Object>> nodes = Shapes.nodes(cli.on(db, "export", "+errand", "--format", "json").ok().json());
    assertThat(nodes).singleElement().satisfies(n -> assertThat(n).containsEntry("title", "Buy *milk*"));
    assertThat(cli.on(db, "export", "--format", "markdown").ok().outLines()).containsExactly("## No project", "",
        "- [ ] Buy \\*milk\\* (due 2026-12-01) `+errand`", "- [ ] Read `+home`");
    assertThat(cli.on(db, "export", "--format", "yaml").userError().err()).contains("unknown export format 'yaml'");
  }

  @Test
  void aTaskwarriorRoundTripKeepsEveryFieldTaskwarriorKeeps() throws IOException {
    assumeTrue(Taskwarrior.installed(), "Taskwarrior is not installed at " + Taskwarrior.BINARY
        + " (Debian package 'taskwarrior', which .ci/run installs); this test compares heph with it");
    Taskwarrior source = new Taskwarrior(dir.resolve("tw-source"), Taskwarrior.SAMPLE_UDAS);
    source.addSample();
    String original = source.export();
    Path db = dir.resolve("roundtrip.db");
    Path exported = file("tw-original.json", original);
    cli.on(db, "import", "taskwarrior", exported.toString()).ok();
    String fromHeph = cli.on(db, "export", "--format", "taskwarrior").ok().out();
    Path back = file("tw-from-heph.json", fromHeph);
    Taskwarrior target = new Taskwarrior(dir.resolve("tw-target"), Taskwarrior.SAMPLE_UDAS);
    target.importFile(back);
    Map<String, Map<String, Object>> before = byUuid(original);
    Map<String, Map<String, Object>> after = byUuid(target.export());
    assertThat(after.keySet()).isEqualTo(before.keySet());
    for (String uuid : before.keySet()) {
      assertThat(after.get(uuid)).as("task %s after Taskwarrior -> heph -> Taskwarrior", uuid)
          .isEqualTo(before.get(uuid));
    }
  }

  /** Tasks by uuid, without what Taskwarrior computes as it exports (the working-set id and the urgency). */
  private static Map<String, Map<String, Object>> byUuid(String export) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> tasks = (List<Map<String, Object>>) Json.parse(export);
    return tasks.stream().map(t -> {
      Map<String, Object> copy = new HashMap<>(t);
      copy.remove("id");
      copy.remove("urgency");
      return copy;
    }).collect(Collectors.toMap(t -> (String) t.get("uuid"), Function.identity()));
  }
}
