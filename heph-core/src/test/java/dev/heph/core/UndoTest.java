package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.HephException.UndoRefused;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.Value;
import dev.heph.testkit.Sqlite;
import dev.heph.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Heph#undo()} on one replica: every kind of op reverted by new ops, the stack, and the refusals. */
class UndoTest {
  static final long T0 = 1_780_000_000_000L;
  /** Another device's origin id, for ops that "arrive" from it. */
  static final String OTHER = "0123456789abcdef";

  @TempDir Path dir;
  TestClock clock;
  Heph heph;

  @BeforeEach
  void open() {
    clock = new TestClock(T0);
    heph = Heph.open(dir.resolve("heph.db"), new Heph.Options(clock, Duration.ofMinutes(5)));
  }

  @AfterEach
  void close() {
    heph.close();
  }

  private Node edit(String id, String title, String due) {
    clock.advance(10);
    return heph.update(id, new Changes(title, null, null, due, null, null, null));
  }

  private Node tags(String id, List<String> add, List<String> remove) {
    clock.advance(10);
    return heph.update(id, new Changes(null, null, null, null, null, add, remove));
  }

  private int opCount() {
    return (int) Sqlite.opCount(dir.resolve("heph.db"));
  }

  @Test
  void anEditGoesBackByNewOpsAndSaysWhatItUndid() {
    Node n = heph.add(NewNode.task("Buy milk"));
    edit(n.id(), "Buy oat milk", "2026-12-01");
    int before = opCount();
    Undone undone = heph.undo();
    assertThat(undone.items()).extracting(Undone.Item::describe).containsExactly("edit of 'Buy oat milk' (title, due)");
    Node after = heph.get(n.id());
    assertThat(after.title()).isEqualTo("Buy milk");
    assertThat(after.due()).isNull();
    assertThat(after.conflicts()).isEmpty();
    assertThat(opCount()).as("two new ops; none rewritten or removed").isEqualTo(before + 2);
    assertThat(heph.history(n.id())).extracting(HistoryEntry::summary).hasSize(before + 2);
  }

  @Test
  void undoIsAStackThatEndsAtTheFirstCommand() {
    Node n = heph.add(NewNode.task("a"));
    edit(n.id(), "b", null);
    edit(n.id(), "c", null);
    assertThat(heph.undo().items().getFirst().describe()).isEqualTo("edit of 'c' (title)");
    assertThat(heph.get(n.id()).title()).isEqualTo("b");
    assertThat(heph.undo().items().getFirst().describe()).isEqualTo("edit of 'b' (title)");
    assertThat(heph.get(n.id()).title()).isEqualTo("a");
    assertThat(heph.undo().items().getFirst().describe()).isEqualTo("add of 'a'");
    assertThat(heph.get(n.id()).deleted()).as("undoing an add deletes the node").isTrue();
    assertThatThrownBy(heph::undo).isInstanceOfSatisfying(UndoRefused.class,
        e -> assertThat(e.code()).isEqualTo("nothing_to_undo"));
  }

  @Test
  void doneDeleteAndRestoreAreNamedAndReverted() {
    Node n = heph.add(NewNode.task("t"));
    heph.done(n.id());
    assertThat(heph.undo().items()).extracting(Undone.Item::describe).containsExactly("done of 't'");
    assertThat(heph.get(n.id()).status()).isEqualTo("open");
    heph.delete(n.id());
    assertThat(heph.undo().items()).extracting(Undone.Item::action).containsExactly("delete");
    assertThat(heph.get(n.id()).deleted()).isFalse();
    heph.delete(n.id());
    heph.restore(n.id());
    assertThat(heph.undo().items()).extracting(Undone.Item::action).containsExactly("restore");
    assertThat(heph.get(n.id()).deleted()).isTrue();
  }

  @Test
  void setFieldsAddBackWhatWasRemovedAndRemoveWhatWasAdded() {
    Node n = heph.add(new NewNode("task", "t", null, List.of("home"), null, null, null));
    Node other = heph.add(NewNode.task("o"));
    tags(n.id(), List.of("errand"), List.of("home"));
    heph.undo();
    assertThat(heph.get(n.id()).tags()).containsExactly("home");
    heph.link(n.id(), other.id(), "blocks");
    heph.undo();
    assertThat(heph.get(n.id()).links()).isEmpty();
  }

  @Test
  void undoingAResolveBringsTheConflictBack() {
    Node n = heph.add(NewNode.task("mine"));
    heph.applyRemote(List.of(new Op.Set(new Hlc(T0 + 5, 0, OTHER), n.id(), Field.TITLE, Value.text("theirs"),
        List.of())), "hub");
    assertThat(heph.get(n.id()).conflicts()).containsExactly("title");
    clock.advance(10);
    heph.resolve(n.id(), "title", "agreed", null);
    assertThat(heph.get(n.id()).conflicts()).isEmpty();
    heph.undo();
    Node back = heph.get(n.id());
    assertThat(back.conflicts()).containsExactly("title");
    assertThat(heph.conflicts().getFirst().values()).extracting(Conflict.Candidate::valueJson)
        .containsExactlyInAnyOrder("\"mine\"", "\"theirs\"");
  }

  @Test
  void aLaterChangeFromAnotherDeviceToTheSameFieldRefusesNamingFieldAndDevice() {
    Node n = heph.add(NewNode.task("a"));
    edit(n.id(), "b", "2026-12-01");
    List<Hlc> titleHeads = heph.store().read(tx -> tx.heads(n.id(), Field.TITLE)).stream().map(e -> e.hlc()).toList();
    heph.applyRemote(List.of(new Op.Set(new Hlc(T0 + 100, 0, OTHER), n.id(), Field.TITLE, Value.text("c"),
        titleHeads)), "hub");
    int before = opCount();
    assertThatThrownBy(heph::undo).isInstanceOfSatisfying(UndoRefused.class, e -> {
      assertThat(e.code()).isEqualTo("later_change");
      assertThat(e.getMessage()).isEqualTo("cannot undo edit of 'c' (title, due): later changes touch title"
          + " (by device " + OTHER + "); nothing was changed");
    });
    assertThat(opCount()).isEqualTo(before);
    assertThat(heph.get(n.id()).title()).isEqualTo("c");
  }

  @Test
  void aLaterChangeToAnotherFieldOrTagDoesNotStandInTheWay() {
    Node n = heph.add(NewNode.task("a"));
    edit(n.id(), "b", null);
    tags(n.id(), List.of("x"), List.of());
    heph.applyRemote(List.of(
        new Op.Set(new Hlc(T0 + 100, 0, OTHER), n.id(), Field.DUE, Value.text("2026-12-24"), List.of()),
        new Op.Add(new Hlc(T0 + 101, 0, OTHER), n.id(), Field.TAGS, Value.text("y"))), "hub");
    assertThat(heph.undo().items()).extracting(Undone.Item::describe).containsExactly("edit of 'b' (tags)");
    assertThat(heph.undo().items()).extracting(Undone.Item::describe).containsExactly("edit of 'b' (title)");
    Node after = heph.get(n.id());
    assertThat(after.title()).isEqualTo("a");
    assertThat(after.tags()).containsExactly("y");
    assertThat(after.due()).isEqualTo("2026-12-24");
  }

  @Test
  void aLaterChangeToTheSameTagRefuses() {
    Node n = heph.add(NewNode.task("a"));
    tags(n.id(), List.of("x"), List.of());
    heph.applyRemote(List.of(new Op.Add(new Hlc(T0 + 100, 0, OTHER), n.id(), Field.TAGS, Value.text("x"))), "hub");
    assertThatThrownBy(heph::undo).isInstanceOfSatisfying(UndoRefused.class,
        e -> assertThat(e.getMessage()).contains("later changes touch tags (by device " + OTHER + ")"));
  }

  @Test
  void anyLaterChangeToANodeTheCommandCreatedRefuses() {
    Node n = heph.add(NewNode.task("a"));
    heph.applyRemote(List.of(new Op.Set(new Hlc(T0 + 100, 0, OTHER), n.id(), Field.PRIORITY, Value.text("H"),
        List.of())), "hub");
    assertThatThrownBy(heph::undo).isInstanceOfSatisfying(UndoRefused.class, e -> assertThat(e.getMessage())
        .isEqualTo("cannot undo add of 'a': later changes touch priority (by device " + OTHER + "); nothing was changed"));
    assertThat(heph.get(n.id()).deleted()).isFalse();
  }

  @Test
  void undoneCommandsAndUndosDoNotBlockTheUndoOfAnEarlierCommand() {
    Node n = heph.add(NewNode.task("a"));
    edit(n.id(), "b", null);
    edit(n.id(), "c", null);
    heph.undo();
    heph.undo();
    assertThat(heph.get(n.id()).title()).isEqualTo("a");
  }

  @Test
  void nothingToUndoOnAFreshReplicaOrForReceivedOps() {
    assertThatThrownBy(heph::undo).isInstanceOfSatisfying(UndoRefused.class, e -> {
      assertThat(e.code()).isEqualTo("nothing_to_undo");
      assertThat(e.getMessage()).startsWith("nothing to undo");
    });
    heph.applyRemote(List.of(new Op.Create(new Hlc(T0, 0, OTHER), "0193a2b4-0000-7000-8000-000000000001", "task")),
        "hub");
    assertThatThrownBy(heph::undo).as("ops from elsewhere are not this device's commands")
        .isInstanceOf(UndoRefused.class);
  }

  @Test
  void theJournalStillNamesACommandsOpsAfterARestampGaveThemNewHlcs() {
    clock.set(T0 + 86_400_000L); // the clock runs a day ahead while the command is made
    Node n = heph.add(NewNode.task("a"));
    edit(n.id(), "b", "2026-12-01");
    clock.set(T0);
    assertThat(heph.spokeStore().restamp(T0 + 60_000).ops()).isEqualTo(5);
    assertThat(heph.undo().items()).extracting(Undone.Item::describe).containsExactly("edit of 'b' (title, due)");
    Node back = heph.get(n.id());
    assertThat(back.title()).isEqualTo("a");
    assertThat(back.due()).isNull();
  }

  private Node udas(String id, java.util.Map<String, String> udas) {
    clock.advance(10);
    return heph.update(id, new Changes(null, null, null, null, null, null, null, null, null, null, null, null, null,
        udas));
  }

  @Test
  void aUdaGoesBackToItsValueAndAnotherDevicesValueForTheSameKeyRefuses() {
    Node n = heph.add(NewNode.task("t"));
    udas(n.id(), java.util.Map.of("client", "ACME", "estimate", "3"));
    udas(n.id(), java.util.Map.of("client", "Initech"));
    assertThat(heph.undo().items()).extracting(Undone.Item::describe).containsExactly("edit of 't' (udas)");
    assertThat(heph.get(n.id()).udas()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("client", "ACME",
        "estimate", "3"));
    heph.applyRemote(List.of(new Op.Add(new Hlc(T0 + 100, 0, OTHER), n.id(), Field.UDAS,
        new Value.Uda("estimate", "5"))), "hub");
    assertThatThrownBy(heph::undo).as("the other device wrote estimate, which the command set")
        .isInstanceOfSatisfying(UndoRefused.class, e -> assertThat(e.getMessage()).contains("udas (by device " + OTHER));
  }
}
