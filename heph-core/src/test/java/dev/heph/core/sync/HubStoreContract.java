package dev.heph.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.NewNode;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link HubStore} promises, whatever holds the log: a kept epoch, idempotent appends
 * that answer the batch's highest position, pages in seq order, nothing written for a batch with
 * an op from too far ahead, and no op lost or doubled by appends from several threads. Each
 * implementation runs this suite by extending it.
 */
public abstract class HubStoreContract {
  @TempDir protected Path dir;

  /** A new, empty hub store, whose files (if any) go below {@code dir}; closed by the implementation's own after-each. */
  protected abstract HubStore emptyStore(Path dir);

  /** The ops of a device of their own that made {@code tasks} tasks, in its log order, as it would push them. */
  List<Op> opsOfADevice(String name, int tasks, Clock clock) {
    try (Heph device = Heph.open(dir.resolve(name + ".db"), new Heph.Options(clock, Duration.ofMinutes(5)))) {
      for (int i = 0; i < tasks; i++) {
        device.add(NewNode.task(name + " " + i));
      }
      return device.hubStore().after(0, Integer.MAX_VALUE).stream().map(row -> OpReader.parse(row.json())).toList();
    }
  }

  List<Op> opsOfADevice(String name, int tasks) {
    return opsOfADevice(name, tasks, Clock.systemUTC());
  }

  @Test
  void theEpochIsMadeOnceAndKept() {
    HubStore store = emptyStore(dir);
    String epoch = store.epoch();
    assertThat(epoch).isNotBlank();
    assertThat(store.epoch()).isEqualTo(epoch);
    assertThat(store.hubId()).isNotBlank();
  }

  @Test
  void anEmptyLogHoldsNothing() {
    HubStore store = emptyStore(dir);
    assertThat(store.maxSeq()).isZero();
    assertThat(store.hlcAt(1)).isNull();
    assertThat(store.after(0, 10)).isEmpty();
  }

  @Test
  void anAppendStoresEachOpOnceAndAnswersTheBatchsHighestPosition() {
    HubStore store = emptyStore(dir);
    List<Op> ops = opsOfADevice("a", 2);
    Appended first = store.append(ops);
    assertThat(first.applied()).isEqualTo(ops.size());
    assertThat(first.seq()).isEqualTo(store.maxSeq());
    assertThat(first.hlc()).isEqualTo(ops.getLast().hlc().toString()).isEqualTo(store.hlcAt(first.seq()));

    Appended again = store.append(ops);
    assertThat(again).as("a re-send changes nothing and answers the same position")
        .isEqualTo(new Appended(0, first.seq(), first.hlc()));
    assertThat(store.after(0, Integer.MAX_VALUE)).hasSize(ops.size());
  }

  @Test
  void anAppendNamesTheLogsEndBeforeItsNewOpsSoThatNothingElseLiesBetween() {
    HubStore store = emptyStore(dir);
    List<Op> a = opsOfADevice("a", 2);
    Appended ofA = store.append(a);
    assertThat(ofA.base()).as("into an empty log").isZero();
    long end = store.maxSeq();
    List<Op> b = opsOfADevice("b", 2);
    Appended ofB = store.append(b);
    assertThat(ofB.base()).isEqualTo(end);
    assertThat(store.after(ofB.base(), Integer.MAX_VALUE)).as("every op after the base is the batch's")
        .extracting(LoggedOp::hlc).containsExactlyElementsOf(b.stream().map(op -> op.hlc().toString()).toList());
    List<Op> mixed = new ArrayList<>(a);
    List<Op> c = opsOfADevice("c", 1);
    mixed.addAll(c);
    end = store.maxSeq();
    assertThat(store.append(mixed).base()).as("a re-send with new ops: the end before the new ones").isEqualTo(end);
    assertThat(store.append(b).base()).as("nothing new").isEqualTo(Appended.NO_NEW_OPS);
  }

  @Test
  void aResendOfOlderOpsAnswersTheirOwnHighestPositionNotTheLogs() {
    HubStore store = emptyStore(dir);
    List<Op> a = opsOfADevice("a", 2);
    List<Op> b = opsOfADevice("b", 2);
    Appended ofA = store.append(a);
    Appended ofB = store.append(b);
    assertThat(ofB.seq()).isGreaterThan(ofA.seq());
    assertThat(store.append(a)).isEqualTo(new Appended(0, ofA.seq(), ofA.hlc()));
    // Old and new ops in one batch: the position is the new op's, the highest of the batch.
    List<Op> mixed = new ArrayList<>(a.subList(0, 1));
    List<Op> c = opsOfADevice("c", 1);
    mixed.addAll(c);
    Appended ofMixed = store.append(mixed);
    assertThat(ofMixed.applied()).isEqualTo(c.size());
    assertThat(ofMixed.seq()).isEqualTo(store.maxSeq());
    assertThat(ofMixed.hlc()).isEqualTo(c.getLast().hlc().toString());
  }

  @Test
  void pagesComeInSeqOrderAndStopWhereTheReaderDeclines() {
    HubStore store = emptyStore(dir);
    List<Op> ops = opsOfADevice("a", 3);
    store.append(ops);
    List<LoggedOp> log = store.after(0, Integer.MAX_VALUE);
    assertThat(log).extracting(LoggedOp::hlc).containsExactlyElementsOf(ops.stream().map(op -> op.hlc().toString()).toList());
    assertThat(log).extracting(LoggedOp::seq).isSorted().doesNotHaveDuplicates();
    for (LoggedOp row : log) {
      assertThat(store.hlcAt(row.seq())).isEqualTo(row.hlc());
      assertThat(OpReader.parse(row.json()).hlc().toString()).isEqualTo(row.hlc());
    }
    assertThat(store.after(log.get(1).seq(), 2)).containsExactlyElementsOf(log.subList(2, 4));
    assertThat(store.after(log.getLast().seq(), 10)).isEmpty();
    List<LoggedOp> taken = new ArrayList<>();
    store.scan(0, 100, row -> taken.size() < 2 && taken.add(row));
    assertThat(taken).containsExactlyElementsOf(log.subList(0, 2));
  }

  @Test
  void aBatchWithAnOpFromTooFarAheadIsRefusedWhole() {
    HubStore store = emptyStore(dir);
    List<Op> batch = new ArrayList<>(opsOfADevice("a", 1));
    batch.addAll(opsOfADevice("ahead", 1, Clock.offset(Clock.systemUTC(), Duration.ofDays(1))));
    assertThatThrownBy(() -> store.append(batch)).isInstanceOf(HephException.ClockDrift.class);
    assertThat(store.maxSeq()).isZero();
  }

  @Test
  @Timeout(60)
  void appendsFromSeveralThreadsLoseAndDoubleNothing() throws Exception {
    HubStore store = emptyStore(dir);
    int threads = 4;
    List<List<Op>> devices = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      devices.add(opsOfADevice("d" + t, 10));
    }
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (List<Op> ops : devices) {
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < ops.size(); i += 4) {
          Appended appended = store.append(ops.subList(i, Math.min(ops.size(), i + 4)));
          assertThat(store.hlcAt(appended.seq())).isEqualTo(appended.hlc());
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(50, TimeUnit.SECONDS);
    }
    pool.shutdown();
    List<LoggedOp> log = store.after(0, Integer.MAX_VALUE);
    Set<String> sent = new HashSet<>();
    devices.forEach(ops -> ops.forEach(op -> sent.add(op.hlc().toString())));
    assertThat(log).extracting(LoggedOp::hlc).containsExactlyInAnyOrderElementsOf(sent);
    assertThat(log).extracting(LoggedOp::seq).isSorted().doesNotHaveDuplicates();
  }
}
