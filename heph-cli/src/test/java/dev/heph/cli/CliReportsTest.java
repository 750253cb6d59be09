package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The reports end to end through the real CLI: {@code next} (urgency order, filters, the
 * terminal's height), {@code all}, {@code completed}, {@code overdue}, {@code tags}, each as a
 * table and as {@code --json}.
 */
@Execution(ExecutionMode.CONCURRENT)
class CliReportsTest {
  @TempDir static Path dir;
  static HephCli cli;
  static Path db;
  static String late;
  static String blocker;
  static String finished;
  static String removed;

  @BeforeAll
  static void setUp() {
    cli = new HephCli(dir);
    db = dir.resolve("reports.db");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    late = add("Late rent", "--due", today.minusDays(9).toString(), "--priority", "H", "--tag", "home");
    add("Plain chore");
    add("Due today", "--due", "today", "--tag", "home", "--tag", "errand");
    blocker = add("Call the plumber", "--priority", "M");
    add("Someday", "--due", today.plusDays(40).toString());
    add("Marked next", "--tag", "next");
    finished = add("Already done", "--tag", "home");
    removed = add("Thrown away");
    add("Weed the beds", "--project", "Home.Garden");
    add("Fix the fence", "--project", "Home", "--wait", "+3d");
    String report = add("Quarterly report", "--project", "Work");
    cli.on(db, "add", "--note", "A note is not a task").ok();
    cli.on(db, "done", finished).ok();
    cli.on(db, "done", report).ok();
    cli.on(db, "rm", removed).ok();
    cli.on(db, "link", late, blocker, "--type", "depends").ok();
  }

  private static String add(String title, String... flags) {
    List<String> args = new java.util.ArrayList<>(List.of("add", title));
    args.addAll(List.of(flags));
    return cli.on(db, args.toArray(String[]::new)).ok().outLines().getFirst();
  }

  private static List<Map<String, Object>> json(String... args) {
    return Json.objects(cli.on(db, args).ok().json());
  }

  private static List<String> titles(List<Map<String, Object>> nodes) {
    return nodes.stream().map(n -> (String) n.get("title")).toList();
  }

  @Test
  void nextListsPendingTasksMostUrgentFirstWithTheirUrgency() {
    List<Map<String, Object>> next = json("next", "--json");
    // Marked next: 15 + 0.8 (one tag); Late rent: 12 (9 days late) + 6 (H) - 5 (blocked) + 0.8 = 13.8;
    // Call the plumber: 8 (blocking) + 3.9 (M) = 11.9; Due today: 12 * (0.733 at midnight .. 0.771 at the
    // day's end) + 0.9 (two tags) = 9.7 .. 10.2;
    // Someday: 12 * 0.2 = 2.4; Weed the beds: 1 (a project); Plain chore: 0. Fix the fence waits.
    assertThat(titles(next)).containsExactly("Marked next", "Late rent", "Call the plumber", "Due today", "Someday",
        "Weed the beds", "Plain chore");
    List<Double> urgencies = next.stream().map(n -> ((Number) n.get("urgency")).doubleValue()).toList();
    assertThat(urgencies).containsExactly(15.8, 13.8, 11.9, urgencies.get(3), 2.4, 1.0, 0.0);
    assertThat(urgencies.get(3)).isBetween(9.7, 10.2);
    assertThat(next.getFirst()).containsKeys("id", "num", "title", "status", "due", "tags", "links", "urgency");

    List<String> table = cli.on(db, "next").ok().outLines();
    assertThat(table.getFirst()).matches("#\\s+ID\\s+STATUS\\s+P\\s+PROJECT\\s+DUE\\s+TITLE\\s+TAGS\\s+URG");
    assertThat(table.get(1)).contains("Marked next", "+next").endsWith("15.8");
    assertThat(table.get(2)).contains("Late rent", "-9d", "13.8");
    assertThat(table.get(4)).contains("Due today", "today");
    assertThat(table.get(5)).contains("Someday", "5w");
    assertThat(table.get(6)).contains("Home.Garden", "Weed the beds").endsWith("1.0");
    assertThat(table.getLast()).isEqualTo("7 nodes");
  }

  @Test
  void nextTakesFilterWordsAndHephAloneRunsIt() {
    assertThat(titles(json("next", "+home", "--json"))).containsExactly("Late rent", "Due today");
    assertThat(titles(json("next", "due.before:today", "--json"))).containsExactly("Late rent");
    HephCli.Result bad = cli.on(db, "next", "due.before:someday", "--json").userError();
    assertThat(bad.out()).isEmpty();
    assertThat(bad.message()).contains("someday");
    assertThat(cli.run("--db", db.toString()).ok().out()).isEqualTo(cli.on(db, "next").ok().out());
  }

  @Test
  void nextFillsTheTerminalsHeightButJsonListsAll() {
    HephCli tall = new HephCli(dir.resolve("tall")).env("LINES", "7");
    List<String> shown = tall.on(db, "next").ok().outLines();
    assertThat(shown).hasSize(1 + 3 + 1); // header, LINES - 4 tasks, the count
    assertThat(shown.get(1)).contains("Marked next");
    assertThat(Json.array(tall.on(db, "next", "--json").ok().json())).hasSize(7);
  }

  @Test
  void theOtherReportsPickTheirTasks() {
    assertThat(titles(json("overdue", "--json"))).containsExactly("Late rent");
    assertThat(titles(json("completed", "--json"))).containsExactly("Already done", "Quarterly report");
    assertThat(titles(json("waiting", "--json"))).containsExactly("Fix the fence");
    assertThat(titles(json("all", "--json"))).containsExactly("Late rent", "Plain chore", "Due today",
        "Call the plumber", "Someday", "Marked next", "Already done", "Thrown away", "Weed the beds", "Fix the fence",
        "Quarterly report");
    assertThat(titles(json("all", "+home", "--json"))).containsExactly("Late rent", "Due today", "Already done");
    assertThat(json("completed", "--json").getFirst()).containsEntry("status", "done").containsKey("urgency");
    List<String> all = cli.on(db, "all").ok().outLines();
    assertThat(all.getFirst()).matches("#\\s+ID\\s+STATUS\\s+P\\s+PROJECT\\s+DUE\\s+TITLE\\s+TAGS");
    assertThat(String.join("\n", all)).contains("done", "open,deleted", "11 nodes");
    List<String> waiting = cli.on(db, "waiting").ok().outLines();
    // columns without a value in any row are left out (P, DUE, TAGS here)
    assertThat(waiting.getFirst()).matches("#\\s+ID\\s+PROJECT\\s+WAIT\\s+TITLE");
    assertThat(waiting.get(1)).matches("\\d+\\s+\\S+\\s+Home\\s+3d\\s+Fix the fence");
    assertThat(cli.on(db, "completed").ok().outLines().getFirst()).matches("#\\s+ID\\s+STATUS\\s+PROJECT\\s+TITLE\\s+TAGS");
  }

  @Test
  void projectsNestSubProjectsAndCountTheirTasks() {
    assertThat(Json.objects(cli.on(db, "projects", "--json").ok().json())).containsExactly(
        Map.of("project", "Home", "pending", 2L, "done", 0L, "percent", 0L),
        Map.of("project", "Home.Garden", "pending", 1L, "done", 0L, "percent", 0L),
        Map.of("project", "Work", "pending", 0L, "done", 1L, "percent", 100L));
    assertThat(cli.on(db, "projects").ok().outLines()).containsExactly(
        "PROJECT   PENDING  DONE  % DONE",
        "Home            2     0      0%",
        "  Garden        1     0      0%",
        "Work            0     1    100%",
        "3 projects");
  }

  @Test
  void tagsCountsThePendingTasksOfEachTag() {
    assertThat(Json.objects(cli.on(db, "tags", "--json").ok().json())).containsExactly(
        Map.of("tag", "errand", "count", 1L), Map.of("tag", "home", "count", 2L), Map.of("tag", "next", "count", 1L));
    assertThat(cli.on(db, "tags").ok().outLines()).containsExactly("TAG     COUNT", "errand      1", "home        2",
        "next        1", "3 tags");
  }
}
