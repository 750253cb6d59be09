package dev.heph.daemon.local;

import static dev.heph.testkit.Sqlite.opHlcs;
import static dev.heph.testkit.Sqlite.overwritePage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A replica with a damaged page, against a real hub (a server-mode hephd): {@code heph sync}
 * and a local-mode daemon both refuse to sync it, so the hub's op log stays exactly as it was and
 * nothing is pulled into the damaged file; the daemon says so in its status; and the recovery the
 * error message gives (a new file synced from the hub) works.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class DamagedReplicaTest {
  Path dir;
  DaemonProc hub;

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "dmg");
    hub = DaemonProc.server(dir.resolve("hub.db"));
  }

  @AfterAll
  void stop() throws IOException {
    if (hub != null) {
      hub.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A replica that synced once, then made one more op that it has not pushed. */
  private Path syncedReplicaWithUnpushedWork(String name) {
    Path db = dir.resolve(name + ".db");
    heph(db, "add", "Made on " + name).ok();
    heph(db, "sync", "--hub-url", hub.url()).ok();
    heph(db, "add", "Not pushed yet from " + name).ok();
    return db;
  }

  @Test
  void syncRefusesAKnownDamagedReplicaAndTheHubStaysAsItWas() {
    Path a = syncedReplicaWithUnpushedWork("a");
    Path b = syncedReplicaWithUnpushedWork("b");
    heph(b, "sync").ok(); // the hub now has an op that a has not pulled
    overwritePage(a, "nodes_by_due");
    List<String> hubBefore = opHlcs(hub.db);
    List<String> aBefore = opHlcs(a);

    HephCli.Result check = heph(a, "check", "--json");
    assertThat(check.code()).isEqualTo(1);
    assertThat(check.out()).startsWith("{\"ok\":false,");
    Path recovered = dir.resolve("a-recovered.db");
    assertThat(check.err()).contains("heph --db " + recovered + " sync --hub-url " + hub.url());

    HephCli.Result sync = heph(a, "sync");
    assertThat(sync.code()).isEqualTo(1);
    assertThat(sync.out()).isEmpty();
    assertThat(sync.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
        .startsWith("heph: refusing to sync " + a + ": it is known to be damaged")
        .contains("heph --db " + recovered + " sync --hub-url " + hub.url()));
    assertThat(opHlcs(hub.db)).as("the hub's op log after a damaged replica's sync").isEqualTo(hubBefore);
    assertThat(opHlcs(a)).as("nothing pulled into the damaged replica").isEqualTo(aBefore);

    // The advice works: a new file filled from the hub holds everything the hub had, and is healthy.
    heph(recovered, "sync", "--hub-url", hub.url()).ok();
    assertThat(opHlcs(recovered)).isEqualTo(hubBefore);
    assertThat(heph(recovered, "check").ok().out()).startsWith("ok: " + hubBefore.size() + " ops, ");
  }

  @Test
  void theDaemonFindsTheDamageAtStartStopsSyncingAndSaysSo() {
    Path c = syncedReplicaWithUnpushedWork("c");
    overwritePage(c, "nodes_by_due");
    List<String> hubBefore = opHlcs(hub.db);
    Path socket = dir.resolve("sc/hephd.sock");
    try (DaemonProc daemon = DaemonProc.local(c, socket, "--sync-interval", "1")) {
      Map<String, Object> sync = Map.of();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (System.nanoTime() < deadline) {
        sync = JsonTree.obj(JsonTree.obj(JsonTree.parse(
            Cli.run("daemon", "status", "--socket", socket.toString(), "--json").ok().out())).get("sync"));
        if (sync.get("damaged") != null && sync.get("last_attempt") != null) {
          break;
        }
        DaemonProc.sleep(200);
      }
      assertThat((String) sync.get("damaged")).as("daemon status of a damaged replica").contains("quick_check");
      assertThat(sync.get("last_check")).isNotNull();
      assertThat(sync.get("last_success")).isNull();
      assertThat((String) sync.get("last_error")).contains("known to be damaged");
      assertThat((Long) sync.get("failures")).as("no back-off: there is nothing to wait out").isZero();
      DaemonProc.sleep(2_500); // a few more due syncs (the interval is 1 s), each refused
      assertThat(opHlcs(hub.db)).as("the hub's op log while the damaged replica's daemon runs").isEqualTo(hubBefore);

      String text = Cli.run("daemon", "status", "--socket", socket.toString()).ok().out();
      assertThat(text).contains("DAMAGED:  ", "sync is stopped for this replica; recover by syncing from the hub",
          "--hub-url " + hub.url());
      assertThat(daemon.stderr()).contains("quick check of " + c).containsOnlyOnce("not syncing:");

      try (RpcConn rpc = daemon.connect()) {
        Map<String, Object> report = JsonTree.obj(rpc.result("check"));
        assertThat(report.keySet()).containsExactly("ok", "ops", "nodes", "problems");
        assertThat(report).containsEntry("ok", false);
        assertThat(RpcConn.dataCode(rpc.error("sync.now"))).isEqualTo("store_damaged");
      }
    }
  }

  @Test
  void theDaemonChecksAHealthyReplicaAndSyncs() {
    Path h = syncedReplicaWithUnpushedWork("h");
    Path socket = dir.resolve("sh/hephd.sock");
    try (DaemonProc daemon = DaemonProc.local(h, socket, "--sync-interval", "1")) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      Map<String, Object> sync = Map.of();
      while (System.nanoTime() < deadline && (sync.get("last_success") == null || sync.get("last_check") == null)) {
        sync = JsonTree.obj(JsonTree.obj(JsonTree.parse(
            Cli.run("daemon", "status", "--socket", socket.toString(), "--json").ok().out())).get("sync"));
        DaemonProc.sleep(200);
      }
      assertThat(sync.get("last_check")).isNotNull();
      assertThat(sync).containsEntry("damaged", null).containsEntry("pending_push", 0L);
      assertThat(daemon.stderr()).contains("quick check of " + h + ": ok");
      try (RpcConn rpc = daemon.connect()) {
        assertThat(JsonTree.obj(rpc.result("check"))).containsEntry("ok", true).containsEntry("problems", List.of());
      }
    }
  }

  private static HephCli.Result heph(Path db, String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db.toString()));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

}
