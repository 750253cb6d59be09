package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device does not pull back what it just pushed: the hub's push answer says where the batch's
 * new ops begin, and when nothing else lies between the device's pull cursor and them, the cursor
 * moves past them. When another device pushed in between, its ops are pulled as before, and the
 * cursors still prove themselves (a plain sync after a hub restart finds no reset). Real hub
 * process, real CLI.
 */
@Timeout(180)
class SyncOwnOpsTest {
  @TempDir Path dir;
  HubProcess hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void aSyncAfterAPushPullsNothingBackAndTheSummarySpeaksOfChanges() {
    hub = HubProcess.start(dir.resolve("hub.db"));
    HephCli cli = new HephCli(dir);
    Replica a = new Replica("a", dir, cli);
    Replica b = new Replica("b", dir, cli);
    a.add("Buy milk", "--tag", "home");
    a.add("Call the plumber");
    Map<String, Object> first = a.sync(hub.url());
    assertThat(first).containsEntry("pushed", (long) a.opCount()).containsEntry("pulled", 0L);
    Map<String, Object> again = a.sync(null);
    assertThat(again).as("its own ops are not pulled back").containsEntry("pulled", 0L).containsEntry("applied", 0L)
        .containsEntry("pushed", 0L).containsEntry("reset", false);

    // b pushes, then a: a pulls b's ops, pushes its own, and on the next sync pulls none of its own back.
    b.sync(hub.url());
    b.add("From b");
    b.sync(null);
    long bOps = b.opCount() - a.opCount();
    a.add("From a");
    Map<String, Object> crossed = a.sync(null);
    assertThat(crossed).containsEntry("pulled", bOps).containsEntry("applied", bOps);
    assertThat((Long) crossed.get("pushed")).isPositive();
    assertThat(a.sync(null)).containsEntry("pulled", 0L).containsEntry("pushed", 0L);
    assertThat(b.sync(null)).as("b gets a's new ops, once").containsEntry("pulled", crossed.get("pushed"));
    assertThat(Json.withoutNums(a.listAll())).isEqualTo(Json.withoutNums(b.listAll()));
    assertThat(a.opCount()).isEqualTo(Sqlite.opCount(hub.db()));

    // The cursors that skipped prove themselves against the hub (a hub at a new address: same id
    // and epoch, so the cursors are checked, not reset), and the summary is in changes.
    long before = a.opCount();
    a.add("After the move");
    long made = a.opCount() - before;
    hub.stop();
    hub = HubProcess.start(dir.resolve("hub.db"));
    HephCli.Result text = a.run("sync", "--hub-url", hub.url()).ok();
    assertThat(text.out()).isEqualTo("synced with " + hub.url() + ": pulled 0 changes (0 new), pushed " + made
        + (made == 1 ? " change" : " changes") + "\n");
    assertThat(a.sync(null)).containsEntry("pulled", 0L).containsEntry("reset", false);
  }
}
