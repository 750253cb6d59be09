package dev.heph.sync.sim;

import dev.heph.core.Changes;
import dev.heph.core.Conflict;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.NewNode;
import dev.heph.core.Node;
import dev.heph.core.NodeFilter;
import dev.heph.sync.Protocol;
import dev.heph.sync.hub.Hub;
import dev.heph.sync.spoke.FaultPoint;
import dev.heph.sync.spoke.Spoke;
import dev.heph.testkit.RandomText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One seeded run of many replicas syncing through one hub over a faulty network: random local
 * ops, random sync order, lost/duplicated/late/cut messages, crashes between applying and
 * recording a cursor, and hub restores from earlier copies; text of every kind, and edits with
 * text that is not Unicode (each refused by its device, storing nothing). Then the network heals,
 * every replica syncs until quiet, and all replicas (and the hub) must hold the same ops and the
 * same state. Everything random comes from the seed, so a failing seed replays.
 *
 * <p>With recurring tasks on ({@link RecurringSeries}), devices also start series and finish their
 * tasks, often the same task on several devices at once, while some devices are cut off from the
 * hub for a while (a partition); the converged state must then keep one live task per series.
 */
final class SyncSimulation {
  /** Thrown by the fault points: a process dying mid-sync. */
  static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(String where) {
      super("simulated crash at " + where, null, false, false);
    }
  }

  private final long seed;
  private final Random random;
  private final Path dir;
  private final AtomicLong now = new AtomicLong(1_790_000_000_000L);
  private final List<Replica> replicas = new ArrayList<>();
  private final List<Path> snapshots = new ArrayList<>();
  private final TreeSet<String> everyOp = new TreeSet<>();
  /** Totals over all runs, printed at the end so a vacuous simulation would show. */
  static final AtomicLong OPS = new AtomicLong();
  static final AtomicLong SYNCS_FAILED = new AtomicLong();
  static final AtomicLong RESETS = new AtomicLong();
  static final AtomicLong RESTORES = new AtomicLong();
  static final AtomicLong CONFLICTS_SEEN = new AtomicLong();
  static final AtomicLong INVALID_TEXT_REFUSED = new AtomicLong();
  /** Pull pages that ended right after a node's create, before its title and status. */
  static final AtomicLong PAGES_SPLITTING_A_NODE = new AtomicLong();
  /** Syncs not attempted because the device was cut off from the hub. */
  static final AtomicLong PARTITIONED_SYNCS = new AtomicLong();

  private final long pageBytes;
  private Heph hubHeph;
  private Hub hub;
  private boolean faulty = true;
  private int titles;
  /** Null unless this run has recurring tasks. */
  private final RecurringSeries series;
  /** Devices that cannot reach the hub now. */
  private final java.util.Set<String> partitioned = new TreeSet<>();

  /** A device: its replica, its link to the hub, and its clock skew. */
  private record Replica(String name, Heph heph, Spoke spoke, FaultyHubClient hub) {}

  SyncSimulation(long seed, Path dir) {
    this(seed, dir, false);
  }

  /** A run, with recurring tasks and partitions when {@code recurring}. */
  SyncSimulation(long seed, Path dir, boolean recurring) {
    this.seed = seed;
    this.random = new Random(seed);
    this.dir = dir;
    this.pageBytes = pageBytes();
    this.series = recurring ? new RecurringSeries(new Random(random.nextLong())) : null;
  }

  /** Runs the scenario; throws AssertionError naming the seed when replicas diverge or lose ops. */
  void run() throws IOException {
    try {
      openHub();
      int devices = 3 + random.nextInt(5);
      for (int i = 0; i < devices; i++) {
        addReplica();
      }
      int steps = 40 + random.nextInt(80);
      for (int step = 0; step < steps; step++) {
        now.addAndGet(1 + random.nextInt(1500));
        int action = random.nextInt(100);
        Replica r = replicas.get(random.nextInt(replicas.size()));
        if (series != null && random.nextInt(15) == 0) {
          repartition();
        }
        if (series != null && action < 30) {
          series.act(r.heph(), replicas.stream().filter(o -> o != r).map(Replica::heph).toList());
        } else if (action < 45) {
          localOp(r);
        } else if (action < 85) {
          trySync(r);
        } else if (action < 92) {
          snapshotHub();
        } else if (action < 97) {
          restoreHub();
        } else if (replicas.size() < 8) {
          addReplica();
        }
      }
      quiesce();
      check();
    } finally {
      for (Replica r : replicas) {
        r.heph().close();
      }
      hubHeph.close();
    }
  }

  private void openHub() {
    hubHeph = Heph.open(dir.resolve("hub.db"), new Heph.Options(clock(0), Duration.ofMinutes(5), new Random(random.nextLong())));
    hub = new Hub(hubHeph, pageBytes);
  }

  /**
   * The hub's page budget in bytes for this seed: from one op per page (a page often ends between a
   * node's create and its title or status) to the real budget.
   */
  private long pageBytes() {
    return switch (random.nextInt(4)) {
      case 0 -> 1;
      case 1 -> 100 + random.nextInt(400);
      case 2 -> 500 + random.nextInt(4000);
      default -> Protocol.PULL_PAGE_BYTES;
    };
  }

  private void addReplica() {
    String name = "r" + replicas.size();
    long skew = random.nextInt(4) == 0 ? -random.nextInt(120_000) : random.nextInt(60_000);
    Heph heph = Heph.open(dir.resolve(name + ".db"), new Heph.Options(clock(skew), Duration.ofMinutes(5),
        new Random(random.nextLong())));
    FaultyHubClient client = new FaultyHubClient(new InProcessHubClient(() -> hub), new Random(random.nextLong()),
        0.03 + random.nextDouble() * 0.12);
    FaultPoint crashes = point -> {
      if (faulty && random.nextInt(12) == 0) {
        throw new SimulatedCrash(point);
      }
    };
    int pageSize = 1 + random.nextInt(random.nextBoolean() ? 8 : 200); // small pages: many of them
    // Pages also split into several transactions, down to one op each, so a crash or a cut
    // answer often leaves part of a page stored without its cursor.
    long batchBytes = random.nextBoolean() ? Spoke.APPLY_BATCH_BYTES : 1 + random.nextInt(600);
    replicas.add(new Replica(name, heph, new Spoke(heph, client, crashes, pageSize, batchBytes), client));
  }

  private Clock clock(long skewMillis) {
    return new Clock() {
      @Override
      public long millis() {
        return now.get() + skewMillis;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(millis());
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
  }

  /** Cuts a random group of devices off from the hub, or (as often) heals the partition. */
  private void repartition() {
    partitioned.clear();
    if (random.nextBoolean()) {
      for (Replica r : replicas) {
        if (random.nextInt(3) == 0) {
          partitioned.add(r.name());
        }
      }
    }
  }

  private void localOp(Replica r) {
    Heph heph = r.heph();
    List<Node> nodes = new ArrayList<>(heph.list(new NodeFilter(true, null, null, null)));
    if (series != null) {
      // Recurring tasks change only through RecurringSeries (never reopened or restored).
      nodes.removeIf(n -> series.isRecurring(n.id()));
    }
    nodes.sort(Comparator.comparing(Node::id));
    if (random.nextInt(10) == 0) {
      invalidTextEdit(r, nodes);
      return;
    }
    try {
      if (nodes.isEmpty() || random.nextInt(5) == 0) {
        boolean note = random.nextInt(4) == 0;
        heph.add(new NewNode(note ? "note" : "task", title(), random.nextInt(4) == 0 ? RandomText.valid(random, 200, false)
            : null, random.nextBoolean() ? List.of(tag()) : List.of(), null, null, null));
        return;
      }
      Node n = nodes.get(random.nextInt(nodes.size()));
      switch (random.nextInt(9)) {
        case 0, 1 -> heph.update(n.id(), new Changes(random.nextBoolean() ? "title " + random.nextInt(4) : title(),
            random.nextInt(3) == 0 ? RandomText.valid(random, 200, false) : null, null, null, null, null, null));
        case 2 -> heph.update(n.id(), new Changes(null, null, n.isTask() ? pick("open", "doing", "done") : null, null,
            pick("H", "M", "L", "none"), null, null));
        case 3 -> heph.update(n.id(), new Changes(null, null, null, null, null, List.of(tag()), null));
        case 4 -> {
          if (!n.tags().isEmpty()) {
            heph.update(n.id(), new Changes(null, null, null, null, null, null, List.of(n.tags().getFirst())));
          }
        }
        case 5 -> heph.delete(n.id());
        case 6 -> heph.restore(n.id());
        case 7 -> {
          Node other = nodes.get(random.nextInt(nodes.size()));
          if (!other.id().equals(n.id())) {
            heph.link(n.id(), other.id(), pick("blocks", "related"));
          }
        }
        default -> {
          List<Conflict> conflicts = heph.conflicts();
          if (!conflicts.isEmpty()) {
            Conflict c = conflicts.get(random.nextInt(conflicts.size()));
            heph.resolve(c.node(), c.field(), null, c.values().get(random.nextInt(c.values().size())).hlc());
          }
        }
      }
    } catch (HephException.InvalidInput | HephException.ConflictNotFound e) {
      // A refusal a person would also get (e.g. a status on a node that is a note): changes nothing.
    }
  }

  /** A title: mostly a plain counter, sometimes any valid text (controls, astral-plane characters...). */
  private String title() {
    return random.nextInt(3) == 0 ? RandomText.valid(random, 30, true) : "t" + (titles++);
  }

  /** A tag: mostly one of a few (so that concurrent adds and removes meet), sometimes any valid word. */
  private String tag() {
    return random.nextInt(5) == 0 ? RandomText.tag(random, true) : "tag" + random.nextInt(3);
  }

  /**
   * An edit whose text is not valid Unicode: the device refuses it (invalid input naming the field)
   * and stores nothing, so nothing of it can reach the hub.
   */
  private void invalidTextEdit(Replica r, List<Node> nodes) {
    Heph heph = r.heph();
    List<String> opsBefore = StateDump.opIds(heph);
    String bad = RandomText.invalid(random, 20, true);
    String id = nodes.isEmpty() ? null : nodes.get(random.nextInt(nodes.size())).id();
    try {
      switch (id == null ? 0 : random.nextInt(5)) {
        case 0 -> heph.add(new NewNode(null, bad, null, List.of(), null, null, null));
        case 1 -> heph.update(id, new Changes(bad, null, null, null, null, null, null));
        case 2 -> heph.update(id, new Changes(null, RandomText.invalid(random, 200, false), null, null, null, null, null));
        case 3 -> heph.update(id, new Changes(null, null, null, null, null, List.of(RandomText.tag(random, false)), null));
        default -> heph.link(id, nodes.getFirst().id(), RandomText.tag(random, false));
      }
    } catch (HephException.InvalidInput e) {
      if (!e.getMessage().contains(": text is not valid Unicode (unpaired surrogate U+D")) {
        throw new AssertionError(failure(r.name() + " refused text that is not Unicode for another reason: " + e), e);
      }
      if (!StateDump.opIds(heph).equals(opsBefore)) {
        throw new AssertionError(failure(r.name() + " stored ops of an edit it refused: " + e.getMessage()));
      }
      INVALID_TEXT_REFUSED.incrementAndGet();
      return;
    }
    throw new AssertionError(failure(r.name() + " took text that is not Unicode: " + bad));
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private void trySync(Replica r) {
    if (partitioned.contains(r.name())) {
      PARTITIONED_SYNCS.incrementAndGet();
      return;
    }
    try {
      if (r.spoke().sync().reset()) {
        RESETS.incrementAndGet();
      }
    } catch (HephException.SyncFailure | SimulatedCrash e) {
      SYNCS_FAILED.incrementAndGet();
      // The network or the process failed mid-sync; the next sync must recover.
    }
  }

  private void snapshotHub() throws IOException {
    hubHeph.close();
    Path snapshot = dir.resolve("hub-snapshot-" + snapshots.size() + ".db");
    Files.copy(dir.resolve("hub.db"), snapshot, StandardCopyOption.REPLACE_EXISTING);
    snapshots.add(snapshot);
    openHub();
  }

  private void restoreHub() throws IOException {
    if (snapshots.isEmpty()) {
      return;
    }
    everyOp.addAll(StateDump.opIds(hubHeph));
    hubHeph.close();
    RESTORES.incrementAndGet();
    Path snapshot = snapshots.get(random.nextInt(snapshots.size()));
    Files.copy(snapshot, dir.resolve("hub.db"), StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(dir.resolve("hub.db-wal"));
    Files.deleteIfExists(dir.resolve("hub.db-shm"));
    openHub();
  }

  /** The network heals and nobody crashes: every replica syncs until nothing moves. */
  private void quiesce() {
    faulty = false;
    partitioned.clear();
    for (Replica r : replicas) {
      r.hub().enabled = false;
    }
    for (int round = 0; round < 3; round++) {
      for (Replica r : replicas) {
        try {
          if (r.spoke().sync().reset()) {
            RESETS.incrementAndGet();
          }
        } catch (RuntimeException e) {
          throw new AssertionError(failure("quiet sync of " + r.name() + " failed: " + e), e);
        }
      }
    }
  }

  private void check() {
    for (Replica r : replicas) {
      everyOp.addAll(StateDump.opIds(r.heph()));
    }
    everyOp.addAll(StateDump.opIds(hubHeph));
    List<String> expectedOps = List.copyOf(everyOp);
    OPS.addAndGet(expectedOps.size());
    CONFLICTS_SEEN.addAndGet(hubHeph.conflicts().size());
    String expectedState = StateDump.state(hubHeph);
    String broken = series == null ? null : series.violation(hubHeph);
    if (broken != null) {
      throw new AssertionError(failure(broken));
    }
    dev.heph.core.CheckReport hubReport = hubHeph.check();
    if (!hubReport.ok()) {
      throw new AssertionError(failure("the hub fails heph check: " + hubReport.problems()));
    }
    if (!StateDump.opIds(hubHeph).equals(expectedOps)) {
      TreeSet<String> missing = new TreeSet<>(expectedOps);
      missing.removeAll(StateDump.opIds(hubHeph));
      StringBuilder where = new StringBuilder();
      for (Replica r : replicas) {
        where.append('\n').append(r.name()).append(": ").append(StateDump.describe(r.heph(), missing));
      }
      throw new AssertionError(failure("the hub lacks ops: has " + StateDump.opIds(hubHeph).size() + " of "
          + expectedOps.size() + "; missing " + missing + where));
    }
    for (Replica r : replicas) {
      List<String> ops = StateDump.opIds(r.heph());
      if (!ops.equals(expectedOps)) {
        throw new AssertionError(failure(r.name() + " holds " + ops.size() + " of " + expectedOps.size() + " ops"));
      }
      dev.heph.core.CheckReport report = r.heph().check();
      if (!report.ok()) {
        throw new AssertionError(failure(r.name() + " fails heph check: " + report.problems()));
      }
      String state = StateDump.state(r.heph());
      if (!state.equals(expectedState)) {
        throw new AssertionError(failure(r.name() + " state differs from the hub's:\n--- hub\n" + expectedState
            + "\n--- " + r.name() + "\n" + state));
      }
    }
  }

  private String failure(String what) {
    return "seed " + seed + ": " + what + "\nreplay: bin/simulate " + (series == null ? "" : "--recur ") + "--seed " + seed;
  }

  /** Deletes a run's files. */
  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
