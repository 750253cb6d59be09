package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.Changes;
import dev.heph.core.Heph;
import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5, end to end on real processes: a real {@code hephd --mode server} on an ephemeral
 * loopback port and three replicas (database files) driven by the real {@code heph} CLI.
 * Propagation of new nodes, edits, tags and deletes; a divergent edit listed as a conflict
 * everywhere and resolved once; an op made offline that reaches the hub after its peers pulled
 * later ops.
 */
@Timeout(180)
class SyncPropagationTest {
  @TempDir Path dir;
  HubProcess hub;
  HephCli cli;
  Replica a;
  Replica b;
  Replica c;

  @BeforeEach
  void start() {
    hub = HubProcess.start(dir.resolve("hub.db"));
    cli = new HephCli(dir);
    a = new Replica("a", dir, cli);
    b = new Replica("b", dir, cli);
    c = new Replica("c", dir, cli);
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void nodesEditsTagsAndDeletesPropagateThroughTheHub() {
    String milk = a.add("Buy milk", "--tag", "home", "--priority", "H");
    String notes = a.add("--note", "Meeting notes", "--body", "Ship on Friday");
    String call = b.add("Call mom", "--due", "2030-01-02");
    long aOwn = Sqlite.ownOpCount(a.db);
    long bOwn = Sqlite.ownOpCount(b.db);

    // First syncs name the hub; each pushes exactly its own ops and pulls what is there.
    Map<String, Object> ra = a.sync(hub.url());
    assertThat(ra).containsEntry("hub", hub.url()).containsEntry("pulled", 0L).containsEntry("pushed", aOwn)
        .containsEntry("reset", false);
    Map<String, Object> rb = b.sync(hub.url());
    assertThat(rb).containsEntry("pulled", aOwn).containsEntry("applied", aOwn).containsEntry("pushed", bOwn);
    Map<String, Object> rc = c.sync(hub.url() + "/"); // a trailing slash is fine
    assertThat(rc).containsEntry("hub", hub.url()).containsEntry("pulled", aOwn + bOwn).containsEntry("applied", aOwn + bOwn)
        .containsEntry("pushed", 0L);
    // Later syncs use the URL remembered in each database. No op goes back to the hub it came
    // from. (A pulls its own pushed ops back once, since its pull cursor was set before it pushed;
    // they are nothing new to it.)
    assertThat(a.sync(null)).containsEntry("applied", bOwn).containsEntry("pushed", 0L);
    assertThat(b.sync(null)).containsEntry("applied", 0L).containsEntry("pushed", 0L);
    assertThat(assertConverged(a, b, c)).extracting(n -> n.get("id")).containsExactlyInAnyOrder(milk, notes, call);

    // Edits, tags, a delete, a status change and a new node, each made on a different replica.
    b.edit(milk, "--title", "Buy oat milk", "--tag", "errand", "--untag", "home");
    c.run("rm", notes).ok();
    a.run("done", call).ok();
    String fromC = c.add("From C", "--tag", "c");

    syncAll(a, b, c);
    syncAll(a, b, c);
    List<Map<String, Object>> nodes = assertConverged(a, b, c);
    assertThat(node(nodes, milk)).containsEntry("title", "Buy oat milk").containsEntry("tags", List.of("errand"))
        .containsEntry("priority", "H");
    assertThat(node(nodes, notes)).containsEntry("deleted", true).containsEntry("body", "Ship on Friday");
    assertThat(node(nodes, call)).containsEntry("status", "done").containsEntry("due", "2030-01-02");
    assertThat(node(nodes, fromC)).containsEntry("title", "From C").containsEntry("tags", List.of("c"));
    // The default list (not done, not deleted) agrees too.
    String live = a.run("list", "--json").ok().out();
    assertThat(Json.objects(Json.parse(live))).extracting(n -> n.get("id")).containsExactlyInAnyOrder(milk, fromC);
    assertThat(c.run("list", "--json").ok().out()).isEqualTo(live);

    // Quiet now: nothing to pull, nothing to push.
    for (Replica r : List.of(a, b, c)) {
      assertThat(r.sync(null)).as("quiet sync of %s", r).containsEntry("pulled", 0L).containsEntry("pushed", 0L)
          .containsEntry("reset", false);
    }

    // The hub holds every op once and materializes the same state as any replica.
    assertThat(hub.stop()).as("hephd exit code on SIGTERM; log: %s", hub.log()).isZero();
    assertThat(Sqlite.opHlcs(hub.db())).isEqualTo(Sqlite.opHlcs(a.db)).isEqualTo(Sqlite.opHlcs(b.db))
        .isEqualTo(Sqlite.opHlcs(c.db));
    Replica hubAsReplica = new Replica("hub", dir, cli);
    assertThat(Json.withoutNums(hubAsReplica.listAll())).isEqualTo(Json.withoutNums(a.listAll()));
  }

  @Test
  void aDivergentEditIsAConflictOnEveryReplicaAndOneResolutionSettlesItEverywhere() {
    String first = a.add("Original one");
    String second = a.add("Original two");
    a.sync(hub.url());
    b.sync(hub.url());
    c.sync(hub.url());

    // Offline, two replicas edit the same field of the same node, twice over.
    a.edit(first, "--title", "One from A");
    b.edit(first, "--title", "One from B");
    b.edit(second, "--title", "Two from B");
    c.edit(second, "--title", "Two from C");
    // The fewest syncs that bring everything everywhere: A and B then pull what C pushed last.
    syncAll(a, b, c, a, b);

    String conflicts = a.conflicts();
    assertThat(b.conflicts()).isEqualTo(conflicts);
    assertThat(c.conflicts()).isEqualTo(conflicts);
    List<Map<String, Object>> list = Json.objects(Json.parse(conflicts));
    assertThat(list).extracting(x -> x.get("id"), x -> x.get("field"))
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(first, "title"),
            org.assertj.core.groups.Tuple.tuple(second, "title"));
    Map<String, Object> onFirst = list.stream().filter(x -> x.get("id").equals(first)).findFirst().orElseThrow();
    List<Map<String, Object>> values = Json.objects(onFirst.get("values"));
    assertThat(values).extracting(v -> v.get("value")).containsExactlyInAnyOrder("One from A", "One from B");
    List<Map<String, Object>> before = assertConverged(a, b, c);
    assertThat(node(before, first).get("conflicts")).isEqualTo(List.of("title"));
    assertThat(node(before, second).get("conflicts")).isEqualTo(List.of("title"));
    // Pick the value that is NOT shown (the older hlc), so last-writer-wins alone could not produce it.
    Map<String, Object> older = values.stream().min((x, y) -> ((String) x.get("hlc")).compareTo((String) y.get("hlc")))
        .orElseThrow();
    assertThat(older.get("value")).isNotEqualTo(node(before, first).get("title"));

    // Resolved once each: the first by picking on A, the second with a new value on C. The
    // others learn it by sync alone.
    a.run("conflicts", "resolve", first, "title", "--pick", (String) older.get("hlc")).ok();
    c.run("conflicts", "resolve", second, "title", "--value", "Two, settled").ok();
    syncAll(a, c, b, a);

    for (Replica r : List.of(a, b, c)) {
      assertThat(r.conflicts()).as("conflicts --json on %s", r).isEqualTo("[]\n");
    }
    List<Map<String, Object>> after = assertConverged(a, b, c);
    assertThat(node(after, first)).containsEntry("title", older.get("value")).containsEntry("conflicts", List.of());
    assertThat(node(after, second)).containsEntry("title", "Two, settled").containsEntry("conflicts", List.of());
  }

  @Test
  void anOpMadeOfflineReachesEveryPeerAfterTheyPulledLaterOps() {
    String shared = a.add("Shared");
    a.sync(hub.url());
    b.sync(hub.url());
    c.sync(hub.url());

    // A works offline: a new node and a tag on the shared one. It does not sync yet.
    long ownBefore = Sqlite.ownOpCount(a.db);
    String offline = a.add("Written offline");
    a.edit(shared, "--tag", "offline");
    String newestOfA = Sqlite.strings(a.db, "SELECT max(hlc) FROM ops").getFirst();

    // Meanwhile B and C make later ops, sync them, and pull each other's: their pull cursors move
    // past ops whose hlcs are later than everything A made offline.
    String fromB = b.add("Later on B");
    b.edit(shared, "--title", "Shared, renamed by B");
    b.sync(null);
    String fromC = c.add("Later on C");
    c.sync(null);
    b.sync(null);
    List<String> laterOps = Sqlite.strings(hub.db(), "SELECT hlc FROM ops ORDER BY hlc");
    assertThat(laterOps.getLast()).as("newest op at the hub").isGreaterThan(newestOfA);

    // A comes back online. Its old ops get new (higher) hub seqs even though their hlcs are older.
    Map<String, Object> back = a.sync(null);
    assertThat(back).containsEntry("pushed", Sqlite.ownOpCount(a.db) - ownBefore).containsEntry("reset", false);
    long seqOfOffline = Sqlite.number(hub.db(), "SELECT max(seq) FROM ops WHERE hlc <= '" + newestOfA + "'");
    long seqOfLater = Sqlite.number(hub.db(), "SELECT max(seq) FROM ops WHERE node IN ('" + fromB + "','" + fromC + "')");
    assertThat(seqOfOffline).as("hub seq of A's offline ops vs B's and C's later ones").isGreaterThan(seqOfLater);

    // B and C get them on their next sync although their cursors had passed later hlcs.
    long pushedByA = Sqlite.ownOpCount(a.db) - ownBefore;
    assertThat(b.sync(null)).containsEntry("applied", pushedByA);
    assertThat(c.sync(null)).containsEntry("applied", pushedByA);
    List<Map<String, Object>> nodes = assertConverged(a, b, c);
    assertThat(node(nodes, offline)).containsEntry("title", "Written offline");
    assertThat(node(nodes, shared)).containsEntry("title", "Shared, renamed by B")
        .containsEntry("tags", List.of("offline"));
    assertThat(Sqlite.opHlcs(b.db)).isEqualTo(Sqlite.opHlcs(a.db)).isEqualTo(Sqlite.opHlcs(c.db))
        .isEqualTo(Sqlite.opHlcs(hub.db()));
  }

  @Test
  void anEditMadeAfterASyncSupersedesWhatWasPulledEvenOnADeviceWhoseClockIsBehind() {
    String shared = a.add("Shared");
    a.sync(hub.url());
    b.sync(hub.url());
    b.edit(shared, "--title", "Renamed by B");
    b.sync(null);
    a.sync(null);
    String pulled = Sqlite.strings(a.db, "SELECT max(hlc) FROM ops").getFirst();

    // A's wall clock is ten minutes behind (in-process, with a clock offset); the edit it makes
    // after having pulled B's must still come later in hlc order, so it wins without a conflict.
    try (Heph slow = Heph.open(a.db, new Heph.Options(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)),
        Duration.ofMinutes(5)))) {
      slow.update(shared, new Changes("Renamed by A afterwards", null, null, null, null, null, null));
    }
    String mine = Sqlite.strings(a.db, "SELECT max(hlc) FROM ops").getFirst();
    assertThat(mine).as("hlc of the edit made after the pull").isGreaterThan(pulled);

    a.sync(null);
    b.sync(null);
    assertThat(node(assertConverged(a, b), shared)).containsEntry("title", "Renamed by A afterwards")
        .containsEntry("conflicts", List.of());
  }

  @Test
  void concurrentSyncsOfSeveralReplicasAndOfOneReplicaTwiceConverge() {
    String fromA = a.add("From A");
    String fromB = b.add("From B");
    String fromC = c.add("From C", "--tag", "c");
    // Two rounds, each with every sync running at once (A twice): after the first, every op is
    // at the hub; after the second, every replica has pulled it.
    for (int round = 0; round < 2; round++) {
      List<HephCli.Running> all = new java.util.ArrayList<>();
      for (Replica r : List.of(a, a, b, c)) {
        all.add(cli.start(r.db, "sync", "--hub-url", hub.url(), "--json"));
      }
      for (HephCli.Running run : all) {
        HephCli.await(run).ok();
      }
    }
    List<Map<String, Object>> nodes = assertConverged(a, b, c);
    assertThat(nodes).extracting(n -> n.get("id")).containsExactlyInAnyOrder(fromA, fromB, fromC);
    // Every op once at the hub; ops that raced in twice were stored once.
    assertThat(Sqlite.opHlcs(hub.db())).isEqualTo(Sqlite.opHlcs(a.db)).doesNotHaveDuplicates();
    assertThat(Sqlite.opCount(hub.db())).isEqualTo(Sqlite.ownOpCount(a.db) + Sqlite.ownOpCount(b.db)
        + Sqlite.ownOpCount(c.db));
  }

  /**
   * A text value of 1.5 million characters is accepted by the local store (no bound there), so it
   * must also travel: the hub must not refuse it for ever, which would block every later op of
   * that replica behind it.
   */
  @Test
  void theLargestBodyAReplicaAcceptsSyncsAndALargerOneIsRefusedAtTheSource() {
    String largest = "0123456789abcdef".repeat(dev.heph.core.op.Field.MAX_TEXT / 16);
    String id;
    try (Heph heph = Heph.open(a.db)) {
      assertThatThrownBy(() -> heph.add(new dev.heph.core.NewNode("note", "Too big", largest + "x", List.of(), null,
          null, null))).isInstanceOf(dev.heph.core.HephException.InvalidInput.class).hasMessageContaining("at most");
      id = heph.add(new dev.heph.core.NewNode("note", "Big", largest, List.of(), null, null, null)).id();
    }
    String later = a.add("Made after the big note");
    HephCli.Result r = a.run("sync", "--hub-url", hub.url(), "--json");
    assertThat(r.code()).as("sync of a replica holding a big note; stderr: %s", r.err()).isZero();
    b.sync(hub.url());
    List<Map<String, Object>> nodes = assertConverged(a, b);
    assertThat(node(nodes, id).get("body")).isEqualTo(largest);
    assertThat(node(nodes, later)).containsEntry("title", "Made after the big note");
  }


  /** Syncs each replica once, in order, with the remembered hub URL. */
  static void syncAll(Replica... replicas) {
    for (Replica r : replicas) {
      r.sync(null);
    }
  }

  /** {@code list --all --json} is byte-identical on all replicas; returns its nodes. */
  static List<Map<String, Object>> assertConverged(Replica... replicas) {
    String list = Json.withoutNums(replicas[0].listAll());
    for (int i = 1; i < replicas.length; i++) {
      assertThat(Json.withoutNums(replicas[i].listAll())).as("list --all --json of %s vs %s", replicas[i], replicas[0]).isEqualTo(list);
    }
    return Json.objects(Json.parse(list));
  }

  /** The node with this id. */
  static Map<String, Object> node(List<Map<String, Object>> nodes, String id) {
    return nodes.stream().filter(n -> id.equals(n.get("id"))).findFirst()
        .orElseThrow(() -> new AssertionError("no node " + id + " in " + nodes));
  }
}
