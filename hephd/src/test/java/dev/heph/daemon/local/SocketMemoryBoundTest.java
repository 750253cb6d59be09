package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients of a real local-mode daemon, each holding part of a long request line, or just a
 * connection: the daemon holds at most its budget of such bytes (32 MiB) and its number of
 * clients (256), answers the clients beyond them "busy" and hangs up on them, and keeps serving a
 * well-behaved client throughout.
 */
@Timeout(120)
class SocketMemoryBoundTest {
  private static final int MIB = 1 << 20;
  private static final int HOGS = 40;
  private static final int PARTIAL_BYTES = 3 * MIB;
  private static final long BUDGET = 32L * MIB;
  private static final int MAX_CLIENTS = 256;

  @TempDir
  Path dir;
  DaemonProc daemon;
  final List<RpcConn> conns = new ArrayList<>();

  @BeforeEach
  void start() {
    daemon = DaemonProc.local(dir.resolve("heph.db"), dir.resolve("run/hephd.sock"));
  }

  @AfterEach
  void stop() {
    conns.forEach(RpcConn::close);
    daemon.close();
  }

  @Test
  void partialLinesOfManyClientsAreBoundedTogether() throws Exception {
    long heapBefore = liveHeapBytes();
    String partial = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node.create\",\"params\":{\"title\":\""
        + "x".repeat(PARTIAL_BYTES);
    List<Thread> writers = new ArrayList<>();
    for (int i = 0; i < HOGS; i++) {
      RpcConn c = daemon.connect();
      conns.add(c);
      writers.add(Thread.ofVirtual().start(() -> {
        try {
          c.send(partial); // no newline: the daemon must hold it, or refuse it
        } catch (RuntimeException e) {
          // hung up on: expected for the clients beyond the budget
        }
      }));
    }
    for (Thread w : writers) {
      w.join(TimeUnit.SECONDS.toMillis(60));
    }
    // A well-behaved client is served while the partial lines are held.
    try (RpcConn good = daemon.connect()) {
      long t0 = System.nanoTime();
      assertThat(good.result("conflicts.list")).isEqualTo(List.of());
      assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for a well-behaved client").isLessThan(5_000);
    }
    // Measured while the clients still hold their lines (reading a silent client below hangs it up).
    long heapAfter = liveHeapBytes();
    int busy = 0;
    for (RpcConn c : conns) {
      if (c.channel.isOpen() && hungUpBusy(c)) {
        busy++;
      }
    }
    System.out.printf("daemon live heap %d MiB before, %d MiB while %d clients sent %d MiB each (%d answered busy)%n",
        heapBefore / MIB, heapAfter / MIB, HOGS, PARTIAL_BYTES / MIB, busy);
    long held = (long) (HOGS - busy) * PARTIAL_BYTES;
    assertThat(held).as("bytes the daemon holds for %d clients, %d answered busy", HOGS, busy)
        .isLessThanOrEqualTo(BUDGET);
    // The slack covers what a daemon allocates and keeps anyway while 40 clients connect (their
    // channels, buffers below a line's length, JIT and class data reached through the heap): 8 MiB
    // was exceeded by 0.3 MiB on a loaded machine. Without the budget the growth is 120 MiB.
    assertThat(heapAfter - heapBefore).as("live heap growth").isLessThan(BUDGET + 16L * MIB);
  }

  @Test
  void clientsBeyondTheLimitAreToldBusyAndOthersAreServedAgainOnceTheyLeave() {
    for (int i = 0; i < MAX_CLIENTS; i++) {
      conns.add(daemon.connect());
    }
    // The slots are taken by clients that send nothing; every slot's owner is still served.
    assertThat(conns.get(0).result("conflicts.list")).isEqualTo(List.of());
    try (RpcConn extra = daemon.connect()) {
      Map<String, Object> error = errorOf(extra.readLine(10));
      assertThat(error).containsEntry("code", -32030L);
      assertThat(JsonTree.obj(error.get("data"))).containsEntry("code", "busy");
      assertThat(extra.readLine(10)).as("then hung up").isNull();
    }
    conns.remove(conns.size() - 1).close();
    // A slot is free again once its client leaves (the daemon notices the hang-up at once).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (RpcConn next = daemon.connect()) {
        next.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"conflicts.list\"}\n");
        String answer = next.readLine(10);
        if (answer != null && answer.contains("\"result\"")) {
          break;
        }
      }
      assertThat(System.nanoTime()).as("a freed slot is served within 10 s").isLessThan(deadline);
    }
  }

  /** Whether the daemon answered this client with a "busy" error and then hung up. */
  private static boolean hungUpBusy(RpcConn c) {
    String line;
    try {
      line = c.readLine(1);
    } catch (AssertionError | RuntimeException e) {
      return false; // silent: the daemon holds its line
    }
    if (line == null) {
      return false;
    }
    Map<String, Object> error = errorOf(line);
    assertThat(error).as(line).containsEntry("code", -32030L);
    return true;
  }

  private static Map<String, Object> errorOf(String line) {
    return JsonTree.obj(JsonTree.obj(JsonTree.parse(line)).get("error"));
  }

  /** The daemon's heap in use after a full collection, as {@code jcmd} reports it. */
  private long liveHeapBytes() throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    run(jcmd.toString(), Long.toString(daemon.pid()), "GC.run");
    long usedKiB = 0;
    for (String line : run(jcmd.toString(), Long.toString(daemon.pid()), "GC.heap_info").lines().toList()) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(DefNew|Tenured) .*used (\\d+)K").matcher(line);
      if (m.find()) {
        usedKiB += Long.parseLong(m.group(2));
      }
    }
    assertThat(usedKiB).as("heap figures from jcmd").isPositive();
    return usedKiB * 1024;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
