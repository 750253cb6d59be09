package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpWriter;
import dev.heph.core.op.Series;
import dev.heph.core.store.StoreDump;
import dev.heph.core.sync.Appended;
import dev.heph.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recurring tasks through the facade, on real SQLite files: the next task of a series on done and
 * delete, its due from the anchor, and two replicas (and a hub's log) that make the same
 * occurrence converging on one task whose deletion sticks.
 */
class RecurringTest {

  static final long T0 = HephTest.T0;
  static final NodeFilter ALL = new NodeFilter(true, null, null, null);

  @TempDir Path dir;
  TestClock clock;
  Heph a;
  Heph b;

  @BeforeEach
  void open() {
    clock = new TestClock(T0);
    a = MergeProperties.replica(dir.resolve("a.db"), clock, Duration.ofMinutes(5), 0, 1);
    b = MergeProperties.replica(dir.resolve("b.db"), clock, Duration.ofMinutes(5), 1, 2);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  private Node recurring(Heph heph, String title, String due, String recur) {
    Node n = heph.add(new NewNode("task", title, null, List.of("bills"), due, "H", null, recur));
    clock.advance(1000);
    return n;
  }

  /** The tasks of the series begun by {@code first}, by occurrence. */
  private static List<Node> series(Heph heph, Node first) {
    List<Node> out = new ArrayList<>();
    for (Node n : heph.list(ALL)) {
      Series s = seriesOf(heph, n);
      if (s != null && s.id().equals(first.id())) {
        out.add(n);
      }
    }
    out.sort(Comparator.comparingLong(n -> seriesOf(heph, n).occurrence()));
    return out;
  }

  private static Series seriesOf(Heph heph, Node n) {
    return heph.store().read(tx -> Recurring.seriesOf(tx, n.id()));
  }

  private static List<Node> live(List<Node> nodes) {
    return nodes.stream().filter(n -> !Recurring.isFinished(n)).toList();
  }

  @Test
  void doneMakesTheNextTaskDueOneStepAfterTheAnchor() {
    Node rent = recurring(a, "Pay rent", "2026-01-31", "Monthly");
    assertThat(rent.recur()).isEqualTo("monthly");
    a.done(rent.id());
    clock.advance(1000);
    List<Node> tasks = series(a, rent);
    assertThat(tasks).hasSize(2);
    Node next = tasks.get(1);
    assertThat(next.id()).isNotEqualTo(rent.id());
    assertThat(next.title()).isEqualTo("Pay rent");
    assertThat(next.status()).isEqualTo("open");
    assertThat(next.due()).isEqualTo("2026-02-28");
    assertThat(next.recur()).isEqualTo("monthly");
    assertThat(next.tags()).containsExactly("bills");
    assertThat(next.priority()).isEqualTo("H");
    assertThat(next.conflicts()).isEmpty();

    // Moving this one's due does not move the series: March's due is the anchor's 31st, not the 28th.
    a.update(next.id(), new Changes(null, null, null, "2026-03-10", null, null, null));
    a.done(next.id());
    assertThat(series(a, rent)).extracting(Node::due).containsExactly("2026-01-31", "2026-03-10", "2026-03-31");
    assertThat(live(series(a, rent))).hasSize(1);
  }

  @Test
  void deletingOrCancellingTheLiveTaskAlsoMakesTheNext() {
    Node water = recurring(a, "Water plants", "2026-06-05", "weekdays"); // a Friday
    a.delete(water.id());
    Node second = live(series(a, water)).getFirst();
    assertThat(second.due()).isEqualTo("2026-06-08"); // the Monday after
    a.update(second.id(), new Changes(null, null, "cancelled", null, null, null, null));
    assertThat(live(series(a, water))).extracting(Node::due).containsExactly("2026-06-09");
  }

  @Test
  void untilStopsTheSeriesAndEveryTaskCarriesIt() {
    Node standup = a.add(new NewNode("task", "Standup", null, List.of(), "2026-06-05T09:00:00Z", null, null, "Home",
        null, null, "2026-06-08", List.of(), java.util.Map.of("team", "core"), "weekdays"));
    a.done(standup.id());
    Node monday = live(series(a, standup)).getFirst();
    assertThat(monday.due()).isEqualTo("2026-06-08T09:00:00Z"); // still within the until day (UTC)
    assertThat(monday.until()).isEqualTo("2026-06-08");
    assertThat(monday.project()).isEqualTo("Home");
    assertThat(monday.udas()).containsEntry("team", "core");
    a.done(monday.id());
    assertThat(series(a, standup)).hasSize(2); // Tuesday is after until: the series has ended
    assertThat(live(series(a, standup))).isEmpty();
  }

  @Test
  void finishingAFinishedTaskAgainMakesNothingNew() {
    Node gym = recurring(a, "Gym", "2026-06-01", "2d");
    a.done(gym.id());
    a.delete(gym.id());
    a.update(gym.id(), new Changes(null, null, "cancelled", null, null, null, null));
    assertThat(series(a, gym)).hasSize(2);
  }

  @Test
  void recurNeedsADueDateAndAKnownRuleAndChangesNothingOtherwise() {
    assertThatThrownBy(() -> a.add(new NewNode("task", "x", null, List.of(), null, null, null, "weekly")))
        .isInstanceOf(HephException.InvalidInput.class).hasMessageContaining("needs a due date");
    assertThatThrownBy(() -> a.add(new NewNode("task", "x", null, List.of(), "2026-06-01", null, null, "fortnightly")))
        .isInstanceOf(HephException.InvalidInput.class)
        .hasMessage("bad recurrence 'fortnightly': use daily, weekly, monthly, yearly, weekdays, or Nd, Nw, Nm, Ny (e.g. 2w)");
    Node plain = recurring(a, "plain", null, null);
    assertThatThrownBy(() -> a.update(plain.id(), new Changes(null, null, null, null, null, null, null, "daily")))
        .isInstanceOf(HephException.InvalidInput.class).hasMessageContaining("needs a due date");
    assertThat(a.list(ALL)).hasSize(1);
  }

  @Test
  void editingTheRuleStartsANewSeriesHereAndNoneEndsIt() {
    Node review = recurring(a, "Review", "2026-01-31", "monthly");
    a.update(review.id(), new Changes(null, null, null, "2026-02-02", null, null, null, "1w"));
    a.done(review.id());
    Node next = live(a.list(ALL)).getFirst();
    assertThat(next.due()).isEqualTo("2026-02-09");
    assertThat(next.recur()).isEqualTo("1w");
    a.update(next.id(), new Changes(null, null, null, null, null, null, null, "none"));
    a.done(next.id());
    assertThat(live(a.list(ALL))).isEmpty();
  }

  @Test
  void twoReplicasFinishingTheSameTaskMakeOneNextTaskWithTheSameOps() {
    Node rent = recurring(a, "Pay rent", "2026-01-31", "monthly");
    MergeProperties.transfer(a, b);
    clock.advance(5000);
    a.done(rent.id());
    clock.advance(3000);
    b.delete(rent.id()); // concurrently, and another way of finishing it
    List<String> madeByA = derivedOps(a, b);
    List<String> madeByB = derivedOps(b, a);
    assertThat(madeByA).isNotEmpty().isEqualTo(madeByB);

    assertThat(MergeProperties.transfer(a, b)).isEqualTo(1); // only a's "done"
    assertThat(MergeProperties.transfer(b, a)).isEqualTo(1); // only b's "deleted"
    for (Heph r : List.of(a, b)) {
      List<Node> tasks = series(r, rent);
      assertThat(tasks).hasSize(2);
      assertThat(live(tasks)).extracting(Node::due).containsExactly("2026-02-28");
    }
    assertThat(StoreDump.canonical(a.store())).isEqualTo(StoreDump.canonical(b.store()));
  }

  @Test
  void aDeletedTaskStaysDeletedWhenAnotherReplicaMakesItAgain() {
    Node rent = recurring(a, "Pay rent", "2026-01-31", "monthly");
    MergeProperties.transfer(a, b);
    a.done(rent.id());
    Node february = live(series(a, rent)).getFirst();
    a.delete(february.id()); // so March is made on a
    clock.advance(1000);
    b.done(rent.id()); // b, not knowing, makes February again: the same ops
    MergeProperties.transfer(b, a);
    MergeProperties.transfer(a, b);
    for (Heph r : List.of(a, b)) {
      List<Node> tasks = series(r, rent);
      assertThat(tasks).extracting(Node::due).containsExactly("2026-01-31", "2026-02-28", "2026-03-31");
      assertThat(tasks.get(1).deleted()).isTrue();
      assertThat(tasks.get(1).conflicts()).isEmpty();
      assertThat(live(tasks)).extracting(Node::due).containsExactly("2026-03-31");
    }
    // Finishing January again on either replica writes nothing that brings February back.
    b.done(rent.id());
    b.delete(rent.id());
    assertThat(series(b, rent).get(1).deleted()).isTrue();
    MergeProperties.transfer(b, a);
    assertThat(StoreDump.canonical(a.store())).isEqualTo(StoreDump.canonical(b.store()));
  }

  @Test
  void twoFacadesOnOneFileMakeTheNextTaskOnce() {
    Node rent = recurring(a, "Pay rent", "2026-01-31", "monthly");
    try (Heph daemon = Heph.open(dir.resolve("a.db"), new Heph.Options(clock, Duration.ofMinutes(5)))) {
      long before = StoreDump.ops(a.store()).size();
      daemon.done(rent.id());
      long made = StoreDump.ops(a.store()).size() - before;
      a.delete(rent.id()); // the CLI, on the same file, finishing it another way
      assertThat(StoreDump.ops(a.store())).hasSize((int) (before + made + 1)); // only its "deleted"
      assertThat(live(series(daemon, rent))).extracting(Node::due).containsExactly("2026-02-28");
    }
  }

  @Test
  void aHubTakesTheSameNextTaskFromTwoDevicesOnce() {
    Node rent = recurring(a, "Pay rent", "2026-01-31", "monthly");
    MergeProperties.transfer(a, b);
    a.done(rent.id());
    b.done(rent.id());
    try (Heph hub = MergeProperties.replica(dir.resolve("hub.db"), clock, Duration.ofMinutes(5), 2, 3)) {
      List<Op> fromA = StoreDump.ops(a.store());
      List<Op> fromB = StoreDump.ops(b.store());
      Appended first = hub.hubStore().append(fromA);
      assertThat(first.applied()).isEqualTo(fromA.size());
      Appended second = hub.hubStore().append(fromB);
      assertThat(second.applied()).isEqualTo(1); // b's own "done"; the next task's ops were there
      assertThat(hub.hubStore().append(fromB).applied()).isZero(); // and a re-send changes nothing
      assertThat(live(series(hub, rent))).hasSize(1);
    }
  }

  @Test
  void theNextTasksStampsComeJustAfterTheFinishedTasksCreationFromNoDevice() {
    Node rent = recurring(a, "Pay rent", "2026-01-31", "monthly");
    clock.advance(60_000);
    a.done(rent.id());
    Hlc created = a.store().read(tx -> tx.queries().createdHlc(rent.id()));
    List<Op> derived = StoreDump.ops(a.store()).stream().filter(op -> !op.hlc().origin().equals(a.origin())).toList();
    assertThat(derived).isNotEmpty();
    for (Op op : derived) {
      assertThat(op.hlc().millis()).isEqualTo(created.millis() + 1);
      assertThat(op.hlc().counter()).isZero();
      assertThat(op.node()).isEqualTo(derived.getFirst().node());
    }
    assertThat(derived.getFirst()).isInstanceOf(Op.Create.class);
    // A later edit of the new task is stamped after all of them (the clock's floor is the log's maximum).
    a.update(derived.getFirst().node(), new Changes("Pay rent!", null, null, null, null, null, null));
    Op edit = StoreDump.ops(a.store()).stream().max(Comparator.comparing(Op::hlc)).orElseThrow();
    assertThat(edit.hlc().origin()).isEqualTo(a.origin());
    assertThat(derived).allMatch(op -> op.hlc().compareTo(edit.hlc()) < 0);
  }

  /** The ops of a replica stamped by neither device: those it derived. */
  private static List<String> derivedOps(Heph heph, Heph other) {
    return StoreDump.ops(heph.store()).stream()
        .filter(op -> !op.hlc().origin().equals(heph.origin()) && !op.hlc().origin().equals(other.origin()))
        .map(OpWriter::toJson).sorted().toList();
  }
}
