package dev.heph.sync;

import dev.heph.sync.sim.SimulationRunner;
import org.junit.jupiter.api.Test;

/**
 * Runs the seeded sync simulation with recurring tasks and partitions. Defaults to 6 seeds (a few
 * seconds); {@code -Dheph.sim.recur.seeds=N} runs N, {@code -Dheph.sim.recur.seed=S} replays one
 * ({@code bin/simulate --recur} wraps both).
 */
class RecurringSimulationTest {
  @Test
  void oneLiveTaskPerSeriesWhateverTheFaults() throws Exception {
    SimulationRunner.runRecurringFromProperties();
  }
}
