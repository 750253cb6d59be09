package dev.heph.sync;

import dev.heph.sync.sim.SimulationRunner;
import org.junit.jupiter.api.Test;

/**
 * Runs the seeded sync simulation. Defaults to 1,000 seeds; {@code -Dheph.sim.seeds=N} runs N,
 * {@code -Dheph.sim.seed=S} replays one (bin/simulate wraps both).
 */
class SyncSimulationTest {
  @Test
  void replicasConvergeUnderFaults() throws Exception {
    SimulationRunner.runFromProperties();
  }
}
