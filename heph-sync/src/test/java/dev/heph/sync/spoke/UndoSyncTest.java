package dev.heph.sync.spoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.Changes;
import dev.heph.core.Heph;
import dev.heph.core.HephException.UndoRefused;
import dev.heph.core.NewNode;
import dev.heph.core.Node;
import dev.heph.core.Undone;
import dev.heph.sync.hub.Hub;
import dev.heph.sync.sim.InProcessHubClient;
import dev.heph.testkit.Sqlite;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Undo across sync, through a real hub and two spokes: an undo is new ops that reach the other
 * device, and it refuses (naming the other device) when that device changed the same field later.
 */
class UndoSyncTest {
  @TempDir Path dir;
  Heph hubHeph;
  Heph a;
  Heph b;
  Spoke aSpoke;
  Spoke bSpoke;

  @BeforeEach
  void open() {
    hubHeph = Heph.open(dir.resolve("hub.db"));
    a = Heph.open(dir.resolve("a.db"));
    b = Heph.open(dir.resolve("b.db"));
    Hub hub = new Hub(hubHeph);
    aSpoke = new Spoke(a, new InProcessHubClient(() -> hub));
    bSpoke = new Spoke(b, new InProcessHubClient(() -> hub));
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
    hubHeph.close();
  }

  private static Changes title(String t) {
    return new Changes(t, null, null, null, null, null, null);
  }

  private static Changes due(String d) {
    return new Changes(null, null, null, d, null, null, null);
  }

  @Test
  void undoRefusesOverALaterEditFromAnotherDeviceAndSyncsWhenTheFieldIsUntouched() {
    String id = a.add(NewNode.task("Buy milk")).id();
    a.update(id, title("Buy oat milk"));
    a.update(id, due("2026-12-01"));
    aSpoke.sync();
    bSpoke.sync();
    b.update(id, due("2026-12-24"));
    bSpoke.sync();
    aSpoke.sync();

    long before = Sqlite.opCount(dir.resolve("a.db"));
    assertThatThrownBy(a::undo).isInstanceOfSatisfying(UndoRefused.class, e -> {
      assertThat(e.code()).isEqualTo("later_change");
      assertThat(e.getMessage()).isEqualTo("cannot undo edit of 'Buy oat milk' (due): later changes touch due"
          + " (by device " + b.origin() + "); nothing was changed");
    });
    assertThat(Sqlite.opCount(dir.resolve("a.db"))).as("a refused undo writes nothing").isEqualTo(before);
    assertThat(a.get(id).due()).isEqualTo("2026-12-24");

    // The refused command stays on the stack, under A's own later commands.
    a.update(id, due("2027-01-01"));
    Undone dueBack = a.undo();
    assertThat(dueBack.items()).extracting(Undone.Item::describe).containsExactly("edit of 'Buy oat milk' (due)");
    assertThat(a.get(id).due()).as("A's own later edit of due went back to B's value").isEqualTo("2026-12-24");
    assertThatThrownBy(a::undo).as("the earlier due edit is still behind B's").isInstanceOf(UndoRefused.class);
  }

  @Test
  void anUndoOfAFieldTheOtherDeviceDidNotTouchSucceedsAndReachesIt() {
    String id = a.add(NewNode.task("Buy milk")).id();
    a.update(id, title("Buy oat milk"));
    aSpoke.sync();
    bSpoke.sync();
    b.update(id, due("2026-12-24"));
    bSpoke.sync();
    aSpoke.sync();

    Undone undone = a.undo();
    assertThat(undone.items()).extracting(Undone.Item::describe).containsExactly("edit of 'Buy oat milk' (title)");
    aSpoke.sync();
    bSpoke.sync();
    Node onB = b.get(id);
    assertThat(onB.title()).as("B receives the undo").isEqualTo("Buy milk");
    assertThat(onB.due()).as("B's own edit stays").isEqualTo("2026-12-24");
    assertThat(onB.conflicts()).isEmpty();
    assertThat(a.get(id)).usingRecursiveComparison().ignoringFields("num").isEqualTo(onB);
    assertThat(b.undo().items()).as("B's undo undoes B's own edit").extracting(Undone.Item::describe)
        .containsExactly("edit of 'Buy milk' (due)");
    assertThat(b.get(id).due()).isNull();
  }
}
