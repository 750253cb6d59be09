package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Changes;
import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.testkit.HephCli;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code heph list} and its filters on one database holding nodes in every state. The nodes are
 * made through the facade (the CLI's add is tested elsewhere); every listing runs the real CLI.
 */
@Execution(ExecutionMode.CONCURRENT)
class CliListTest {
  @TempDir static Path dir;
  static HephCli cli;
  static Path db;
  static String alpha;
  static String bravo;
  static String charlie;
  static String delta;
  static String echo;
  static String foxtrot;
  static String golf;

  @BeforeAll
  static void setUp() {
    cli = new HephCli(dir);
    db = dir.resolve("list.db");
    try (Heph heph = Heph.open(db)) {
      alpha = heph.add(new NewNode("task", "Alpha open", null, List.of("x"), "2026-12-01", "H", null)).id();
      bravo = heph.add(new NewNode("task", "Bravo done", null, List.of("x"), null, null, null)).id();
      heph.done(bravo);
      charlie = heph.add(NewNode.task("Charlie cancelled")).id();
      heph.update(charlie, new Changes(null, null, "cancelled", null, null, null, null));
      delta = heph.add(new NewNode("note", "Delta note", "some body", List.of("x"), null, null, null)).id();
      echo = heph.add(NewNode.task("Echo deleted")).id();
      heph.delete(echo);
      foxtrot = heph.add(new NewNode("note", "Foxtrot deleted note", null, List.of(), null, null, null)).id();
      heph.delete(foxtrot);
      golf = heph.add(new NewNode("task", "Golf doing", null, List.of("zulu", "alpha", "mike"), null, "L", alpha)).id();
      heph.update(golf, new Changes(null, null, "doing", null, null, null, null));
    }
  }

  @Test
  void defaultTableHidesDoneCancelledAndDeleted() {
    List<String> lines = cli.on(db, "list").ok().outLines();
    assertThat(lines.getFirst()).matches("#\\s+ID\\s+STATUS\\s+P\\s+DUE\\s+TITLE\\s+TAGS");
    String table = String.join("\n", lines);
    assertThat(table).contains("Alpha open", "Delta note", "Golf doing", "2026-12-01", "+alpha +mike +zulu")
        .doesNotContain("Bravo", "Charlie", "Echo", "Foxtrot");
    assertThat(lines.getLast()).isEqualTo("3 nodes");
  }

  @Test
  void defaultJsonIsAnArrayOfLiveNodesInCreationOrderWithTheDocumentedShape() {
    Object json = cli.on(db, "list", "--json").ok().json();
    assertThat(Shapes.ids(json)).containsExactly(alpha, delta, golf);
    List<Map<String, Object>> nodes = Shapes.nodes(json);
    assertThat(nodes.get(0)).containsEntry("title", "Alpha open").containsEntry("due", "2026-12-01")
        .containsEntry("priority", "H").containsEntry("status", "open").containsEntry("deleted", false);
    assertThat(nodes.get(1)).containsEntry("kind", "note").containsEntry("status", null)
        .containsEntry("body", "some body");
    assertThat(nodes.get(2)).containsEntry("status", "doing").containsEntry("parent", alpha);
    assertThat(nodes.get(2).get("tags")).isEqualTo(List.of("alpha", "mike", "zulu"));
  }

  @Test
  void allShowsEveryNodeIncludingDeletedOnes() {
    List<Map<String, Object>> nodes = Shapes.nodes(cli.on(db, "list", "--all", "--json").ok().json());
    // Listed in id order, which is creation order to the millisecond (UUIDv7); nodes made within
    // one millisecond may come in either order.
    List<String> ids = nodes.stream().map(n -> (String) n.get("id")).toList();
    assertThat(ids).containsExactlyInAnyOrder(alpha, bravo, charlie, delta, echo, foxtrot, golf).isSorted();
    assertThat(nodes.stream().filter(n -> (Boolean) n.get("deleted")).map(n -> n.get("id")).toList())
        .containsExactly(echo, foxtrot);

    String table = cli.on(db, "list", "--all").ok().out();
    assertThat(table).contains("Bravo done", "Charlie cancelled", "Echo deleted", "Foxtrot deleted note", "7 nodes");
    assertThat(table.lines().filter(l -> l.contains("Echo deleted")).findFirst().orElseThrow()).contains("deleted");
  }

  @Test
  void filtersByKindStatusAndTag() {
    assertThat(Shapes.ids(cli.on(db, "list", "--kind", "note", "--json").ok().json())).containsExactly(delta);
    assertThat(Shapes.ids(cli.on(db, "list", "--status", "done", "--json").ok().json())).containsExactly(bravo);
    assertThat(Shapes.ids(cli.on(db, "list", "--tag", "x", "--json").ok().json())).containsExactly(alpha, delta);
    assertThat(Shapes.ids(cli.on(db, "list", "--all", "--kind", "task", "--tag", "x", "--json").ok().json()))
        .containsExactly(alpha, bravo);
  }
}
