package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.NodeView.NodeAndJson;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.Value;
import dev.heph.core.store.StoreDump;
import dev.heph.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The use cases of one replica, through the {@link Heph} facade on a real SQLite file. */
class HephTest {

  /** 2026-05-28T20:26:40Z, a Thursday. */
  static final long T0 = 1_780_000_000_000L;
  static final NodeFilter ALL = new NodeFilter(true, null, null, null);

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

  /** Adds a node, then moves the clock on so that ids (and list order) follow creation order. */
  private Node add(NewNode spec) {
    Node n = heph.add(spec);
    clock.advance(1);
    return n;
  }

  private Node task(String title) {
    return add(NewNode.task(title));
  }

  private Node note(String title) {
    return add(new NewNode("note", title, null, List.of(), null, null, null));
  }

  private static Changes title(String t) {
    return new Changes(t, null, null, null, null, null, null);
  }

  private static Changes tags(List<String> add, List<String> remove) {
    return new Changes(null, null, null, null, null, add, remove);
  }

  private static List<String> ids(List<Node> nodes) {
    return nodes.stream().map(Node::id).toList();
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void addAndGet() {
    Node parent = note("Holiday");
    Node n = add(new NewNode(null, "  Buy milk  ", "two litres", List.of("home", "+shop", "home"), "tomorrow", "h",
        parent.id().substring(0, 12)));
    assertThat(n.kind()).isEqualTo("task");
    assertThat(n.title()).isEqualTo("Buy milk");
    assertThat(n.body()).isEqualTo("two litres");
    assertThat(n.status()).isEqualTo("open");
    assertThat(n.priority()).isEqualTo("H");
    assertThat(n.due()).isEqualTo("2026-05-29");
    assertThat(n.tags()).containsExactly("home", "shop");
    assertThat(n.links()).isEmpty();
    assertThat(n.parent()).isEqualTo(parent.id());
    assertThat(n.deleted()).isFalse();
    assertThat(n.conflicts()).isEmpty();
    assertThat(n.created()).isEqualTo(Instant.ofEpochMilli(T0 + 1));
    assertThat(n.updated()).isEqualTo(n.created());
    assertThat(n.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(heph.get(n.id())).isEqualTo(n);
    assertThat(heph.get(n.id().toUpperCase())).isEqualTo(n);
    assertThat(heph.get(n.id().substring(0, 20))).isEqualTo(n);

    assertThat(parent.kind()).isEqualTo("note");
    assertThat(parent.status()).isNull();
  }

  @Test
  void dueDatesInTheWordsPeopleUse() {
    assertThat(add(new NewNode("task", "a", null, null, "2026-12-01", null, null)).due()).isEqualTo("2026-12-01");
    assertThat(add(new NewNode("task", "b", null, null, "today", null, null)).due()).isEqualTo("2026-05-28");
    assertThat(add(new NewNode("task", "c", null, null, "+3d", null, null)).due()).isEqualTo("2026-05-31");
    assertThat(add(new NewNode("task", "d", null, null, "+2w", null, null)).due()).isEqualTo("2026-06-11");
    assertThat(add(new NewNode("task", "e", null, null, "fri", null, null)).due()).isEqualTo("2026-05-29");
    assertThat(add(new NewNode("task", "f", null, null, "Thursday", null, null)).due()).isEqualTo("2026-06-04");
  }

  @Test
  void todayIsTheDayWhereThePersonIs() {
    // 2026-05-28T20:26:40Z is already the 29th in Kiritimati (UTC+14) and still the 28th in Pago Pago.
    Instant at = Instant.ofEpochMilli(T0);
    for (var zoneAndDay : List.of(List.of("Pacific/Kiritimati", "2026-05-29"), List.of("Pacific/Pago_Pago", "2026-05-28"))) {
      java.time.Clock zoned = java.time.Clock.fixed(at, java.time.ZoneId.of(zoneAndDay.get(0)));
      try (Heph local = Heph.open(dir.resolve(zoneAndDay.get(0).replace('/', '-') + ".db"),
          new Heph.Options(zoned, Duration.ofMinutes(5)))) {
        assertThat(local.add(new NewNode("task", "t", null, null, "today", null, null)).due())
            .as(zoneAndDay.get(0)).isEqualTo(zoneAndDay.get(1));
      }
    }
    // And by default "today" is this machine's day, not UTC's.
    assertThat(Heph.Options.DEFAULTS.wallClock().getZone()).isEqualTo(java.time.ZoneId.systemDefault());
  }

  @Test
  void listFilters() {
    Node open = add(new NewNode("task", "open task", null, List.of("work"), null, null, null));
    Node doing = task("doing task");
    heph.update(doing.id(), new Changes(null, null, "doing", null, null, null, null));
    Node done = task("done task");
    heph.done(done.id());
    Node cancelled = task("cancelled task");
    heph.update(cancelled.id(), new Changes(null, null, "cancelled", null, null, null, null));
    Node noteWithTag = add(new NewNode("note", "a note", null, List.of("work"), null, null, null));
    Node deleted = add(new NewNode("task", "deleted task", null, List.of("work"), null, null, null));
    heph.delete(deleted.id());
    Node deletedDone = task("deleted done task");
    heph.done(deletedDone.id());
    heph.delete(deletedDone.id());

    assertThat(ids(heph.list(NodeFilter.LIVE))).containsExactly(open.id(), doing.id(), noteWithTag.id());
    assertThat(ids(heph.list(ALL))).containsExactly(open.id(), doing.id(), done.id(), cancelled.id(),
        noteWithTag.id(), deleted.id(), deletedDone.id());
    assertThat(ids(heph.list(new NodeFilter(false, "task", null, null)))).containsExactly(open.id(), doing.id());
    assertThat(ids(heph.list(new NodeFilter(false, "NOTE", null, null)))).containsExactly(noteWithTag.id());
    assertThat(ids(heph.list(new NodeFilter(true, "note", null, null)))).containsExactly(noteWithTag.id());
    assertThat(ids(heph.list(new NodeFilter(false, null, "done", null)))).containsExactly(done.id());
    assertThat(ids(heph.list(new NodeFilter(true, null, "done", null)))).containsExactly(done.id(), deletedDone.id());
    assertThat(ids(heph.list(new NodeFilter(false, null, "Doing", null)))).containsExactly(doing.id());
    assertThat(ids(heph.list(new NodeFilter(false, null, null, "work")))).containsExactly(open.id(), noteWithTag.id());
    assertThat(ids(heph.list(new NodeFilter(true, null, null, "+work"))))
        .containsExactly(open.id(), noteWithTag.id(), deleted.id());
    assertThat(ids(heph.list(new NodeFilter(false, "task", null, "work")))).containsExactly(open.id());
    assertThat(heph.list(new NodeFilter(true, null, null, "nope"))).isEmpty();

    List<Node> streamed = new ArrayList<>();
    heph.list(NodeFilter.LIVE, streamed::add);
    assertThat(streamed).isEqualTo(heph.list(NodeFilter.LIVE));

    assertThatThrownBy(() -> heph.list(new NodeFilter(false, "project", null, null)))
        .isInstanceOf(HephException.InvalidInput.class);
    assertThatThrownBy(() -> heph.list(new NodeFilter(false, null, "later", null)))
        .isInstanceOf(HephException.InvalidInput.class);
    assertThatThrownBy(() -> heph.list(new NodeFilter(false, null, null, "two words")))
        .isInstanceOf(HephException.InvalidInput.class);
  }

  @Test
  void updateEditsOnlyWhatChanged() {
    Node n = add(new NewNode("task", "draft", "some body", List.of("a"), "2026-06-01", "L", null));
    int ops = heph.history(n.id()).size();
    clock.advance(10);
    Node u = heph.update(n.id(), new Changes("final", "", "doing", "none", "m", List.of("b"), List.of("a")));
    assertThat(u.title()).isEqualTo("final");
    assertThat(u.body()).isNull();
    assertThat(u.status()).isEqualTo("doing");
    assertThat(u.due()).isNull();
    assertThat(u.priority()).isEqualTo("M");
    assertThat(u.tags()).containsExactly("b");
    assertThat(u.updated()).isEqualTo(Instant.ofEpochMilli(T0 + 11));
    assertThat(u.created()).isEqualTo(n.created());
    assertThat(heph.get(n.id())).isEqualTo(u);
    assertThat(heph.history(n.id())).hasSize(ops + 7);

    // Asking for what is already there writes nothing.
    Node same = heph.update(n.id(), new Changes("final", "", "doing", "", "M", List.of("b"), null));
    assertThat(same).isEqualTo(u);
    assertThat(heph.history(n.id())).hasSize(ops + 7);

    assertThatThrownBy(() -> heph.update(n.id(), new Changes(null, null, null, null, null, null, null)))
        .isInstanceOf(HephException.InvalidInput.class).hasMessageContaining("nothing to change");
  }

  @Test
  void doneDeleteAndRestore() {
    Node n = task("water plants");
    Node done = heph.done(n.id().substring(0, 9));
    assertThat(done.status()).isEqualTo("done");
    assertThat(heph.list(NodeFilter.LIVE)).isEmpty();

    Node other = note("garden care");
    Node gone = heph.delete(other.id());
    assertThat(gone.deleted()).isTrue();
    assertThat(heph.get(other.id()).deleted()).isTrue();
    assertThat(heph.list(NodeFilter.LIVE)).isEmpty();
    assertThat(ids(heph.list(ALL))).containsExactly(n.id(), other.id());
    assertThat(heph.search("garden")).isEmpty();
    int ops = heph.history(other.id()).size();
    heph.delete(other.id());
    assertThat(heph.history(other.id())).as("deleting twice writes nothing").hasSize(ops);

    Node back = heph.restore(other.id());
    assertThat(back.deleted()).isFalse();
    assertThat(ids(heph.list(NodeFilter.LIVE))).containsExactly(other.id());
    assertThat(ids(heph.search("garden"))).containsExactly(other.id());
    assertThat(back.title()).isEqualTo("garden care");
  }

  @Test
  void tags() {
    Node n = add(new NewNode("task", "tagged", null, List.of("x"), null, null, null));
    assertThat(heph.update(n.id(), tags(List.of("y", "+z", "x"), null)).tags()).containsExactly("x", "y", "z");
    assertThat(heph.update(n.id(), tags(null, List.of("y"))).tags()).containsExactly("x", "z");
    String before = StoreDump.canonical(heph.store());
    assertInvalidAndUnchanged(() -> heph.update(n.id(), tags(null, List.of("nope"))));
    assertInvalidAndUnchanged(() -> heph.update(n.id(), tags(List.of("q"), List.of("q"))));
    assertInvalidAndUnchanged(() -> heph.update(n.id(), tags(List.of("two words"), null)));
    assertInvalidAndUnchanged(() -> heph.update(n.id(), tags(List.of("a,b"), null)));
    assertInvalidAndUnchanged(() -> heph.update(n.id(), tags(List.of("+"), null)));
    // A failing part of an edit undoes the parts before it.
    assertInvalidAndUnchanged(() -> heph.update(n.id(), new Changes("renamed", null, null, null, null, null,
        List.of("nope"))));
    assertThat(StoreDump.canonical(heph.store())).isEqualTo(before);
    assertThat(heph.get(n.id()).title()).isEqualTo("tagged");
  }

  @Test
  void linkAndUnlink() {
    Node a = task("a");
    Node b = task("b");
    Node c = note("c");
    assertThat(heph.link(a.id(), b.id().substring(0, 20), null).links()).containsExactly(new Node.Link("related", b.id()));
    assertThat(heph.link(a.id(), b.id(), "blocks").links())
        .containsExactlyInAnyOrder(new Node.Link("related", b.id()), new Node.Link("blocks", b.id()));
    heph.link(a.id(), c.id(), "blocks");
    int ops = heph.history(a.id()).size();
    heph.link(a.id(), c.id(), "blocks");
    assertThat(heph.history(a.id())).as("linking twice writes nothing").hasSize(ops);
    assertThat(heph.get(b.id()).links()).isEmpty();

    assertThat(heph.unlink(a.id(), b.id(), "related").links())
        .containsExactlyInAnyOrder(new Node.Link("blocks", b.id()), new Node.Link("blocks", c.id()));
    assertThat(heph.unlink(a.id(), c.id(), null).links()).containsExactly(new Node.Link("blocks", b.id()));
    heph.link(a.id(), c.id(), "parent-of");
    heph.link(a.id(), c.id(), "see-also");
    assertThat(heph.unlink(a.id(), c.id(), null).links()).containsExactly(new Node.Link("blocks", b.id()));

    assertInvalidAndUnchanged(() -> heph.link(a.id(), a.id(), null));
    assertInvalidAndUnchanged(() -> heph.link(a.id(), b.id(), "two words"));
    assertInvalidAndUnchanged(() -> heph.unlink(a.id(), c.id(), null));
    assertInvalidAndUnchanged(() -> heph.unlink(a.id(), b.id(), "related"));
    assertThatThrownBy(() -> heph.link(a.id(), "ffffffff", null)).isInstanceOf(HephException.NotFound.class);
    assertThatThrownBy(() -> heph.link("ffffffff", a.id(), null)).isInstanceOf(HephException.NotFound.class);
  }

  @Test
  void searchFindsWordPrefixesInTitlesAndBodies() {
    Node milk = add(new NewNode("task", "Buy oat milk", null, List.of(), null, null, null));
    Node bread = add(new NewNode("task", "Bake bread", "needs milk and flour", List.of(), null, null, null));
    Node note = add(new NewNode("note", "Café opening hours", "Mondays closed", List.of(), null, null, null));

    assertThat(ids(heph.search("milk"))).containsExactlyInAnyOrder(milk.id(), bread.id());
    assertThat(ids(heph.search("mil"))).containsExactlyInAnyOrder(milk.id(), bread.id());
    assertThat(ids(heph.search("MILK flo"))).containsExactly(bread.id());
    assertThat(ids(heph.search("  oat   milk "))).containsExactly(milk.id());
    assertThat(ids(heph.search("café"))).containsExactly(note.id());
    assertThat(ids(heph.search("monday"))).containsExactly(note.id());
    assertThat(heph.search("ilk")).as("prefixes, not infixes").isEmpty();
    assertThat(heph.search("milk nothing")).isEmpty();

    // Edits are searchable at once; the old words are gone.
    heph.update(milk.id(), title("Buy soy drink"));
    assertThat(ids(heph.search("milk"))).containsExactly(bread.id());
    assertThat(ids(heph.search("soy"))).containsExactly(milk.id());
    heph.update(bread.id(), new Changes(null, "", null, null, null, null, null));
    assertThat(heph.search("flour")).isEmpty();

    // Search syntax in the words is taken literally.
    assertThat(heph.search("\"oat")).isEmpty();
    assertThat(heph.search("soy OR bread")).isEmpty();
    assertThat(ids(heph.search("soy AND drink"))).isEmpty();
    assertThat(heph.search("NOT")).isEmpty();
    assertThat(heph.search("title:soy")).isEmpty();

    assertThatThrownBy(() -> heph.search("   ")).isInstanceOf(HephException.InvalidInput.class);
  }

  @Test
  void searchWithOnlyPunctuationIsNotAStoreFailure() {
    task("Buy milk");
    for (String words : List.of("-", "*", "(", "\"", "'", ".", "c++", "-milk")) {
      try {
        heph.search(words);
      } catch (HephException e) {
        assertThat(e).as("search(%s)", words).isInstanceOf(HephException.InvalidInput.class);
      }
    }
  }

  @Test
  void historyListsANodesOpsOldestFirst() {
    Node n = add(new NewNode("task", "write report", null, List.of("work"), null, null, null));
    clock.advance(100);
    heph.update(n.id(), title("write the report"));
    heph.done(n.id());
    List<HistoryEntry> history = heph.history(n.id().substring(0, 8));
    assertThat(history).extracting(HistoryEntry::summary).containsExactly(
        "created task", "set title = \"write report\"", "set status = \"open\"", "added tags \"work\"",
        "set title = \"write the report\"", "set status = \"done\"");
    assertThat(history).extracting(HistoryEntry::hlc).isSorted().doesNotHaveDuplicates();
    assertThat(history).allSatisfy(e -> {
      assertThat(e.origin()).isEqualTo(heph.origin());
      assertThat(e.local()).isTrue();
      assertThat(Op.class.isInstance(dev.heph.core.op.OpReader.parse(e.opJson()))).isTrue();
      assertThat(dev.heph.core.op.OpReader.parse(e.opJson()).hlc().toString()).isEqualTo(e.hlc());
    });
    assertThat(history.getFirst().at()).isEqualTo(Instant.ofEpochMilli(T0));
    assertThat(history.getLast().at()).isEqualTo(Instant.ofEpochMilli(T0 + 101));

    // Ops received from elsewhere show as not local.
    Hlc remote = new Hlc(T0 + 200, 0, "fedcba9876543210");
    heph.applyRemote(List.of(new Op.Add(remote, n.id(), Field.TAGS, Value.text("shared"))), "hub");
    HistoryEntry last = heph.history(n.id()).getLast();
    assertThat(last.local()).isFalse();
    assertThat(last.origin()).isEqualTo("fedcba9876543210");
    assertThat(last.summary()).isEqualTo("added tags \"shared\"");
  }

  // ---------------------------------------------------------------------------------------------
  // Id prefixes

  @Test
  void prefixes() {
    Node a = task("a");
    assertThat(heph.get(a.id().substring(0, 8))).isEqualTo(a);
    assertThat(heph.get(" " + a.id() + " ")).isEqualTo(a);
    assertThatThrownBy(() -> heph.get("ffff")).isInstanceOf(HephException.NotFound.class)
        .hasMessageContaining("ffff");
    assertThatThrownBy(() -> heph.get(a.id() + "0")).isInstanceOf(HephException.NotFound.class);
    assertThatThrownBy(() -> heph.get("zz")).isInstanceOf(HephException.InvalidInput.class);
    assertThatThrownBy(() -> heph.get("")).isInstanceOf(HephException.InvalidInput.class);
    assertThatThrownBy(() -> heph.get("%")).isInstanceOf(HephException.InvalidInput.class);
  }

  @Test
  void nodesMadeInTheSameMillisecondShareAPrefixThatIsAmbiguous() {
    // The clock stands still: both ids start with the same 48-bit timestamp.
    Node a = heph.add(NewNode.task("first"));
    Node b = heph.add(NewNode.task("second"));
    assertThat(a.id().substring(0, 14)).isEqualTo(b.id().substring(0, 14));
    String prefix = a.id().substring(0, 8);
    String before = StoreDump.canonical(heph.store());
    assertThatThrownBy(() -> heph.get(prefix))
        .isInstanceOfSatisfying(HephException.AmbiguousId.class, e -> {
          assertThat(e.candidates()).containsExactlyInAnyOrder(a.id(), b.id());
          assertThat(e.code()).isEqualTo("ambiguous_id");
          assertThat(e.getMessage()).contains(prefix).contains(a.id()).contains(b.id());
        });
    assertThatThrownBy(() -> heph.update(prefix, title("x"))).isInstanceOf(HephException.AmbiguousId.class);
    assertThatThrownBy(() -> heph.done(prefix)).isInstanceOf(HephException.AmbiguousId.class);
    assertThatThrownBy(() -> heph.link(a.id(), prefix, null)).isInstanceOf(HephException.AmbiguousId.class);
    assertThat(StoreDump.canonical(heph.store())).isEqualTo(before);
    assertThat(heph.shortIdLength()).isGreaterThan(14);
    int n = heph.shortIdLength();
    assertThat(heph.get(a.id().substring(0, n))).isEqualTo(a);
    assertThat(heph.get(b.id().substring(0, n))).isEqualTo(b);
  }

  @Test
  void manyCandidatesAreListedUpToFive() {
    List<Op> creates = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      creates.add(new Op.Create(new Hlc(T0 - 1000, i, "fedcba9876543210"), "0193aaaa-0000-7000-8000-00000000000" + i,
          "task"));
    }
    assertThat(heph.applyRemote(creates, "hub")).isEqualTo(7);
    assertThatThrownBy(() -> heph.get("0193aaaa"))
        .isInstanceOfSatisfying(HephException.AmbiguousId.class, e -> assertThat(e.candidates()).containsExactly(
            "0193aaaa-0000-7000-8000-000000000001", "0193aaaa-0000-7000-8000-000000000002",
            "0193aaaa-0000-7000-8000-000000000003", "0193aaaa-0000-7000-8000-000000000004",
            "0193aaaa-0000-7000-8000-000000000005", "..."));
    assertThat(heph.get("0193aaaa-0000-7000-8000-000000000007").title()).isNull();
    assertThat(heph.shortIdLength()).isEqualTo(36);
  }

  @Test
  void aNodeWhoseCreateHasNotArrivedIsNotThereYet() {
    String id = "0193aaaa-0000-7000-8000-00000000000f";
    Hlc h = new Hlc(T0 - 1000, 1, "fedcba9876543210");
    heph.applyRemote(List.of(new Op.Set(h, id, Field.TITLE, Value.text("orphan words"), List.of())), "hub");
    assertThatThrownBy(() -> heph.get(id)).isInstanceOf(HephException.NotFound.class);
    assertThat(heph.list(ALL)).isEmpty();
    assertThat(heph.search("orphan")).isEmpty();
    heph.applyRemote(List.of(new Op.Create(new Hlc(T0 - 1000, 0, "fedcba9876543210"), id, "note")), "hub");
    assertThat(heph.get(id).title()).isEqualTo("orphan words");
    assertThat(ids(heph.search("orphan"))).containsExactly(id);
  }

  // ---------------------------------------------------------------------------------------------
  // Input errors: refused with InvalidInput, and nothing changes

  @Test
  void inputErrorsAreRefusedAndChangeNothing() {
    Node t = add(new NewNode("task", "a task", null, List.of("x"), "2026-06-01", "M", null));
    Node n = note("a note");

    assertInvalidAndUnchanged(() -> heph.add(NewNode.task("")));
    assertInvalidAndUnchanged(() -> heph.add(NewNode.task("   ")));
    assertInvalidAndUnchanged(() -> heph.add(NewNode.task(null)));
    assertInvalidAndUnchanged(() -> heph.add(NewNode.task("two\nlines")));
    assertInvalidAndUnchanged(() -> heph.add(new NewNode("task", "t", null, null, "2026-02-30", null, null)));
    assertInvalidAndUnchanged(() -> heph.add(new NewNode("task", "t", null, null, "2026-13-01", null, null)));
    assertInvalidAndUnchanged(() -> heph.add(new NewNode("task", "t", null, null, "someday", null, null)));
    assertInvalidAndUnchanged(() -> heph.add(new NewNode("task", "t", null, null, "+3x", null, null)));
    assertInvalidAndUnchanged(() -> heph.add(new NewNode("task", "t", null, null, null, "X", null)));
    assertInvalidAndUnchanged(() -> heph.add(new NewNode("task", "t", null, null, null, "high", null)));
    assertInvalidAndUnchanged(() -> heph.add(new NewNode("project", "t", null, null, null, null, null)));
    assertInvalidAndUnchanged(() -> heph.add(new NewNode("task", "t", null, List.of("ok", "not ok"), null, null, null)));

    assertInvalidAndUnchanged(() -> heph.update(t.id(), title("")));
    assertInvalidAndUnchanged(() -> heph.update(t.id(), new Changes(null, null, null, "31/12/2026", null, null, null)));
    assertInvalidAndUnchanged(() -> heph.update(t.id(), new Changes(null, null, null, null, "urgent", null, null)));
    assertInvalidAndUnchanged(() -> heph.update(t.id(), new Changes(null, null, "finished", null, null, null, null)));
    assertInvalidAndUnchanged(() -> heph.update(n.id(), new Changes(null, null, "done", null, null, null, null)));
    assertInvalidAndUnchanged(() -> heph.update(n.id(), new Changes("renamed", null, "open", null, null, null, null)));
    assertInvalidAndUnchanged(() -> heph.done(n.id()));

    assertInvalidAndUnchanged(() -> heph.resolve(t.id(), "title", "x", "001"));
    assertInvalidAndUnchanged(() -> heph.resolve(t.id(), "title", null, null));
    assertInvalidAndUnchanged(() -> heph.resolve(t.id(), "colour", "x", null));

    // Not found is not an input error, but it changes nothing either.
    String before = StoreDump.canonical(heph.store());
    assertThatThrownBy(() -> heph.add(new NewNode("task", "child", null, null, null, null, "ffffffff")))
        .isInstanceOf(HephException.NotFound.class);
    assertThatThrownBy(() -> heph.resolve(t.id(), "title", "x", null)).isInstanceOf(HephException.ConflictNotFound.class);
    assertThat(StoreDump.canonical(heph.store())).isEqualTo(before);

    assertThat(heph.get(t.id())).isEqualTo(t);
    assertThat(heph.get(n.id())).isEqualTo(n);
    assertThat(heph.list(ALL)).hasSize(2);
  }

  // ---------------------------------------------------------------------------------------------
  // The text bounds at their boundary: exactly the bound is accepted, one char more is refused

  @Test
  void aTitleOfExactlyTheBoundIsAcceptedAndOneMoreIsRefused() {
    String longest = "t".repeat(Inputs.MAX_TITLE);
    Node n = task(longest);
    assertThat(heph.get(n.id()).title()).isEqualTo(longest);
    assertThat(heph.update(n.id(), title(longest.replace('t', 'u'))).title()).hasSize(Inputs.MAX_TITLE);

    String tooLong = longest + "t";
    assertInvalidAndUnchanged(() -> heph.add(NewNode.task(tooLong)), "title is 1001 characters long; at most 1000");
    assertInvalidAndUnchanged(() -> heph.update(n.id(), title(tooLong)), "title is 1001 characters long");
  }

  @Test
  void everyFreeTextOfExactlyTheOpBoundIsAcceptedAndOneMoreIsRefused() {
    int max = Field.MAX_TEXT;
    String longest = "b".repeat(max);
    Node n = add(new NewNode("note", "bounds", longest, List.of(longest), null, null, null));
    Node other = task("other");
    assertThat(n.body()).isEqualTo(longest);
    assertThat(n.tags()).containsExactly(longest);
    assertThat(heph.update(n.id(), new Changes(null, longest.replace('b', 'c'), null, null, null,
        List.of(longest.replace('b', 'd')), null)).body()).hasSize(max);
    assertThat(heph.link(n.id(), other.id(), longest).links()).containsExactly(new Node.Link(longest, other.id()));

    String tooLong = longest + "b";
    String refusal = (max + 1) + " characters long; at most " + max + " are allowed";
    assertInvalidAndUnchanged(() -> heph.add(new NewNode("note", "t", tooLong, List.of(), null, null, null)),
        "body is " + refusal);
    assertInvalidAndUnchanged(() -> heph.add(new NewNode("note", "t", null, List.of(tooLong), null, null, null)),
        "tag is " + refusal);
    assertInvalidAndUnchanged(() -> heph.update(n.id(), new Changes(null, tooLong, null, null, null, null, null)),
        "body is " + refusal);
    assertInvalidAndUnchanged(() -> heph.update(n.id(), new Changes(null, null, null, null, null, List.of(tooLong),
        null)), "tag is " + refusal);
    assertInvalidAndUnchanged(() -> heph.link(n.id(), other.id(), tooLong), "link type is " + refusal);
  }

  @Test
  void aResolvingValueOfExactlyTheOpBoundIsAcceptedAndOneMoreIsRefused() {
    Node n = task("to resolve");
    // Two devices wrote the body concurrently (neither saw the other): a conflict.
    heph.applyRemote(List.of(
        new Op.Set(new Hlc(T0 - 100, 0, "fedcba9876543210"), n.id(), Field.BODY, Value.text("one"), List.of()),
        new Op.Set(new Hlc(T0 - 100, 0, "0123456789abcdef"), n.id(), Field.BODY, Value.text("two"), List.of())),
        "hub");
    assertThat(heph.get(n.id()).conflicts()).containsExactly("body");

    String tooLong = "r".repeat(Field.MAX_TEXT + 1);
    assertInvalidAndUnchanged(() -> heph.resolve(n.id(), "body", tooLong, null),
        "body is " + (Field.MAX_TEXT + 1) + " characters long");
    Node resolved = heph.resolve(n.id(), "body", tooLong.substring(1), null);
    assertThat(resolved.body()).hasSize(Field.MAX_TEXT);
    assertThat(resolved.conflicts()).isEmpty();
  }

  @Test
  void appendToBodyAddsAParagraphInOneOpAndRefusesAConflictedBody() {
    Node n = task("with notes");
    long ops = StoreDump.count(heph.store(), "ops");
    assertThat(heph.appendToBody(n.id(), "first\n", NodeView.NODE).body()).isEqualTo("first");
    clock.advance(1);
    assertThat(heph.appendToBody(n.id().substring(0, 20), "second\nline", NodeView.NODE).body())
        .isEqualTo("first\n\nsecond\nline");
    assertThat(StoreDump.count(heph.store(), "ops")).isEqualTo(ops + 2);
    assertThat(heph.history(n.id()).getLast().summary()).isEqualTo("set body = \"first\\n\\nsecond\\nline\"");

    assertInvalidAndUnchanged(() -> heph.appendToBody(n.id(), " \n", NodeView.NODE), "nothing to append");
    assertInvalidAndUnchanged(() -> heph.appendToBody(n.id(), "x".repeat(Field.MAX_TEXT), NodeView.NODE),
        "body is ");
    conflictOnBody(n.id(), 100);
    assertInvalidAndUnchanged(() -> heph.appendToBody(n.id(), "third", NodeView.NODE), "conflicting values");
  }

  private void assertInvalidAndUnchanged(ThrowingCallable call) {
    assertInvalidAndUnchanged(call, "");
  }

  private void assertInvalidAndUnchanged(ThrowingCallable call, String message) {
    String before = StoreDump.canonical(heph.store());
    long ops = StoreDump.count(heph.store(), "ops");
    assertThatThrownBy(call).isInstanceOf(HephException.InvalidInput.class).hasMessageContaining(message)
        .satisfies(e -> assertThat(((HephException) e).code()).isEqualTo("invalid_input"));
    assertThat(StoreDump.count(heph.store(), "ops")).isEqualTo(ops);
    assertThat(StoreDump.canonical(heph.store())).isEqualTo(before);
  }

  @Test
  void dataSurvivesClosingAndReopening() {
    Node n = add(new NewNode("task", "persist me", "body", List.of("k"), null, "L", null));
    String dump = StoreDump.canonical(heph.store());
    String origin = heph.origin();
    heph.close();
    heph = Heph.open(dir.resolve("heph.db"), new Heph.Options(clock, Duration.ofMinutes(5)));
    assertThat(heph.origin()).isEqualTo(origin);
    assertThat(heph.get(n.id())).isEqualTo(n);
    assertThat(StoreDump.canonical(heph.store())).isEqualTo(dump);
    // New ops continue after the old ones even though the wall clock went back.
    clock.set(T0 - 60_000);
    heph.update(n.id(), title("still later"));
    assertThat(heph.history(n.id())).extracting(HistoryEntry::hlc).isSorted();
    assertThat(heph.history(n.id()).getLast().summary()).isEqualTo("set title = \"still later\"");
  }

  /**
   * Every write returns the node in the shape its caller prints, read in the write's own
   * transaction: the JSON is byte for byte what a separate read gives afterwards, and the record
   * is the one {@link Heph#get} gives.
   */
  @Test
  void eachWriteReturnsTheJsonALaterReadGives() {
    NewNode spec = new NewNode("task", "ship \"it\" \\ ü", "body\twith\ncontrol\u0001", List.of("b", "a"),
        "2026-06-01", "H", null);
    String added = heph.add(spec, NodeView.JSON);
    String id = heph.list(new NodeFilter(true, null, null, null)).getFirst().id();
    assertThat(added).isEqualTo(heph.json(id)).contains("\"title\":\"ship \\\"it\\\" \\\\ ü\"");
    clock.advance(1);
    String other = heph.add(NewNode.task("other")).id();

    assertJsonSameAsLaterRead(id, heph.update(id, new Changes("renamed", null, null, "none", null, List.of("c"),
        List.of("a")), NodeView.JSON));
    assertBothSameAsLaterRead(id, heph.update(id, new Changes(null, "new body", null, null, "none", List.of(),
        List.of("b")), NodeView.NODE_AND_JSON));
    assertJsonSameAsLaterRead(id, heph.link(id, other, "blocks", NodeView.JSON));
    assertBothSameAsLaterRead(id, heph.link(id, other, "related", NodeView.NODE_AND_JSON));
    assertJsonSameAsLaterRead(id, heph.unlink(id, other, "blocks", NodeView.JSON));
    assertBothSameAsLaterRead(id, heph.unlink(id, other, null, NodeView.NODE_AND_JSON));
    assertJsonSameAsLaterRead(id, heph.done(id, NodeView.JSON));
    assertBothSameAsLaterRead(id, heph.done(id, NodeView.NODE_AND_JSON));
    assertJsonSameAsLaterRead(id, heph.delete(id, NodeView.JSON));
    assertBothSameAsLaterRead(id, heph.restore(id, NodeView.NODE_AND_JSON));
    assertBothSameAsLaterRead(id, heph.delete(id, NodeView.NODE_AND_JSON));
    assertJsonSameAsLaterRead(id, heph.restore(id, NodeView.JSON));
    assertJsonSameAsLaterRead(id, heph.get(id.substring(0, 24), NodeView.JSON));
    assertBothSameAsLaterRead(id, heph.get(id.substring(0, 24), NodeView.NODE_AND_JSON));

    conflictOnBody(id, 100);
    assertJsonSameAsLaterRead(id, heph.resolve(id, "body", "three", null, NodeView.JSON));
    assertThat(heph.json(id)).contains("\"conflicts\":[]");
    conflictOnBody(id, 50);
    assertBothSameAsLaterRead(id, heph.resolve(id, "body", "four", null, NodeView.NODE_AND_JSON));
    assertThat(heph.get(id).body()).isEqualTo("four");
  }

  /** Two devices wrote the body concurrently, neither seeing the other: a conflict. */
  private void conflictOnBody(String id, long ago) {
    clock.advance(1);
    heph.applyRemote(List.of(
        new Op.Set(new Hlc(clock.millis() - ago, 0, "fedcba9876543210"), id, Field.BODY, Value.text("one"), List.of()),
        new Op.Set(new Hlc(clock.millis() - ago, 0, "0123456789abcdef"), id, Field.BODY, Value.text("two"), List.of())),
        "hub");
    assertThat(heph.json(id)).contains("\"conflicts\":[\"body\"]");
  }

  private void assertJsonSameAsLaterRead(String id, String written) {
    assertThat(written).isEqualTo(heph.json(id));
    clock.advance(1);
  }

  private void assertBothSameAsLaterRead(String id, NodeAndJson written) {
    assertThat(written.json()).isEqualTo(heph.json(id));
    assertThat(written.node()).isEqualTo(heph.get(id));
    clock.advance(1);
  }
}
