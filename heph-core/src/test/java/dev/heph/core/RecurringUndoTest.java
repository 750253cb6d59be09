package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Undo meets recurrence: undoing the done that made a series' next task, then doing it again. */
class RecurringUndoTest {
  @TempDir Path dir;

  @Test
  void undoingADoneTakesBackItsSuccessorAndDoingItAgainLeavesOneLiveTask() {
    TestClock clock = new TestClock(HephTest.T0);
    try (Heph heph = MergeProperties.replica(dir.resolve("a.db"), clock, Duration.ofMinutes(5), 0, 1)) {
      Node rent = heph.add(new NewNode("task", "Pay rent", null, List.of(), "2026-01-31", null, null, "monthly"));
      clock.advance(1000);
      heph.done(rent.id());
      clock.advance(1000);
      assertThat(live(heph)).extracting(Node::due).containsExactly("2026-02-28");
      Undone undone = heph.undo();
      clock.advance(1000);
      assertThat(undone.items()).extracting(Undone.Item::action).containsExactly("done", "add");
      assertThat(live(heph)).extracting(Node::due).containsExactly("2026-01-31");
      heph.done(rent.id());
      clock.advance(1000);
      // the successor the undo deleted comes back (same id: the series has one task per occurrence)
      assertThat(live(heph)).as("one live task after done, undo, done").extracting(Node::due).containsExactly("2026-02-28");
      assertThat(heph.list(new NodeFilter(true, null, null, null))).hasSize(2);
    }
  }

  private static List<Node> live(Heph heph) {
    return heph.list(new NodeFilter(true, null, null, null)).stream().filter(n -> !Recurring.isFinished(n)).toList();
  }
}
