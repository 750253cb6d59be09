package dev.heph.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.Changes;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.HephInternals;
import dev.heph.core.NewNode;
import dev.heph.core.Node;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Op;
import dev.heph.core.sync.SyncCursors;
import dev.heph.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link dev.heph.core.sync.SpokeStore#restamp}: fresh stamps for ops made while the clock ran ahead, on real SQLite files. */
class LogRestampTest {
  static final long T0 = 1_780_000_000_000L;
  static final long DAY = Duration.ofDays(1).toMillis();
  static final long BOUND = Duration.ofMinutes(5).toMillis();

  @TempDir Path dir;
  TestClock clockA = new TestClock(T0);
  TestClock clockB = new TestClock(T0);
  Heph a;
  Heph b;

  @BeforeEach
  void open() {
    a = Heph.open(dir.resolve("a.db"), new Heph.Options(clockA, Duration.ofMinutes(5)));
    b = Heph.open(dir.resolve("b.db"), new Heph.Options(clockB, Duration.ofMinutes(5)));
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  static Changes title(String t) {
    return new Changes(t, null, null, null, null, null, null);
  }

  /** Gives {@code to} every op of {@code from}, as a hub would. */
  static void copyOps(Heph from, Heph to) {
    to.applyRemote(StoreDump.ops(HephInternals.store(from)), "hub");
  }

  @Test
  void opsMadeAheadGetFreshStampsInOrderWithTheirReferencesAndTheNodesAreRebuiltFromTheLog() {
    Node shared = b.add(NewNode.task("Shared"));
    copyOps(b, a);
    clockA.set(T0 + 3 * DAY);
    Node x = a.add(new NewNode("task", "Draft", "body text", List.of("work", "later"), null, null, null));
    a.update(x.id(), title("Draft two"));
    a.update(x.id(), new Changes(null, null, null, null, null, List.of(), List.of("later")));
    Node y = a.add(new NewNode("note", "Notes", null, List.of(), null, null, null));
    a.link(x.id(), y.id(), "blocks");
    a.update(shared.id(), title("Shared, from a"));
    b.update(shared.id(), title("Shared, from b"));
    copyOps(b, a);
    assertThat(a.conflicts()).hasSize(1);
    a.resolve(shared.id(), "title", "Shared, resolved", null);
    // The HLC runs three days ahead of the wall clock now; the device keeps working all the same.
    clockA.set(T0 + 60_000);
    a.update(x.id(), title("Draft three"));
    assertThat(a.get(x.id()).title()).isEqualTo("Draft three");
    List<Op> bOps = StoreDump.ops(HephInternals.store(b));
    String contentBefore = withoutStamps(a);

    var result = a.spokeStore().restamp(T0 + 60_000 + BOUND);

    assertThat(result.ops()).isEqualTo(14);
    assertThat(result.nodes()).isEqualTo(3);
    List<Op> ops = StoreDump.ops(HephInternals.store(a));
    assertThat(ops).containsAll(bOps); // other devices' ops untouched
    Set<Hlc> stamps = new HashSet<>();
    for (Op op : ops) {
      assertThat(op.hlc().millis()).isLessThanOrEqualTo(T0 + 60_000 + BOUND);
      stamps.add(op.hlc());
    }
    for (Op op : ops) { // every reference names an op in the log: none was left pointing at an old stamp
      List<Hlc> prev = op instanceof Op.Set s ? s.prev() : op instanceof Op.Remove r ? r.prev() : List.of();
      assertThat(stamps).containsAll(prev);
    }
    // This device's own ops keep the order it made them in.
    List<Hlc> own = ops.stream().map(Op::hlc).filter(h -> h.origin().equals(a.origin())).toList();
    assertThat(own).isSorted();
    assertThat(withoutStamps(a)).isEqualTo(contentBefore);
    assertThat(a.get(shared.id()).title()).isEqualTo("Shared, resolved");
    assertThat(a.conflicts()).isEmpty();
    // The materialized state (search index included) is what a replay of the new log gives.
    try (Heph c = Heph.open(dir.resolve("c.db"), new Heph.Options(new TestClock(T0 + 60_000), Duration.ofMinutes(5)))) {
      c.applyRemote(ops, "hub");
      assertThat(StoreDump.canonical(HephInternals.store(a))).isEqualTo(StoreDump.canonical(HephInternals.store(c)));
    }
    StoreDump.checkSearchIndex(HephInternals.store(a));
    // The high-water mark came down with them: the next op is stamped from the wall clock.
    clockA.set(T0 + 120_000);
    a.update(x.id(), title("Draft four"));
    assertThat(StoreDump.ops(HephInternals.store(a)).getLast().hlc().millis()).isEqualTo(T0 + 120_000);
  }

  @Test
  void opsAlreadyPushedOrNotAheadKeepTheirStamps() {
    a.add(NewNode.task("Pushed"));
    long pushedUpTo = HephInternals.store(a).read(tx -> tx.opLog().maxSeq());
    clockA.set(T0 + 2 * 60_000);
    a.add(NewNode.task("Two minutes ahead, within the bound"));
    List<Op> before = StoreDump.ops(HephInternals.store(a));
    clockA.set(T0);
    a.spokeStore().saveCursors(SyncCursors.NONE.pushed(pushedUpTo, 0, null));
    assertThat(a.spokeStore().restamp(T0 + BOUND).ops()).isZero();
    assertThat(StoreDump.ops(HephInternals.store(a))).isEqualTo(before);
  }

  @Test
  void aClockStillAheadOrAnOpThatSawTheFutureOpsRefusesAndChangesNothing() {
    clockA.set(T0 + 3 * DAY);
    Node x = a.add(NewNode.task("Ahead"));
    String before = StoreDump.canonical(HephInternals.store(a));
    assertThatThrownBy(() -> a.spokeStore().restamp(T0 + BOUND)).isInstanceOf(HephException.InvalidInput.class)
        .hasMessageContaining("clock still reads").hasMessageContaining("nothing was changed");
    assertThat(StoreDump.canonical(HephInternals.store(a))).isEqualTo(before);

    // Another device saw the future ops and wrote after them: re-stamping would orphan its references.
    clockB.set(T0 + 3 * DAY); // b's clock ran ahead too, or it would have refused them
    copyOps(a, b);
    b.update(x.id(), title("Seen on b"));
    copyOps(b, a);
    clockA.set(T0);
    String withB = StoreDump.canonical(HephInternals.store(a));
    assertThatThrownBy(() -> a.spokeStore().restamp(T0 + BOUND)).isInstanceOf(HephException.InvalidInput.class)
        .hasMessageContaining("nothing was changed");
    assertThat(StoreDump.canonical(HephInternals.store(a))).isEqualTo(withB);
  }

  /** Node rows with every stamp blanked: what the re-stamp must leave as it was. */
  static String withoutStamps(Heph heph) {
    return StoreDump.state(HephInternals.store(heph)).lines().filter(l -> !l.startsWith("entries") && !l.startsWith("shadowed"))
        .map(l -> l.replaceAll("\\d{15}-\\d{5}-[0-9a-f]{16}", "HLC")).sorted().reduce("", (p, l) -> p + l + "\n");
  }
}
