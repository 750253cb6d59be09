package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon backing off from a hub that went away syncs within a second or two of the hub's
 * return, not when the back-off ends, and at once on {@code sync.now}. A real hub process is
 * stopped and started again on the same port; the daemon's interval is an hour, so only the
 * back-off, its probe and sync.now can make it sync.
 */
@Timeout(240)
class BackoffCutShortTest {
  @TempDir Path dir;
  private final List<DaemonProc> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(DaemonProc::close);
  }

  @Test
  void theDaemonSyncsAsSoonAsTheHubAnswersAgainAndOnSyncNow() {
    DaemonProc hub = hub("127.0.0.1:0");
    String url = hub.url();
    String addr = "127.0.0.1:" + URI.create(url).getPort();
    DaemonProc daemon = DaemonProc.local(dir.resolve("a.db"), dir.resolve("s/hephd.sock"), "--hub-url", url,
        "--sync-interval", "3600");
    started.add(daemon);
    try (RpcConn rpc = daemon.connect()) {
      rpc.node("node.create", "title", "Before the outage");
      Map<String, Object> synced = await(rpc, s -> s.get("last_success") != null && (Long) s.get("pending_push") == 0);
      assertThat(synced).containsEntry("failures", 0L);

      // The hub goes away; a change makes the daemon try, fail, and back off: 1, 2, 4, then 8 s.
      assertThat(hub.terminate()).isZero();
      rpc.node("node.create", "title", "Made while the hub was away");
      Map<String, Object> backingOff = await(rpc, s -> (Long) s.get("failures") >= 4);
      Instant due = Instant.parse((String) backingOff.get("next_sync"));
      Instant lastAttempt = Instant.parse((String) backingOff.get("last_attempt"));
      assertThat(Duration.between(lastAttempt, due)).as("the back-off").isGreaterThanOrEqualTo(Duration.ofMillis(7_800));

      DaemonProc back = hub(addr);
      Instant returned = Instant.now();
      Map<String, Object> resumed = await(rpc, s -> (Long) s.get("failures") == 0 && (Long) s.get("pending_push") == 0);
      Instant success = Instant.parse((String) resumed.get("last_success"));
      assertThat(Duration.between(returned, success)).as("from the hub's return to the daemon's sync")
          .isLessThan(Duration.ofMillis(2_500));
      assertThat(success).as("well before the back-off would have ended").isBefore(due.minusSeconds(2));
      assertThat(daemon.stderr()).contains("hub answers again")
          .as("the daemon's log speaks of changes, as heph sync does")
          .containsPattern("synced with \\S+: pulled 0 changes \\(0 new\\), pushed [0-9]+ changes?\n");

      // Again, but sync.now: it syncs at once, and the back-off is over.
      assertThat(back.terminate()).isZero();
      rpc.node("node.create", "title", "Made during the second outage");
      await(rpc, s -> (Long) s.get("failures") >= 3);
      hub(addr);
      Map<String, Object> report = JsonTree.obj(rpc.result("sync.now"));
      assertThat(report).containsEntry("hub", url);
      Map<String, Object> after = JsonTree.obj(rpc.result("sync.status"));
      assertThat(after).containsEntry("failures", 0L).containsEntry("pending_push", 0L).containsEntry("last_error", null);
      assertThat(Instant.parse((String) after.get("next_sync"))).as("the interval, not a back-off")
          .isAfter(Instant.now().plus(Duration.ofMinutes(59)));
    }
  }

  private DaemonProc hub(String addr) {
    DaemonProc hub = DaemonProc.serverAt(dir.resolve("hub.db"), addr);
    started.add(hub);
    return hub;
  }

  /** sync.status once it satisfies {@code done} (polled every 50 ms, for at most 60 s). */
  private static Map<String, Object> await(RpcConn rpc, Predicate<Map<String, Object>> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, Object> status;
    do {
      status = JsonTree.obj(rpc.result("sync.status"));
      if (done.test(status)) {
        return status;
      }
      DaemonProc.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("sync.status never got there: " + status);
  }
}
