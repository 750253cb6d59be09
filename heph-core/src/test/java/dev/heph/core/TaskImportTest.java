package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heph.core.query.Filter;
import dev.heph.core.taskwarrior.TaskwarriorReader;
import dev.heph.core.taskwarrior.TaskwarriorTask;
import dev.heph.testkit.Sqlite;
import dev.heph.testkit.Taskwarrior;
import dev.heph.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Heph#importTasks}: ids kept, one transaction, nothing written twice, nothing lost. */
class TaskImportTest {
  static final long T0 = 1_780_000_000_000L;
  static final String A = "11111111-1111-4111-8111-111111111111";

  @TempDir Path dir;
  Heph heph;

  @BeforeEach
  void open() {
    heph = Heph.open(dir.resolve("heph.db"), new Heph.Options(new TestClock(T0), Duration.ofMinutes(5)));
  }

  @AfterEach
  void close() {
    heph.close();
  }

  private static List<TaskwarriorTask> read(String json) {
    return TaskwarriorReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private long ops() {
    return Sqlite.opCount(dir.resolve("heph.db"));
  }

  @Test
  void aRealExportImportsOnceAndAgainChangesNothing() {
    assumeTrue(Taskwarrior.installed(), "Taskwarrior is not installed at " + Taskwarrior.BINARY
        + " (Debian package 'taskwarrior'); this test imports what it exports");
    Taskwarrior tw = new Taskwarrior(dir.resolve("tw"), Taskwarrior.SAMPLE_UDAS);
    List<String> uuids = tw.addSample();
    List<TaskwarriorTask> tasks = read(tw.export());
    assertThat(heph.importTasks(tasks)).isEqualTo(new ImportReport(8, 0, 0));
    long after = ops();
    assertThat(heph.importTasks(tasks)).isEqualTo(new ImportReport(0, 0, 8));
    assertThat(ops()).as("a second import writes no op").isEqualTo(after);

    Node milk = heph.get(uuids.get(0));
    assertThat(milk.project()).isEqualTo("Home.Shop");
    assertThat(milk.annotations()).extracting(Node.Annotation::text).containsExactly("ask for oat milk", "\"quoted\" text");
    Node report = heph.get(uuids.get(1));
    assertThat(report.depends()).containsExactly(milk.id());
    assertThat(report.udas()).containsEntry("estimate", "3").containsEntry("client", "ACME");
    assertThat(report.waitUntil()).isEqualTo("2026-11-29T09:30:00Z");
    assertThat(heph.get(uuids.get(2)).deleted()).as("the recurring template is out of sight").isTrue();
    List<String> live = new ArrayList<>();
    heph.query(Filter.liveUnlessStatusNamed(Filter.parse(List.of())), NodeView.NODE, n -> live.add(n.title()));
    assertThat(live).as("the live tasks, the recurrence's instance once").containsExactlyInAnyOrder("Buy milk",
        "Water plants", "Fix the bike", "Café visit");
  }

  @Test
  void anImportedInstanceOfASeriesMakesItsNextWhenDoneInHeph() {
    String json = "[{\"uuid\":\"" + A + "\",\"description\":\"Water plants\",\"status\":\"pending\","
        + "\"due\":\"20261201T000000Z\",\"recur\":\"weekly\",\"parent\":\"22222222-2222-4222-8222-222222222222\","
        + "\"imask\":\"3\"}]";
    heph.importTasks(read(json));
    long after = ops();
    assertThat(heph.importTasks(read(json))).as("the series it starts is part of what it imports")
        .isEqualTo(new ImportReport(0, 0, 1));
    assertThat(ops()).isEqualTo(after);
    heph.done(A);
    List<Node> live = new ArrayList<>();
    heph.query(Filter.liveUnlessStatusNamed(Filter.parse(List.of())), NodeView.NODE, live::add);
    assertThat(live).extracting(Node::title, Node::due, Node::recur)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Water plants", "2026-12-08T00:00:00Z", "weekly"));
  }

  @Test
  void valuesAHephFieldRefusesAreKeptVerbatimAsUdas() {
    assertThat(heph.importTasks(read("[{\"uuid\":\"" + A + "\",\"description\":\"x\",\"project\":\"Home Garden\","
        + "\"priority\":\"urgent\"}]"))).isEqualTo(new ImportReport(1, 0, 0));
    Node node = heph.get(A);
    assertThat(node.project()).isNull();
    assertThat(node.priority()).isNull();
    assertThat(node.udas()).containsEntry("project", "Home Garden").containsEntry("priority", "urgent");
  }

  @Test
  void aNoteWithTheSameIdRefusesTheWholeImport() {
    String note = heph.add(new NewNode("note", "a note", null, List.of(), null, null, null)).id();
    long before = ops();
    assertThatThrownBy(() -> heph.importTasks(read("[{\"uuid\":\"" + A + "\",\"description\":\"y\"},"
        + "{\"uuid\":\"" + note + "\",\"description\":\"z\"}]")))
        .isInstanceOf(HephException.InvalidInput.class).hasMessage("task 2 (" + note + "): heph holds a note with this id;"
            + " a task cannot be imported over a note");
    assertThat(ops()).as("the first task of the refused import is not written either").isEqualTo(before);
    assertThat(heph.list(new NodeFilter(true, null, null, null))).hasSize(1);
  }

  @Test
  void undoTakesAWholeImportBack() {
    heph.importTasks(read("[{\"uuid\":\"" + A + "\",\"description\":\"x\"},"
        + "{\"uuid\":\"22222222-2222-4222-8222-222222222222\",\"description\":\"y\"}]"));
    assertThat(heph.undo().items()).extracting(Undone.Item::describe).containsExactly("add of 'x'", "add of 'y'");
    assertThat(heph.get(A).deleted()).isTrue();
  }
}
