package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.op.Field;
import dev.heph.core.store.StoreDump;
import dev.heph.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task fields of issue 13 through the facade (project, scheduled, wait, until, start/stop,
 * annotations, depends, UDAs), and how each merges when two replicas edit concurrently
 * (docs/design.md "Merge semantics").
 */
class TaskFieldsTest {

  /** 2026-05-28T20:26:40Z. */
  static final long T0 = 1_780_000_000_000L;
  static final NodeFilter ALL = new NodeFilter(true, null, null, null);

  @TempDir Path dir;
  TestClock clock;
  TestClock otherClock;
  Heph heph;
  Heph other;

  @BeforeEach
  void open() {
    clock = new TestClock(T0);
    otherClock = new TestClock(T0 + 1_000);
    heph = Heph.open(dir.resolve("a.db"), new Heph.Options(clock, Duration.ofMinutes(5)));
    other = Heph.open(dir.resolve("b.db"), new Heph.Options(otherClock, Duration.ofMinutes(5)));
  }

  @AfterEach
  void close() {
    heph.close();
    other.close();
  }

  private static NewNode task(String title, String project, String scheduled, String wait, String until,
      List<String> depends, Map<String, String> udas) {
    return new NewNode("task", title, null, List.of(), null, null, null, project, scheduled, wait, until, depends,
        udas);
  }

  private static Changes edit(String project, String scheduled, String wait, String until, List<String> addDepends,
      List<String> removeDepends, Map<String, String> udas) {
    return new Changes(null, null, null, null, null, null, null, project, scheduled, wait, until, addDepends,
        removeDepends, udas);
  }

  private static void sync(Heph a, Heph b) {
    b.applyRemote(StoreDump.ops(a.store()), "hub");
    a.applyRemote(StoreDump.ops(b.store()), "hub");
  }

  @Test
  void addSetsEveryNewFieldAndJsonShowsThem() {
    Node dep = heph.add(NewNode.task("buy seeds"));
    clock.advance(1);
    Node n = heph.add(task("sow", "Home.Garden", "2026-06-01", "2026-05-30T08:00:00+02:00", "2026-07-01T18:00",
        List.of(dep.id().substring(0, 13)), Map.of("estimate", "2h", "size", "large \"box\"")));
    assertThat(n.project()).isEqualTo("Home.Garden");
    assertThat(n.scheduled()).isEqualTo("2026-06-01");
    assertThat(n.waitUntil()).isEqualTo("2026-05-30T06:00:00Z"); // an offset is honoured
    assertThat(n.until()).isEqualTo("2026-07-01T18:00:00Z"); // no offset: the clock's zone (UTC here)
    assertThat(n.depends()).containsExactly(dep.id());
    assertThat(n.links()).containsExactly(new Node.Link("depends", dep.id()));
    assertThat(n.udas()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("estimate", "2h",
        "size", "large \"box\"")));
    assertThat(heph.json(n.id())).contains("\"project\":\"Home.Garden\"", "\"wait\":\"2026-05-30T06:00:00Z\"",
        "\"scheduled\":\"2026-06-01\"", "\"until\":\"2026-07-01T18:00:00Z\"", "\"start\":null", "\"annotations\":[]",
        "\"depends\":[\"" + dep.id() + "\"]", "\"udas\":{\"estimate\":\"2h\",\"size\":\"large \\\"box\\\"\"}");
  }

  @Test
  void datesWithoutAnOffsetAreTheClocksZone() {
    ZonedDateTime paris = ZonedDateTime.of(2026, 1, 15, 12, 0, 0, 0, ZoneId.of("Europe/Paris"));
    assertThat(Inputs.moment("2026-01-15T09:30", paris)).isEqualTo("2026-01-15T08:30:00Z");
    assertThat(Inputs.moment("2026-07-15 09:30:15", paris)).isEqualTo("2026-07-15T07:30:15Z");
    assertThat(Inputs.moment("2026-07-15T09:30:15Z", paris)).isEqualTo("2026-07-15T09:30:15Z");
    assertThat(Inputs.moment("2026-07-15", paris)).isEqualTo("2026-07-15");
    assertThat(Inputs.moment("tomorrow", paris)).isEqualTo("2026-01-16");
    assertThatThrownBy(() -> Inputs.moment("2026-07-15T25:00", paris))
        .isInstanceOf(HephException.InvalidInput.class).hasMessageContaining("bad date '2026-07-15T25:00'");
  }

  @Test
  void editSetsAndUnsetsAndLeavesTheRestAlone() {
    Node n = heph.add(task("t", "Work", "2026-06-01", null, null, List.of(), Map.of("estimate", "2h")));
    Node e = heph.update(n.id(), edit("none", null, "2026-06-02", null, List.of(), List.of(),
        Map.of("estimate", "", "size", "S")));
    assertThat(e.project()).isNull();
    assertThat(e.scheduled()).isEqualTo("2026-06-01");
    assertThat(e.waitUntil()).isEqualTo("2026-06-02");
    assertThat(e.udas()).containsExactly(Map.entry("size", "S"));
    int ops = heph.history(n.id()).size();
    // Asking for what is already there writes nothing.
    heph.update(n.id(), edit(null, "2026-06-01", null, null, List.of(), List.of(), Map.of("size", "S")));
    assertThat(heph.history(n.id())).hasSize(ops);
    assertThatThrownBy(() -> heph.update(n.id(), edit(null, null, null, null, List.of(), List.of(),
        Map.of("colour", "")))).isInstanceOf(HephException.InvalidInput.class).hasMessageContaining("no uda 'colour'");
    assertThatThrownBy(() -> heph.update(n.id(), edit("Home..Garden", null, null, null, List.of(), List.of(),
        Map.of()))).isInstanceOf(HephException.InvalidInput.class).hasMessageContaining("bad project");
    assertThatThrownBy(() -> heph.update(n.id(), edit(null, null, null, null, List.of(), List.of(),
        Map.of("a b", "x")))).isInstanceOf(HephException.InvalidInput.class).hasMessageContaining("bad uda name");
    assertThat(heph.history(n.id())).hasSize(ops);
  }

  @Test
  void dependsAreLinksOfTypeDepends() {
    Node a = heph.add(NewNode.task("a"));
    clock.advance(1);
    Node b = heph.add(NewNode.task("b"));
    heph.update(b.id(), edit(null, null, null, null, List.of(a.id()), List.of(), Map.of()));
    heph.link(b.id(), a.id(), "related");
    assertThat(heph.get(b.id()).depends()).containsExactly(a.id());
    assertThat(heph.get(b.id()).links()).hasSize(2);
    Node after = heph.update(b.id(), edit(null, null, null, null, List.of(), List.of(a.id()), Map.of()));
    assertThat(after.depends()).isEmpty();
    assertThat(after.links()).containsExactly(new Node.Link("related", a.id()));
    assertThatThrownBy(() -> heph.update(b.id(), edit(null, null, null, null, List.of(b.id()), List.of(), Map.of())))
        .isInstanceOf(HephException.InvalidInput.class).hasMessageContaining("cannot depend on itself");
    assertThatThrownBy(() -> heph.update(b.id(), edit(null, null, null, null, List.of(), List.of(a.id()), Map.of())))
        .isInstanceOf(HephException.InvalidInput.class).hasMessageContaining("does not depend on");
  }

  @Test
  void startAndStopMakeATaskActive() {
    Node n = heph.add(NewNode.task("t"));
    clock.advance(60_000);
    Node started = heph.start(n.id());
    assertThat(started.start()).isEqualTo("2026-05-28T20:27:40Z");
    assertThat(started.status()).isEqualTo("doing");
    clock.advance(60_000);
    assertThat(heph.start(n.id()).start()).as("kept when already started").isEqualTo("2026-05-28T20:27:40Z");
    Node stopped = heph.stop(n.id());
    assertThat(stopped.start()).isNull();
    assertThat(stopped.status()).isEqualTo("open");
    assertThatThrownBy(() -> heph.stop(n.id())).isInstanceOf(HephException.InvalidInput.class)
        .hasMessageContaining("is not started");
    heph.start(n.id());
    assertThat(heph.done(n.id()).start()).as("done ends the active period").isNull();
    Node note = heph.add(new NewNode("note", "n", null, List.of(), null, null, null));
    assertThatThrownBy(() -> heph.start(note.id())).isInstanceOf(HephException.InvalidInput.class)
        .hasMessageContaining("only tasks can start");
  }

  @Test
  void annotationsAreStampedAndSortedByEntry() {
    Node n = heph.add(NewNode.task("t"));
    clock.advance(5_000);
    heph.annotate(n.id(), "  first  ");
    clock.advance(5_000);
    Node a = heph.annotate(n.id(), "second");
    assertThat(a.annotations()).containsExactly(new Node.Annotation("2026-05-28T20:26:45Z", "first"),
        new Node.Annotation("2026-05-28T20:26:50Z", "second"));
    assertThat(heph.json(n.id())).contains("\"annotations\":[{\"entry\":\"2026-05-28T20:26:45Z\",\"text\":\"first\"},"
        + "{\"entry\":\"2026-05-28T20:26:50Z\",\"text\":\"second\"}]");
    assertThatThrownBy(() -> heph.annotate(n.id(), " ")).isInstanceOf(HephException.InvalidInput.class);
  }

  // ---------------------------------------------------------------------------------------------
  // Concurrent edits on two replicas

  @Test
  void concurrentAnnotationsAreBothKept() {
    Node n = heph.add(NewNode.task("t"));
    sync(heph, other);
    heph.annotate(n.id(), "from a");
    other.annotate(n.id(), "from b");
    sync(heph, other);
    for (Heph h : List.of(heph, other)) {
      Node merged = h.get(n.id());
      assertThat(merged.annotations()).extracting(Node.Annotation::text).containsExactly("from a", "from b");
      assertThat(merged.conflicts()).isEmpty();
    }
  }

  @Test
  void concurrentValuesOfOneUdaConflictAndResolve() {
    Node n = heph.add(task("t", null, null, null, null, List.of(), Map.of("estimate", "1h", "size", "S")));
    sync(heph, other);
    heph.update(n.id(), edit(null, null, null, null, List.of(), List.of(), Map.of("estimate", "2h")));
    other.update(n.id(), edit(null, null, null, null, List.of(), List.of(), Map.of("estimate", "3h")));
    sync(heph, other);
    for (Heph h : List.of(heph, other)) {
      Node merged = h.get(n.id());
      assertThat(merged.conflicts()).containsExactly("udas");
      assertThat(merged.udas()).containsEntry("estimate", "3h").containsEntry("size", "S"); // the later write shows
      assertThat(h.conflicts()).singleElement().satisfies(c -> {
        assertThat(c.field()).isEqualTo("udas");
        assertThat(c.values()).extracting(Conflict.Candidate::valueJson).containsExactlyInAnyOrder(
            "{\"key\":\"estimate\",\"value\":\"2h\"}", "{\"key\":\"estimate\",\"value\":\"3h\"}");
      });
    }
    assertThat(StoreDump.state(heph.store())).isEqualTo(StoreDump.state(other.store()));
    // Setting the key again, having seen both, resolves it (as does heph resolve).
    Node resolved = heph.resolve(n.id(), "udas", "estimate=2h", null);
    assertThat(resolved.conflicts()).isEmpty();
    assertThat(resolved.udas()).containsEntry("estimate", "2h").containsEntry("size", "S");
    sync(heph, other);
    assertThat(other.get(n.id()).conflicts()).isEmpty();
  }

  @Test
  void concurrentUdasOfDifferentKeysMergeWithoutConflict() {
    Node n = heph.add(NewNode.task("t"));
    sync(heph, other);
    heph.update(n.id(), edit(null, null, null, null, List.of(), List.of(), Map.of("a", "1")));
    other.update(n.id(), edit(null, null, null, null, List.of(), List.of(), Map.of("b", "2")));
    sync(heph, other);
    assertThat(other.get(n.id()).udas()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(other.get(n.id()).conflicts()).isEmpty();
  }

  @Test
  void concurrentProjectsConflictLikeAnyRegister() {
    Node n = heph.add(NewNode.task("t"));
    sync(heph, other);
    heph.update(n.id(), edit("Home", null, null, null, List.of(), List.of(), Map.of()));
    other.update(n.id(), edit("Work", null, null, null, List.of(), List.of(), Map.of()));
    sync(heph, other);
    for (Heph h : List.of(heph, other)) {
      assertThat(h.get(n.id()).conflicts()).containsExactly("project");
      assertThat(h.get(n.id()).project()).isEqualTo("Work"); // b's op has the greater hlc
      assertThat(h.json(n.id())).contains("\"conflicts\":[\"project\"]");
    }
    heph.resolve(n.id(), "project", "Home.Garden", null);
    sync(heph, other);
    assertThat(other.get(n.id()).project()).isEqualTo("Home.Garden");
    assertThat(other.get(n.id()).conflicts()).isEmpty();
  }

  @Test
  void theNewFieldsAreAppendedSoStoredConflictMasksKeepTheirMeaning() {
    // The conflict mask stored in every database is 1 << ordinal: the first fields never move.
    assertThat(List.of(Field.values()).subList(0, 10)).extracting(Field::wireName).containsExactly("title", "body",
        "status", "priority", "due", "recur", "parent", "deleted", "tags", "links");
    assertThat(List.of(Field.values()).subList(10, 17)).extracting(Field::wireName).containsExactly("project",
        "scheduled", "wait", "until", "start", "annotations", "udas");
  }
}
