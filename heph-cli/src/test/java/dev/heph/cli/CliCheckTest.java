package dev.heph.cli;

import static dev.heph.testkit.Sqlite.overwritePage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code heph check} end to end on real files: a healthy replica passes; a damaged page and a
 * table edited behind heph's back are found (exit 1, the problems, how to recover); and a
 * replica known to be damaged is refused by {@code heph sync} before it reaches any hub.
 */
@Execution(ExecutionMode.CONCURRENT)
class CliCheckTest {
  /** A hub address where nothing listens: a sync that got as far as the network would say "cannot reach". */
  private static final String NO_HUB = "http://127.0.0.1:9";

  @TempDir Path dir;
  HephCli cli;
  Path db;
  Path marker;

  @BeforeEach
  void replica() {
    cli = new HephCli(dir);
    db = dir.resolve("heph.db");
    marker = dir.resolve("heph.db-damaged");
    try (Heph heph = Heph.open(db)) {
      heph.add(NewNode.task("Buy milk"));
      heph.add(new NewNode("note", "Meeting notes", "Ship on Friday", List.of("work"), null, null, null));
    }
  }

  @Test
  void aHealthyReplicaPasses() {
    HephCli.Result r = cli.on(db, "check").ok();
    assertThat(r.outLines()).containsExactly("ok: " + Sqlite.count(db, "SELECT 1 FROM ops") + " ops, 2 nodes checked");
    Map<String, Object> json = Json.object(cli.on(db, "check", "--json").ok().json());
    assertThat(json).containsExactly(Map.entry("ok", true), Map.entry("ops", (long) Sqlite.count(db, "SELECT 1 FROM ops")),
        Map.entry("nodes", 2L), Map.entry("problems", List.of()));
    assertThat(marker).doesNotExist();
  }

  @Test
  void aDamagedPageIsFoundThoughEverydayCommandsStillWork() throws IOException {
    Sqlite.exec(db, "INSERT INTO meta(key, value) VALUES ('sync.hub_url', 'http://hub.example:7878')");
    overwritePage(db, "nodes_by_due");
    // The danger: the damage is where add and list do not look, so they go on as if all were well.
    cli.on(db, "add", "Still writing").ok();
    cli.on(db, "list").ok();

    HephCli.Result r = cli.on(db, "check");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.outLines()).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("sqlite: integrity_check: "));
    assertThat(r.errLines()).containsExactly("heph: " + db + " is damaged; recover by syncing from the hub into a new"
        + " file: heph --db " + dir.resolve("heph-recovered.db") + " sync --hub-url http://hub.example:7878, then use"
        + " that file instead (keep heph.db until you have checked that nothing made only on this device is missing)");
    r.assertNoStackTrace();
    assertThat(marker).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(marker))).isEqualTo("rw-------");

    HephCli.Result json = cli.on(db, "check", "--json");
    assertThat(json.code()).isEqualTo(1);
    Map<String, Object> report = Json.object(json.json());
    assertThat(report.keySet()).containsExactly("ok", "ops", "nodes", "problems");
    assertThat(report).containsEntry("ok", false);
    assertThat(Json.objects(report.get("problems"))).isNotEmpty().allSatisfy(p -> {
      assertThat(p.keySet()).containsExactly("kind", "message");
      assertThat(p).containsEntry("kind", "sqlite");
    });
  }

  @Test
  void aNodeEditedBehindHephsBackIsFoundAndAPassingCheckClearsTheDamage() {
    Sqlite.exec(db, "UPDATE nodes SET title = 'Buy beer' WHERE title = 'Buy milk'");
    HephCli.Result r = cli.on(db, "check", "--json");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("is damaged; recover by syncing from the hub", "--hub-url URL");
    List<Map<String, Object>> problems = Json.objects(Json.object(r.json()).get("problems"));
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p).containsEntry("kind", "state");
      assertThat((String) p.get("message")).contains("title is \"Buy beer\", the op log gives \"Buy milk\"");
    });
    assertThat(marker).exists();
    assertThat(Db.unchanged(db, () -> cli.on(db, "sync", "--hub-url", NO_HUB)).userError().message())
        .contains("known to be damaged");

    Sqlite.exec(db, "UPDATE nodes SET title = 'Buy milk' WHERE title = 'Buy beer'");
    cli.on(db, "check").ok();
    assertThat(marker).doesNotExist();
    assertThat(cli.on(db, "sync", "--hub-url", NO_HUB).userError().message()).contains("cannot reach");
  }

  @Test
  void syncRefusesAReplicaKnownToBeDamagedAndSaysHowToRecover() {
    cli.on(db, "check").ok();
    overwritePage(db, "nodes_by_due");
    // SQLite reporting the damage to any command is enough for the replica to be known as damaged.
    HephCli.Result add = cli.on(db, "add", "Due soon", "--due", "2026-12-24").userError();
    assertThat(add.message()).contains(db.toString(), "damaged", "check");
    assertThat(marker).exists();

    HephCli.Result sync = Db.unchanged(db, () -> cli.on(db, "sync", "--hub-url", NO_HUB)).userError();
    assertThat(sync.message()).startsWith("heph: refusing to sync " + db + ": it is known to be damaged (")
        .contains("SQLITE_CORRUPT", "heph --db " + dir.resolve("heph-recovered.db") + " sync --hub-url " + NO_HUB)
        .doesNotContain("cannot reach");
    assertThat(cli.on(db, "sync", "--json").userError().message()).contains("known to be damaged");
  }

  @Test
  void checkingAPathWithoutADatabaseCreatesNone() {
    Path none = dir.resolve("none.db");
    assertThat(cli.on(none, "check").userError().message()).isEqualTo("heph: no database at " + none);
    assertThat(none).doesNotExist();
  }

  @Test
  void helpExplainsTheCheckAndItsExitCodes() {
    HephCli.Result r = cli.run("check", "--help").ok();
    assertThat(r.out()).contains("integrity check", "replay of the op", "exits 1", "--json", "\"problems\"",
        "not synced", "--db");
  }
}
