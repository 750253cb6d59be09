package dev.heph.sync.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.Changes;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.NewNode;
import dev.heph.core.Node;
import dev.heph.core.NodeFilter;
import dev.heph.core.sync.LoggedOp;
import dev.heph.sync.hub.Hub;
import dev.heph.sync.spoke.FaultPoint;
import dev.heph.sync.spoke.HubClient;
import dev.heph.sync.spoke.HubError;
import dev.heph.sync.spoke.RestampReport;
import dev.heph.sync.spoke.Spoke;
import dev.heph.sync.wire.HubInfo;
import dev.heph.sync.wire.PullPage;
import dev.heph.sync.wire.PushAck;
import dev.heph.testkit.Json;
import dev.heph.testkit.TestClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device whose clock once ran ahead: the hub refuses its ops (saying whose clock is wrong and
 * what to do), and {@link Spoke#restamp()} brings it back without losing or duplicating an op.
 * Real replica files and a real {@link Hub} over its own SQLite file, each with a clock the test sets.
 */
class ClockRecoveryTest {
  static final long T0 = 1_780_000_000_000L;
  static final long DAY = Duration.ofDays(1).toMillis();
  static final NodeFilter ALL = new NodeFilter(true, null, null, null);

  @TempDir Path dir;
  final List<AutoCloseable> open = new ArrayList<>();
  final TestClock hubClock = new TestClock(T0);
  Hub hub;
  Heph hubHeph;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  /** A hub request is delivered, but while {@link #loseAnswers} is set a push's answer never comes back. */
  static final class LossyClient implements HubClient {
    final HubClient inner;
    boolean loseAnswers;

    LossyClient(HubClient inner) {
      this.inner = inner;
    }

    @Override
    public HubInfo info() {
      return inner.info();
    }

    @Override
    public PullPage pull(Cursor after, int limit, Batches batches) {
      return inner.pull(after, limit, batches); // only pushes lose their answers
    }

    @Override
    public PushAck push(List<LoggedOp> batch) {
      PushAck ack = inner.push(batch);
      if (loseAnswers) {
        throw HubError.Unreachable.of(describe(), "simulated: answer lost", null);
      }
      return ack;
    }

    @Override
    public String describe() {
      return inner.describe();
    }
  }

  record Device(Heph heph, TestClock clock, Spoke spoke, LossyClient hub) {}

  Hub hub() {
    if (hub == null) {
      hubHeph = Heph.open(dir.resolve("hub.db"), new Heph.Options(hubClock, Duration.ofMinutes(5)));
      open.add(hubHeph);
      hub = new Hub(hubHeph);
    }
    return hub;
  }

  Device device(String name, long clockAt) {
    TestClock clock = new TestClock(clockAt);
    Heph heph = Heph.open(dir.resolve(name + ".db"), new Heph.Options(clock, Duration.ofMinutes(5)));
    open.add(heph);
    hub();
    LossyClient client = new LossyClient(new InProcessHubClient(() -> hub));
    return new Device(heph, clock, new Spoke(heph, client, FaultPoint.NONE, 7), client);
  }

  static Changes title(String t) {
    return new Changes(t, null, null, null, null, null, null);
  }

  static Changes status(String s) {
    return new Changes(null, null, s, null, null, null, null);
  }

  static Changes addTag(String tag) {
    return new Changes(null, null, null, null, null, List.of(tag), List.of());
  }

  static String syncFailure(Device d) {
    try {
      d.spoke().sync();
    } catch (HephException.SyncFailure e) {
      return e.getMessage();
    }
    throw new AssertionError("sync should have failed");
  }

  /** Every node's full JSON, by id: what a person sees on the device. */
  static String nodes(Heph heph) {
    StringBuilder sb = new StringBuilder();
    for (Node n : heph.list(ALL)) {
      sb.append(heph.json(n.id())).append('\n');
    }
    return sb.toString();
  }

  @Test
  void aDeviceThreeDaysAheadIsRefusedThenRestampsAndConvergesWithNothingLost() {
    Device a = device("a", T0);
    Device b = device("b", T0);
    Node shared = b.heph().add(NewNode.task("Shared"));
    b.spoke().sync();
    a.spoke().sync();

    // The board boots three days in the future.
    a.clock().set(T0 + 3 * DAY);
    Node x = a.heph().add(new NewNode("task", "Write report", "draft", List.of("work"), null, null, null));
    a.heph().update(x.id(), title("Write the report"));
    a.heph().update(x.id(), title("Write the annual report"));
    Node y = a.heph().add(new NewNode("note", "Report notes", null, List.of(), null, null, null));
    a.heph().link(x.id(), y.id(), "related");
    a.heph().update(y.id(), addTag("notes"));
    a.heph().update(shared.id(), title("Shared (edited on a)"));
    b.heph().update(shared.id(), title("Shared (edited on b)"));
    b.spoke().sync();

    assertThat(syncFailure(a)).contains("clock_drift").contains("this device's clock is 3 days ahead of the hub's")
        .contains("timedatectl").contains("heph sync --restamp");
    assertThat(a.heph().conflicts()).hasSize(1); // the pull went through; only the push was refused
    a.heph().resolve(shared.id(), "title", "Shared (resolved on a)", null);

    // The clock is fixed; the device keeps working, but every op is still stamped after the future ones.
    a.clock().set(T0 + 60_000);
    hubClock.set(T0 + 60_000);
    b.clock().set(T0 + 60_000);
    a.heph().update(x.id(), status("done"));
    a.heph().update(x.id(), addTag("q3"));
    Node z = a.heph().add(NewNode.task("After the fix"));
    assertThat(syncFailure(a)).contains("this device's clock is right").contains("3 days ahead")
        .contains("heph sync --restamp");

    List<String> bOps = StateDump.opIds(b.heph());
    long aOpsBefore = StateDump.opIds(a.heph()).size();
    String aNodesBefore = withoutStamps(nodes(a.heph()));

    RestampReport report = a.spoke().restamp();
    assertThat(report.restamped()).isEqualTo(18);
    assertThat(report.nodes()).isEqualTo(4);
    assertThat(report.sync().pushed()).isEqualTo(18);
    List<String> aOps = StateDump.opIds(a.heph());
    assertThat(aOps).hasSize((int) aOpsBefore).containsAll(bOps); // other devices' ops keep their stamps
    assertThat(aOps).allSatisfy(h -> assertThat(h.compareTo(String.format("%015d", T0 + 60_000 + 1_000))).isLessThan(0));
    assertThat(withoutStamps(nodes(a.heph()))).isEqualTo(aNodesBefore);
    // The re-stamped replica passes every invariant heph check knows (own ops rising along the
    // log, materialized state equal to a replay, search index).
    assertThat(a.heph().check().problems()).isEmpty();

    b.spoke().sync();
    a.spoke().sync();
    assertThat(Json.withoutNums(nodes(b.heph()))).isEqualTo(Json.withoutNums(nodes(a.heph())));
    assertThat(StateDump.state(b.heph())).isEqualTo(StateDump.state(a.heph()));
    assertThat(StateDump.opIds(b.heph())).isEqualTo(aOps);
    assertThat(StateDump.opIds(hubHeph)).isEqualTo(aOps);
    Node xOnB = b.heph().get(x.id());
    assertThat(xOnB.title()).isEqualTo("Write the annual report");
    assertThat(xOnB.status()).isEqualTo("done");
    assertThat(xOnB.tags()).containsExactly("q3", "work");
    assertThat(xOnB.links()).containsExactly(new Node.Link("related", y.id()));
    assertThat(b.heph().get(y.id()).tags()).containsExactly("notes");
    assertThat(b.heph().get(shared.id()).title()).isEqualTo("Shared (resolved on a)");
    assertThat(b.heph().get(z.id()).title()).isEqualTo("After the fix");
    assertThat(b.heph().conflicts()).isEmpty();

    // Later ops are stamped from the clock again and sync as usual.
    a.heph().update(z.id(), title("After the fix, later"));
    a.spoke().sync();
    b.spoke().sync();
    assertThat(b.heph().get(z.id()).title()).isEqualTo("After the fix, later");
  }

  @Test
  void theHubsOwnRefusalGivesItsTimeAndTheWayBack() {
    hub();
    String future = new dev.heph.core.clock.Hlc(T0 + DAY, 0, "0123456789abcdef").toString();
    byte[] body = ("{\"ops\":[{\"hlc\":\"" + future + "\",\"node\":\"" + java.util.UUID.randomUUID()
        + "\",\"op\":\"create\",\"value\":\"task\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    var answer = hub.handle("POST", "/sync/push", null, "application/json", body.length,
        new java.io.ByteArrayInputStream(body));
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json()).contains("clock_drift").contains("24 hours ahead").contains("this hub's clock reads "
        + Instant.ofEpochMilli(T0)).contains("heph sync --restamp");
  }

  @Test
  void aRestampWhileTheClockIsStillAheadIsRefusedAndChangesNothing() {
    Device a = device("a", T0 + 3 * DAY);
    a.heph().add(NewNode.task("From the future"));
    assertThat(syncFailure(a)).contains("3 days ahead of the hub's");
    String state = StateDump.state(a.heph());
    List<String> ops = StateDump.opIds(a.heph());
    assertThatThrownBy(() -> a.spoke().restamp()).isInstanceOfSatisfying(HephException.SyncFailure.class, e -> {
      assertThat(e.code()).isEqualTo("clock_ahead");
      assertThat(e.getMessage()).contains("still 3 days ahead of the hub's").contains("nothing was changed");
    });
    assertThat(StateDump.state(a.heph())).isEqualTo(state);
    assertThat(StateDump.opIds(a.heph())).isEqualTo(ops);
  }

  @Test
  void opsTheHubTookWithoutItsAnswerArrivingAreNotDuplicated() {
    Device a = device("a", T0 + 4 * 60_000); // 4 minutes ahead: within the hub's bound
    Node early = a.heph().add(NewNode.task("Taken by the hub, answer lost"));
    a.hub().loseAnswers = true;
    assertThatThrownBy(() -> a.spoke().sync()).isInstanceOf(HephException.SyncFailure.class)
        .hasMessageContaining("answer lost");
    a.hub().loseAnswers = false;
    assertThat(StateDump.opIds(hubHeph)).hasSize(3);

    a.clock().set(T0 + 2 * DAY); // then the clock jumps ahead
    a.heph().update(early.id(), title("Edited in the future"));
    a.clock().set(T0 + 1_000); // and is fixed: the early ops still read as ahead of it
    hubClock.set(T0 + 1_000);
    assertThat(syncFailure(a)).contains("this device's clock is right");

    RestampReport report = a.spoke().restamp();
    assertThat(report.restamped()).isEqualTo(1);
    List<String> aOps = StateDump.opIds(a.heph());
    assertThat(aOps).hasSize(4);
    assertThat(StateDump.opIds(hubHeph)).isEqualTo(aOps);
    assertThat(hubHeph.get(early.id()).title()).isEqualTo("Edited in the future");
  }

  @Test
  void whenTheHubsClockWentBackTheMessageSaysSo() {
    Device b = device("b", T0);
    b.heph().add(NewNode.task("Made while the hub's clock was right"));
    b.spoke().sync();
    hubClock.set(T0 - Duration.ofHours(2).toMillis());
    Device a = device("a", T0 + 5_000);
    a.heph().add(NewNode.task("Stamped by a right clock"));
    assertThat(syncFailure(a)).contains("the hub's clock looks 2 h behind this device's")
        .contains("ask the hub's operator");
    assertThatThrownBy(() -> a.spoke().restamp()).isInstanceOf(HephException.SyncFailure.class)
        .hasMessageContaining("if the hub's clock is the wrong one");
  }

  @Test
  void aPulledOpFromAClockFarAheadNamesTheDeviceWhoseClockLooksWrong() {
    Device b = device("b", T0);
    Device a = device("a", T0);
    hubClock.set(T0 + DAY); // the hub took it while its own clock ran a day ahead
    b.clock().set(T0 + DAY);
    b.heph().add(NewNode.task("From a day ahead"));
    b.spoke().sync();
    hubClock.set(T0);
    assertThatThrownBy(() -> a.spoke().sync()).isInstanceOfSatisfying(HephException.ClockDrift.class,
        e -> assertThat(e.getMessage()).contains("from device " + b.heph().origin()).contains("1 day ahead")
            .contains("which agrees with the hub's"));
  }

  /**
   * Random histories on two devices and a hub, device a's clock jumping days ahead and back, with
   * answers lost at random; after its clock is fixed and it re-stamps, all three converge on the
   * same state and the same ops, and every title a wrote is there.
   */
  @Test
  void randomHistoriesWithFutureStampsConvergeAfterARestamp() throws Exception {
    long seed0 = Long.getLong("heph.restamp.seed", 20261128L);
    int restamped = 0;
    for (long seed = seed0; seed < seed0 + 20; seed++) {
      Path sub = dir.resolve("seed-" + seed);
      try {
        restamped += runSeed(seed, sub);
      } catch (AssertionError | Exception e) {
        throw new AssertionError("seed " + seed + " failed (replay: -Dheph.restamp.seed=" + seed + "): " + e, e);
      }
    }
    assertThat(restamped).as("ops re-stamped over all seeds").isPositive();
  }

  /** One random history; returns how many ops the re-stamp gave new stamps. */
  private int runSeed(long seed, Path sub) throws Exception {
    close();
    open.clear();
    hub = null;
    hubClock.set(T0);
    dir = sub;
    java.nio.file.Files.createDirectories(sub);
    Random random = new Random(seed);
    Device a = device("a", T0);
    Device b = device("b", T0);
    Set<String> titlesOfA = new TreeSet<>();
    long now = T0;
    for (int step = 0; step < 60; step++) {
      now += random.nextInt(5_000);
      hubClock.set(now);
      b.clock().set(now);
      if (a.clock().millis() < now || random.nextInt(10) == 0) {
        a.clock().set(random.nextInt(3) == 0 ? now + (1 + random.nextInt(5)) * DAY : now);
      }
      Device d = random.nextBoolean() ? a : b;
      List<Node> nodes = d.heph().list(ALL);
      int what = random.nextInt(8);
      String t = "t" + seed + "-" + step;
      if (nodes.isEmpty() || what == 0) {
        d.heph().add(new NewNode(random.nextBoolean() ? "task" : "note", t, null, List.of("g" + random.nextInt(3)),
            null, null, null));
        if (d == a) {
          titlesOfA.add(t);
        }
        continue;
      }
      Node n = nodes.get(random.nextInt(nodes.size()));
      switch (what) {
        case 1, 2 -> d.heph().update(n.id(), title(t));
        case 3 -> d.heph().update(n.id(), addTag("g" + random.nextInt(3)));
        case 4 -> {
          Node other = nodes.get(random.nextInt(nodes.size()));
          if (!other.id().equals(n.id())) {
            d.heph().link(n.id(), other.id(), "related");
          }
        }
        case 5 -> {
          if (!d.heph().conflicts().isEmpty()) {
            var c = d.heph().conflicts().getFirst();
            d.heph().resolve(c.node(), c.field(), null, c.values().getFirst().hlc());
          }
        }
        default -> {
          d.hub().loseAnswers = random.nextInt(5) == 0;
          try {
            d.spoke().sync();
          } catch (HephException e) {
            // refused for drift, or an answer lost: what the recovery must cope with
          }
          d.hub().loseAnswers = false;
        }
      }
    }
    now += 10_000;
    hubClock.set(now);
    a.clock().set(now);
    b.clock().set(now);
    int restamped = a.spoke().restamp().restamped();
    assertThat(a.heph().check().problems()).isEmpty();
    b.spoke().sync();
    a.spoke().sync();
    assertThat(StateDump.state(b.heph())).isEqualTo(StateDump.state(a.heph()));
    assertThat(StateDump.state(hubHeph)).isEqualTo(StateDump.state(a.heph()));
    assertThat(StateDump.opIds(b.heph())).isEqualTo(StateDump.opIds(a.heph()));
    assertThat(StateDump.opIds(hubHeph)).isEqualTo(StateDump.opIds(a.heph()));
    List<String> historyTitles = new ArrayList<>();
    for (Node n : b.heph().list(ALL)) {
      b.heph().history(n.id()).forEach(h -> historyTitles.add(h.opJson()));
    }
    for (String t : titlesOfA) {
      assertThat(historyTitles).as("title %s written on a", t).anyMatch(j -> j.contains("\"" + t + "\""));
    }
    return restamped;
  }

  /** Node JSON with every hlc-shaped text blanked, to compare content across a re-stamp. */
  static String withoutStamps(String json) {
    return json.replaceAll("\\d{15}-\\d{5}-[0-9a-f]{16}", "HLC").replaceAll("\"(created|updated)\":\"[^\"]*\"", "\"$1\":\"T\"");
  }
}
