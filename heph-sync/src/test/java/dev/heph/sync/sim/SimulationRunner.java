package dev.heph.sync.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Runs simulation seeds (on /dev/shm when there is one: no real fsyncs), two at a time. */
public final class SimulationRunner {
  private SimulationRunner() {}

  /** Reads heph.sim.seed / heph.sim.seeds / heph.sim.first and runs them; throws on the first failure. */
  public static void runFromProperties() throws Exception {
    runFromProperties("heph.sim", 1000, false);
  }

  /**
   * The same with recurring tasks and partitions ({@link RecurringSeries}), from heph.sim.recur.seed /
   * .seeds / .first: few seeds by default (the long run is {@code bin/simulate --recur --seeds N}).
   */
  public static void runRecurringFromProperties() throws Exception {
    runFromProperties("heph.sim.recur", 6, true);
    System.out.printf("recurring: %d series, %d tasks at the end, %d finishes (%d on a second device before it"
        + " synced), %d syncs skipped by partitions%n", RecurringSeries.SERIES.get(), RecurringSeries.TASKS.get(),
        RecurringSeries.FINISHES.get(), RecurringSeries.CONCURRENT_FINISHES.get(), SyncSimulation.PARTITIONED_SYNCS.get());
    boolean replay = System.getProperty("heph.sim.recur.seed") != null;
    if (!replay && (RecurringSeries.CONCURRENT_FINISHES.get() == 0 || SyncSimulation.PARTITIONED_SYNCS.get() == 0)) {
      throw new AssertionError("no task was finished on two devices at once, or no device was ever cut off:"
          + " the recurring simulation no longer tests that");
    }
  }

  private static void runFromProperties(String prefix, long defaultSeeds, boolean recurring) throws Exception {
    String one = System.getProperty(prefix + ".seed");
    if (one != null && !one.isBlank()) {
      runSeed(Long.parseLong(one), recurring);
      System.out.println("seed " + one + " passed");
      return;
    }
    long first = Long.getLong(prefix + ".first", 1);
    long count = Long.getLong(prefix + ".seeds", defaultSeeds);
    int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
    AtomicLong nextSeed = new AtomicLong(first);
    AtomicLong done = new AtomicLong();
    long started = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          long seed;
          while ((seed = nextSeed.getAndIncrement()) < first + count) {
            runSeed(seed, recurring);
            long n = done.incrementAndGet();
            if (n % 1000 == 0) {
              System.out.println(n + " seeds passed");
            }
          }
          return null;
        }));
      }
      for (Future<?> w : workers) {
        try {
          w.get();
        } catch (java.util.concurrent.ExecutionException e) {
          nextSeed.set(Long.MAX_VALUE); // stop the others
          throw e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
        }
      }
    }
    System.out.printf("simulation: %d seeds from %d passed in %.1f s: %d ops converged, %d failed syncs recovered,"
        + " %d hub restores, %d cursor resets, %d conflicts left open, %d edits with invalid text refused,"
        + " %d pages ended inside a node's first ops%n", count, first, (System.nanoTime() - started) / 1e9,
        SyncSimulation.OPS.get(), SyncSimulation.SYNCS_FAILED.get(), SyncSimulation.RESTORES.get(),
        SyncSimulation.RESETS.get(), SyncSimulation.CONFLICTS_SEEN.get(), SyncSimulation.INVALID_TEXT_REFUSED.get(),
        SyncSimulation.PAGES_SPLITTING_A_NODE.get());
    if (count >= 100 && SyncSimulation.PAGES_SPLITTING_A_NODE.get() == 0) {
      throw new AssertionError("no pull page ended inside a node's first ops: the simulation no longer tests that");
    }
  }

  static void runSeed(long seed, boolean recurring) throws Exception {
    Path shm = Path.of("/dev/shm");
    Path dir = Files.isWritable(shm) ? Files.createTempDirectory(shm, "heph-sim-") : Files.createTempDirectory("heph-sim-");
    try {
      new SyncSimulation(seed, dir, recurring).run();
    } finally {
      SyncSimulation.deleteTree(dir);
    }
  }
}
