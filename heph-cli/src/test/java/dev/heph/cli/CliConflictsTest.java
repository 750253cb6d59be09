package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code heph conflicts} and {@code heph conflicts resolve} on a real conflict between two
 * replicas. There is no sync command yet, so the second replica is a copy of the first database
 * file given its own device id, and ops travel between them through {@code Heph.applyRemote},
 * the way sync will deliver them.
 */
@Execution(ExecutionMode.CONCURRENT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliConflictsTest {
  @TempDir static Path dir;
  static HephCli cli;
  static Path a;
  static Path b;
  static String id;

  @BeforeAll
  static void setUp() throws IOException {
    cli = new HephCli(dir);
    a = dir.resolve("a.db");
    b = dir.resolve("b.db");
    id = cli.on(a, "add", "Shared title").ok().outLines().getFirst();
    // The CLI has exited, so the file is closed and complete (a WAL, if any, would be copied too).
    Files.copy(a, b);
    Path wal = dir.resolve("a.db-wal");
    if (Files.exists(wal)) {
      Files.copy(wal, dir.resolve("b.db-wal"));
    }
    // A copied file is the same device; a second replica has its own origin id.
    Sqlite.exec(b, "UPDATE meta SET value = 'b0b0b0b0b0b0b0b0' WHERE key = 'origin'");
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD) // in order, one after the other
  @Order(1)
  void concurrentTitleEditsAreAConflictThatPickResolvesEverywhere() {
    cli.on(a, "edit", id, "--title", "Title from A").ok();
    cli.on(b, "edit", id, "--title", "Title from B").ok();
    assertThat(Db.merge(b, a)).as("new ops from b").isEqualTo(1);

    List<Map<String, Object>> conflicts = Json.objects(cli.on(a, "conflicts", "--json").ok().json());
    assertThat(conflicts).hasSize(1);
    Map<String, Object> c = conflicts.getFirst();
    assertThat(c.keySet()).containsExactlyInAnyOrder("id", "title", "field", "values");
    assertThat(c).containsEntry("id", id).containsEntry("field", "title");
    List<Map<String, Object>> values = Json.objects(c.get("values"));
    assertThat(values).hasSize(2).allSatisfy(v -> {
      assertThat(v.keySet()).containsExactlyInAnyOrder("hlc", "origin", "at", "value");
      assertThat((String) v.get("hlc")).matches(Shapes.HLC).endsWith((String) v.get("origin"));
    });
    assertThat(values.stream().map(v -> v.get("value")).toList())
        .containsExactlyInAnyOrder("Title from A", "Title from B");
    String fromB = (String) values.stream().filter(v -> v.get("value").equals("Title from B")).findFirst()
        .orElseThrow().get("hlc");
    assertThat(fromB).endsWith("b0b0b0b0b0b0b0b0");

    String human = cli.on(a, "conflicts").ok().out();
    assertThat(human).contains(id, "title has 2 values", "--pick " + fromB, "\"Title from B\"", "\"Title from A\"");

    assertThat(Shapes.node(cli.on(a, "show", id, "--json").ok().json()).get("conflicts")).isEqualTo(List.of("title"));

    // The log says which device wrote what.
    assertThat(cli.on(a, "log", id).ok().outLines())
        .anyMatch(l -> l.endsWith("  device b0b0b0b0b0b0b0b0  set title = \"Title from B\""))
        .anyMatch(l -> l.endsWith("  this device  set title = \"Title from A\""));

    Map<String, Object> resolved = Shapes.node(cli.on(a, "conflicts", "resolve", id.substring(0, 13), "title",
        "--pick", fromB, "--json").ok().json());
    assertThat(resolved).containsEntry("title", "Title from B");
    assertThat(Json.array(resolved.get("conflicts"))).isEmpty();

    assertThat(cli.on(a, "conflicts", "--json").ok().out()).isEqualTo("[]\n");

    // The resolution names both values, so once it reaches b the conflict is gone there too.
    Db.merge(a, b);
    assertThat(Json.array(cli.on(b, "conflicts", "--json").ok().json())).isEmpty();
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD) // in order, one after the other
  @Order(2)
  void valueResolvesWithANewValueAndGlobalOptionsMayComeFirst() {
    cli.on(a, "edit", id, "--priority", "H").ok();
    cli.on(b, "edit", id, "--priority", "L").ok();
    Db.merge(b, a);

    Map<String, Object> resolved = Shapes.node(cli.run("--db", a.toString(), "--json", "conflicts", "resolve", id,
        "priority", "--value", "m").ok().json());
    assertThat(resolved).containsEntry("priority", "M").containsEntry("title", "Title from B");
    assertThat(Json.array(resolved.get("conflicts"))).isEmpty();

    assertThat(cli.run("conflicts", "--db", a.toString()).ok().outLines()).containsExactly("no conflicts");
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD) // in order, one after the other
  @Order(3)
  void resolveRefusesWhatIsNotAConflictAndBadFlagsLeavingTheDatabaseAlone() {
    HephCli.Result none = Db.unchanged(a, () -> cli.on(a, "conflicts", "resolve", id, "title", "--value", "X"))
        .userError();
    assertThat(none.message()).contains("title", id, "not in conflict");

    Db.unchanged(a, () -> cli.on(a, "conflicts", "resolve", id, "colour", "--value", "X")).userError();

    HephCli.Result both = Db.unchanged(a, () -> cli.on(a, "conflicts", "resolve", id, "title", "--value", "X",
        "--pick", "0")).usageError();
    assertThat(both.message()).contains("--value", "--pick");

    HephCli.Result neither = Db.unchanged(a, () -> cli.on(a, "conflicts", "resolve", id, "title")).usageError();
    assertThat(neither.message()).contains("--value", "--pick");
  }
}
