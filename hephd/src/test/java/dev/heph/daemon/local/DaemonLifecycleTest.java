package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.ChildJvm;
import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * hephd local mode as a process: a stale socket is replaced, a second daemon on the same database
 * or socket is refused, SIGTERM stops it with exit code 0 and removes the socket,
 * {@code heph daemon status} tells running from not running, and an unreachable hub is reported.
 */
@Timeout(120)
class DaemonLifecycleTest {
  Path dir;
  final List<DaemonProc> started = new ArrayList<>();

  @BeforeEach
  void makeDir() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "hd");
  }

  @AfterEach
  void cleanUp() throws IOException {
    started.forEach(DaemonProc::close);
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private DaemonProc local(Path db, Path socket, String... extra) {
    DaemonProc d = DaemonProc.launchLocal(db, socket, extra);
    started.add(d);
    return d.awaitReady();
  }

  private DaemonProc launch(Path db, Path socket, String... extra) {
    DaemonProc d = DaemonProc.launchLocal(db, socket, extra);
    started.add(d);
    return d;
  }

  @Test
  void aStaleSocketFromAKilledDaemonIsReplaced() {
    Path db = dir.resolve("a.db");
    Path socket = dir.resolve("s/hephd.sock");
    DaemonProc first = local(db, socket);
    String id;
    try (RpcConn c = first.connect()) {
      id = (String) c.node("node.create", "title", "Before the crash").get("id");
    }
    first.kill();
    assertThat(socket).as("SIGKILL leaves the socket file behind").exists();

    DaemonProc second = local(db, socket);
    try (RpcConn c = second.connect()) {
      assertThat(JsonTree.obj(c.result("daemon.status"))).containsEntry("pid", second.pid());
      assertThat(c.node("node.get", "id", id)).containsEntry("title", "Before the crash");
    }
    assertThat(second.stderr()).doesNotContain("Exception");
  }

  @Test
  void aSecondDaemonOnTheSameDatabaseOrTheSameSocketIsRefused() {
    Path db = dir.resolve("a.db");
    Path socket = dir.resolve("s/hephd.sock");
    DaemonProc live = local(db, socket);

    DaemonProc sameDb = launch(db, dir.resolve("s2/hephd.sock"));
    assertThat(sameDb.awaitExit(60)).as("exit code; stderr: %s", sameDb.stderr()).isEqualTo(1);
    assertThat(sameDb.stderr()).contains("another hephd (pid " + live.pid() + ") is already serving "
        + db.toAbsolutePath());
    assertThat(sameDb.stdout()).doesNotContain("serving");
    assertThat(dir.resolve("s2/hephd.sock")).doesNotExist();

    DaemonProc sameSocket = launch(dir.resolve("b.db"), socket);
    assertThat(sameSocket.awaitExit(60)).as("exit code; stderr: %s", sameSocket.stderr()).isEqualTo(1);
    assertThat(sameSocket.stderr()).as("one line, saying so").isEqualTo("hephd: cannot listen on " + socket
        + ": address already in use by another hephd (stop it, or give this one its own --socket PATH)\n");
    assertThat(sameSocket.stdout()).doesNotContain("serving");

    // The first daemon is untouched: its socket is still there and still answers.
    assertThat(socket).exists();
    try (RpcConn c = live.connect()) {
      assertThat(JsonTree.obj(c.result("daemon.status"))).containsEntry("pid", live.pid())
          .containsEntry("db", db.toAbsolutePath().toString());
    }
  }

  /** A symlink to the database is the same database. */
  @Test
  void aSecondDaemonOnASymlinkToTheDatabaseIsRefused() throws IOException {
    Path db = dir.resolve("a.db");
    DaemonProc live = local(db, dir.resolve("s/hephd.sock"));
    Path link = Files.createSymbolicLink(dir.resolve("link.db"), db);
    DaemonProc viaLink = launch(link, dir.resolve("s2/hephd.sock"));
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (viaLink.process.isAlive() && !viaLink.stdout().contains("serving") && System.nanoTime() < deadline) {
      DaemonProc.sleep(50);
    }
    assertThat(viaLink.stdout()).as("a second daemon serves the same database").doesNotContain("serving");
    assertThat(viaLink.awaitExit(30)).isEqualTo(1);
    assertThat(viaLink.stderr()).contains("another hephd (pid " + live.pid() + ")");
  }

  @Test
  void sigtermFinishesAcknowledgedWritesRemovesTheSocketAndExitsZero() throws Exception {
    Path db = dir.resolve("a.db");
    Path socket = dir.resolve("s/hephd.sock");
    DaemonProc d = local(db, socket);

    HephCli.Result running = Cli.run("daemon", "status", "--socket", socket.toString()).ok();
    assertThat(running.out()).startsWith("hephd is running (pid " + d.pid() + ", mode local");

    // Four clients write as fast as they can; SIGTERM arrives in the middle of it.
    Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>());
    CountDownLatch writing = new CountDownLatch(4);
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int writer = w;
      writers.add(Thread.ofPlatform().start(() -> {
        try (RpcConn c = d.connect()) {
          for (int i = 0; ; i++) {
            acknowledged.add((String) c.node("node.create", "title", "w" + writer + " #" + i, "tags",
                List.of("term")).get("id"));
            if (i == 20) {
              writing.countDown();
            }
          }
        } catch (RuntimeException | AssertionError e) {
          writing.countDown(); // the daemon hung up
        }
      }));
    }
    writing.await();
    int exit = d.terminate();
    for (Thread t : writers) {
      t.join(20_000);
    }
    assertThat(exit).as("exit code on SIGTERM; stderr: %s", d.stderr()).isZero();
    assertThat(d.stdout()).contains("hephd: stopped");
    assertThat(socket).as("the socket is removed").doesNotExist();
    assertThat(d.stderr()).doesNotContain("Exception").doesNotContain("ERROR");

    // Every write that was answered is in the database.
    List<Map<String, Object>> listed = JsonTree.objs(JsonTree.parse(
        Cli.run("--db", db.toString(), "list", "--json", "--tag", "term").ok().out()));
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(4 * 21);
    assertThat(listed.stream().map(n -> n.get("id")).toList()).containsAll(acknowledged);

    HephCli.Result text = Cli.run("daemon", "status", "--socket", socket.toString()).ok();
    assertThat(text.out()).contains("no daemon is running").contains(socket.toString());
    Map<String, Object> json = JsonTree.obj(JsonTree.parse(
        Cli.run("daemon", "status", "--socket", socket.toString(), "--json").ok().out()));
    assertThat(json).containsEntry("running", false).containsEntry("socket", socket.toString());
  }

  /**
   * A supervisor (systemd, a test, a script) waits for the "serving" line and may stop the daemon
   * right away: that too must be an orderly stop.
   */
  @Test
  void sigtermRightAfterTheReadyLineIsStillAnOrderlyStop() throws Exception {
    for (int i = 0; i < 5; i++) {
      Path socket = dir.resolve("s" + i + "/hephd.sock");
      // Read the line from a pipe (not by polling a file) so that the signal follows it at once.
      ProcessBuilder pb = new ProcessBuilder(ChildJvm.command("dev.heph.daemon.Hephd", List.of(), List.of("--mode",
          "local", "--db", dir.resolve("r" + i + ".db").toString(), "--socket", socket.toString())))
          .redirectError(ProcessBuilder.Redirect.DISCARD);
      Process p = ChildJvm.start(pb);
      try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
        assertThat(out.readLine()).startsWith("hephd: serving");
        p.destroy();
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("attempt %d: exit code", i).isZero();
        assertThat(socket).as("attempt %d: socket removed", i).doesNotExist();
      } finally {
        p.destroyForcibly();
      }
    }
  }

  /**
   * SIGTERM should not wait out a network timeout: a hub that accepted the connection but never
   * answers holds the sync (and so the stop) for the transport's whole 60 s request timeout.
   */
  @Test
  void sigtermDoesNotWaitForAHubThatNeverAnswers() throws Exception {
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      List<java.net.Socket> held = Collections.synchronizedList(new ArrayList<>());
      Thread.ofVirtual().start(() -> {
        try {
          while (true) {
            held.add(silent.accept()); // accept, read nothing, answer nothing
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      Path socket = dir.resolve("s/hephd.sock");
      DaemonProc d = local(dir.resolve("a.db"), socket, "--hub-url", "http://127.0.0.1:" + silent.getLocalPort());
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (held.isEmpty() && System.nanoTime() < deadline) {
        DaemonProc.sleep(50);
      }
      assertThat(held).as("the daemon's sync connected to the silent hub").isNotEmpty();
      DaemonProc.sleep(300); // its request is now in flight
      long t0 = System.nanoTime();
      int exit = d.terminate();
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(exit).isZero();
      assertThat(socket).doesNotExist();
      assertThat(millis).as("ms from SIGTERM to exit").isLessThan(10_000);
      for (java.net.Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void anUnreachableHubIsReportedAndBackedOffFrom() {
    Path db = dir.resolve("a.db");
    Path socket = dir.resolve("s/hephd.sock");
    String hub = "http://127.0.0.1:9"; // discard port: nothing listens there
    DaemonProc d = local(db, socket, "--hub-url", hub, "--sync-interval", "1");
    try (RpcConn c = d.connect()) {
      Map<String, Object> e = c.error("sync.now");
      assertThat(e).containsEntry("code", -32010L);
      assertThat(RpcConn.dataCode(e)).isEqualTo("hub_unreachable");
      assertThat((String) e.get("message")).contains("127.0.0.1:9");

      c.node("node.create", "title", "Waits for the hub");
      Map<String, Object> s = JsonTree.obj(c.result("sync.status"));
      SocketRpcTest.assertSyncStatusShape(s);
      assertThat(s).containsEntry("enabled", true).containsEntry("hub_url", hub).containsEntry("last_success", null);
      assertThat((Long) s.get("failures")).isPositive();
      assertThat((String) s.get("last_error")).contains("127.0.0.1:9");
      assertThat((Long) s.get("pending_push")).as("ops waiting to be pushed").isPositive();
      // Exponential back-off: after n failures the next attempt is about 2^(n-1) s away, though the
      // interval is 1 s (and a local change does not cut the back-off short).
      long failures = (Long) s.get("failures");
      java.time.Instant next = java.time.Instant.parse((String) s.get("next_sync"));
      java.time.Instant last = java.time.Instant.parse((String) s.get("last_attempt"));
      assertThat(java.time.Duration.between(last, next).toMillis())
          .isGreaterThanOrEqualTo((1000L << Math.min(failures - 1, 16)) - 200);
      assertThat(d.stderr()).contains("sync failed");
    }
    HephCli.Result text = Cli.run("daemon", "status", "--socket", socket.toString()).ok();
    assertThat(text.out()).contains("hub:      " + hub).contains("last sync: never").contains("last error:");
  }
}
