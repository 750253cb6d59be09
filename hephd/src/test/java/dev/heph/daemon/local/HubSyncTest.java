package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Two local-mode daemons on two databases (A and B) with one hub (a server-mode hephd), all real
 * processes: writes travel without anyone asking for a sync, concurrent edits become a conflict
 * that RPC lists and resolves, and a daemon killed with SIGKILL in the middle of a sync and
 * restarted loses nothing and converges.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class HubSyncTest {
  /** How long a change may take to reach the other replica (the interval is 2 s). */
  private static final long PROPAGATION_MILLIS = 10_000;

  Path dir;
  DaemonProc hub;
  DaemonProc a;
  DaemonProc b;

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "hd");
    hub = DaemonProc.server(dir.resolve("hub.db"));
    a = DaemonProc.launchLocal(dir.resolve("a.db"), dir.resolve("sa/hephd.sock"), "--hub-url", hub.url(),
        "--sync-interval", "2");
    b = DaemonProc.launchLocal(dir.resolve("b.db"), dir.resolve("sb/hephd.sock"), "--hub-url", hub.url(),
        "--sync-interval", "2");
    a.awaitReady();
    b.awaitReady();
  }

  @AfterAll
  void stop() throws IOException {
    for (DaemonProc d : new DaemonProc[] {a, b, hub}) {
      if (d != null) {
        d.close();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void aCliWriteOnOneReplicaReachesTheOtherWithoutAnExplicitSync() {
    Map<String, Object> added = JsonTree.obj(JsonTree.parse(Cli.run("--db", a.db.toString(), "add",
        "Written by the CLI on A", "--tag", "hop", "--json").ok().out()));
    long t0 = System.nanoTime();
    String id = (String) added.get("id");
    try (RpcConn onB = b.connect(); RpcConn onA = a.connect()) {
      await("the CLI's node on B", () -> onB.call("node.get", JsonTree.map("id", id)).containsKey("result"));
      long millis = (System.nanoTime() - t0) / 1_000_000;
      System.out.println("[HubSyncTest] CLI write on A visible over RPC on B after " + millis + " ms");
      assertThat(onB.node("node.get", "id", id)).isEqualTo(added);

      // and the other way: an RPC write on B reaches A, where the CLI sees it too
      Map<String, Object> fromB = onB.node("node.create", "title", "Written over RPC on B", "tags", List.of("hop"));
      long t1 = System.nanoTime();
      await("B's node on A", () -> onA.call("node.get", JsonTree.map("id", fromB.get("id"))).containsKey("result"));
      System.out.println("[HubSyncTest] RPC write on B visible over RPC on A after "
          + (System.nanoTime() - t1) / 1_000_000 + " ms");
      List<Map<String, Object>> cliList = JsonTree.objs(JsonTree.parse(Cli.run("--db", a.db.toString(), "list",
          "--json", "--tag", "hop").ok().out()));
      assertThat(cliList).containsExactly(added, fromB);
    }
  }

  @Test
  void concurrentEditsBecomeAConflictThatRpcListsAndResolves() {
    try (RpcConn onA = a.connect(); RpcConn onB = b.connect()) {
      String id = (String) onA.node("node.create", "title", "Original title", "tags", List.of("clash")).get("id");
      await("the node on B", () -> onB.call("node.get", JsonTree.map("id", id)).containsKey("result"));

      // Two edits a few milliseconds apart, neither having seen the other: concurrent by causality.
      onA.node("node.update", "id", id, "title", "Title from A");
      onB.node("node.update", "id", id, "title", "Title from B");

      await("the conflict on A and on B", () -> conflictOn(onA, id) != null && conflictOn(onB, id) != null);
      for (RpcConn c : List.of(onA, onB)) {
        Map<String, Object> conflict = conflictOn(c, id);
        assertThat(conflict.keySet()).containsExactly("id", "title", "field", "values");
        assertThat(conflict).containsEntry("field", "title");
        List<Map<String, Object>> values = JsonTree.objs(conflict.get("values"));
        assertThat(values).hasSize(2);
        values.forEach(v -> assertThat(v.keySet()).containsExactly("hlc", "origin", "at", "value"));
        assertThat(values).extracting(v -> v.get("value")).containsExactlyInAnyOrder("Title from A", "Title from B");
        assertThat(c.node("node.get", "id", id)).containsEntry("conflicts", List.of("title"));
      }

      List<Map<String, Object>> values = JsonTree.objs(conflictOn(onB, id).get("values"));
      String hlcOfA = (String) values.stream().filter(v -> v.get("value").equals("Title from A")).findFirst()
          .orElseThrow().get("hlc");
      assertThat(onB.error("conflicts.resolve", "id", id, "field", "title", "pick", "ffffffffffff"))
          .containsEntry("code", -32004L);
      assertThat(onB.error("conflicts.resolve", "id", id, "field", "title", "pick", hlcOfA, "value", "both"))
          .containsEntry("code", -32003L);
      Map<String, Object> resolved = onB.node("conflicts.resolve", "id", id, "field", "title", "pick", hlcOfA);
      assertThat(resolved).containsEntry("title", "Title from A").containsEntry("conflicts", List.of());
      assertThat(conflictOn(onB, id)).isNull();

      await("the resolution on A", () -> conflictOn(onA, id) == null
          && onA.node("node.get", "id", id).get("title").equals("Title from A"));
      assertThat(onA.node("node.get", "id", id)).containsEntry("conflicts", List.of());
    }
  }

  @Test
  void syncNowReturnsItsReportAndSyncStatusTheState() {
    try (RpcConn onA = a.connect()) {
      Map<String, Object> report = JsonTree.obj(onA.result("sync.now"));
      assertThat(report.keySet()).containsExactly("hub", "pulled", "applied", "pushed", "reset");
      assertThat(report).containsEntry("hub", hub.url()).containsEntry("reset", false);

      Map<String, Object> status = JsonTree.obj(onA.result("sync.status"));
      SocketRpcTest.assertSyncStatusShape(status);
      assertThat(status).containsEntry("enabled", true).containsEntry("hub_url", hub.url())
          .containsEntry("last_error", null).containsEntry("failures", 0L).containsEntry("pending_push", 0L);
      assertThat(Instant.parse((String) status.get("last_success"))).isBefore(Instant.now().plusSeconds(1));
      assertThat(Instant.parse((String) status.get("next_sync"))).isAfter(Instant.parse((String) status.get("last_success")));
      assertThat(JsonTree.obj(status.get("cursor"))).containsEntry("hub_id", hub.hubId());
      assertThat((Long) JsonTree.obj(status.get("cursor")).get("pull_seq")).isPositive();

      Map<String, Object> daemon = JsonTree.obj(onA.result("daemon.status"));
      assertThat(JsonTree.obj(daemon.get("sync"))).containsEntry("hub_url", hub.url()).containsEntry("enabled", true);
    }
    HephCli.Result text = Cli.run("daemon", "status", "--socket", a.socket.toString()).ok();
    assertThat(text.out()).contains("hub:      " + hub.url()).doesNotContain("last sync: never")
        .contains("waiting to push: ")
        // local time to the minute and how long ago, as every human view prints instants; not ISO-8601
        .containsPattern("last sync: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\((just now|\\d+[smh] ago)\\)")
        .containsPattern("next sync \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\((just now|in \\d+[sm]|\\d+[sm] ago)\\)")
        .doesNotContainPattern("\\d\\dT\\d\\d:");
  }

  @Test
  void aDaemonKilledMidSyncAndRestartedLosesNothingAndConverges() throws Exception {
    // Enough on the hub that a new replica's first sync takes a while.
    int bulk = 1500;
    long t0 = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        int writer = w;
        writers.add(pool.submit(() -> {
          try (RpcConn c = a.connect()) {
            for (int i = 0; i < bulk / 3; i++) {
              c.node("node.create", "title", "bulk " + writer + "/" + i, "tags", List.of("bulk"), "body",
                  "some text to make the op a little longer than a title alone");
            }
          }
        }));
      }
      for (Future<?> f : writers) {
        f.get();
      }
    }
    try (RpcConn onA = a.connect()) {
      assertThat(JsonTree.obj(onA.result("sync.now"))).containsEntry("reset", false);
    }
    System.out.println("[HubSyncTest] " + bulk + " nodes made on A and pushed in " + (System.nanoTime() - t0) / 1_000_000
        + " ms");

    Path cDb = dir.resolve("c.db");
    Path cSocket = dir.resolve("sc/hephd.sock");
    String[] cArgs = {"--hub-url", hub.url(), "--sync-interval", "2"};
    Set<String> madeOnC = new HashSet<>();
    boolean midSync;
    DaemonProc c = DaemonProc.local(cDb, cSocket, cArgs);
    try (RpcConn onC = c.connect()) {
      // Its first sync started with the daemon; write locally meanwhile, then kill it.
      for (int i = 0; i < 20; i++) {
        madeOnC.add((String) onC.node("node.create", "title", "made on C #" + i, "tags", List.of("c-local")).get("id"));
      }
      Map<String, Object> status = JsonTree.obj(onC.result("sync.status"));
      midSync = status.get("last_attempt") != null && status.get("last_success") == null;
      c.kill();
    }
    System.out.println("[HubSyncTest] C killed with SIGKILL " + (midSync ? "during its first sync"
        : "after its first sync had finished (the kill was not mid-sync this time)"));
    assertThat(cSocket).exists();

    DaemonProc restarted = DaemonProc.local(cDb, cSocket, cArgs);
    try (RpcConn onA = a.connect(); RpcConn onB = b.connect(); RpcConn onC = restarted.connect()) {
      // Nothing C acknowledged was lost by the kill.
      Set<Object> onCNow = new HashSet<>(SocketRpcTest.ids(onC.nodes("node.list", "tag", "c-local")));
      assertThat(onCNow).containsAll(madeOnC);

      await("A, B and C to converge", 30_000, () -> {
        List<Map<String, Object>> la = onA.nodes("node.list", "all", true);
        return la.size() >= bulk + madeOnC.size() && shared(la).equals(shared(onB.nodes("node.list", "all", true)))
            && shared(la).equals(shared(onC.nodes("node.list", "all", true)));
      });
      List<Map<String, Object>> all = onC.nodes("node.list", "all", true);
      assertThat(all.stream().filter(n -> n.get("tags").equals(List.of("bulk"))).count()).isEqualTo(bulk);
      assertThat(SocketRpcTest.ids(onA.nodes("node.list", "tag", "c-local"))).containsExactlyInAnyOrderElementsOf(
          madeOnC);
      await("C's backlog pushed", () -> ((Long) JsonTree.obj(onC.result("sync.status")).get("pending_push")) == 0);
    } finally {
      restarted.close();
    }
  }

  private static Map<String, Object> conflictOn(RpcConn c, String id) {
    return JsonTree.objs(c.result("conflicts.list")).stream().filter(x -> id.equals(x.get("id"))).findFirst()
        .orElse(null);
  }

  private static void await(String what, BooleanSupplier condition) {
    await(what, PROPAGATION_MILLIS, condition);
  }

  private static void await(String what, long millis, BooleanSupplier condition) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + millis + " ms for " + what);
      }
      DaemonProc.sleep(100);
    }
  }

  /** The nodes as every replica holds them: less "num", the working-set number each device gives on its own. */
  private static Set<Map<String, Object>> shared(List<Map<String, Object>> nodes) {
    Set<Map<String, Object>> out = new HashSet<>();
    for (Map<String, Object> n : nodes) {
      Map<String, Object> copy = new java.util.LinkedHashMap<>(n);
      copy.remove("num");
      out.add(copy);
    }
    return out;
  }
}
