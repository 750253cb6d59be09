package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A local-mode daemon whose replica holds ops stamped while the clock ran three days ahead: its
 * background sync is refused, and sync.status carries the same advice as {@code heph sync}; after
 * {@code heph sync --restamp} (run beside the daemon) its next sync succeeds.
 */
@Timeout(120)
class ClockDriftStatusTest {
  Path dir;
  DaemonProc hub;
  DaemonProc daemon;

  @AfterEach
  void stop() throws IOException {
    for (DaemonProc d : new DaemonProc[] {daemon, hub}) {
      if (d != null) {
        d.close();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void theDaemonsStatusSaysWhoseClockIsWrongAndHowToRecover() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "hd");
    hub = DaemonProc.server(dir.resolve("hub.db"));
    Path db = dir.resolve("a.db");
    Clock threeDaysAhead = Clock.offset(Clock.systemUTC(), Duration.ofDays(3));
    try (Heph ahead = Heph.open(db, new Heph.Options(threeDaysAhead, Duration.ofMinutes(5)))) {
      ahead.add(NewNode.task("Made while the clock ran ahead"));
    }
    daemon = DaemonProc.local(db, dir.resolve("s/hephd.sock"), "--hub-url", hub.url(), "--sync-interval", "1");
    try (RpcConn rpc = daemon.connect()) {
      Map<String, Object> status = awaitStatus(rpc, s -> s.get("last_error") != null);
      assertThat((String) status.get("last_error")).contains("this device's clock is right now")
          .contains("3 days ahead").contains("heph sync --restamp");
      assertThat((Long) status.get("pending_push")).isEqualTo(3L);

      Cli.run("--db", db.toString(), "sync", "--restamp").ok();
      rpc.result("sync.now");
      status = awaitStatus(rpc, s -> s.get("last_error") == null);
      assertThat(status).containsEntry("pending_push", 0L);
    }
  }

  private static Map<String, Object> awaitStatus(RpcConn rpc, java.util.function.Predicate<Map<String, Object>> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Map<String, Object> status = JsonTree.obj(rpc.result("sync.status"));
      if (done.test(status) || System.nanoTime() > deadline) {
        return status;
      }
      DaemonProc.sleep(100);
    }
  }
}
