package dev.heph.daemon;

import static dev.heph.daemon.SyncPropagationTest.assertConverged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Sqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub whose database file is replaced by an older copy (stop, copy back, start) re-learns every
 * op from the spokes, and a fresh replica then gets them all. Real hephd and CLI processes.
 */
@Timeout(180)
class HubRestoreTest {
  @TempDir Path dir;
  Path hubDb;
  Path backup;
  HubProcess hub;
  HephCli cli;

  @BeforeEach
  void setUp() {
    hubDb = dir.resolve("hub.db");
    backup = dir.resolve("hub-backup.db");
    cli = new HephCli(dir);
  }

  @AfterEach
  void tearDown() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void aHubRestoredFromAnOlderCopyRelearnsEveryOpFromTheSpokes() throws IOException {
    Replica a = new Replica("a", dir, cli);
    Replica b = new Replica("b", dir, cli);
    Replica c = new Replica("c", dir, cli);
    hub = HubProcess.start(hubDb);
    String first = a.add("Before the backup, from A", "--tag", "old");
    String second = b.add("Before the backup, from B");
    a.sync(hub.url());
    b.sync(hub.url());
    a.sync(null);

    // A clean stop leaves one self-contained file (no -wal/-shm): that is the backup.
    stopCleanly();
    assertThat(Sqlite.existingSideFiles(hubDb)).as("SQLite side files after a clean stop").isEmpty();
    Files.copy(hubDb, backup);
    long opsInBackup = Sqlite.opCount(backup);

    // The hub goes on (maybe on another port: every replica is told the URL again).
    hub = HubProcess.start(hubDb);
    String third = a.add("After the backup, from A");
    a.edit(first, "--title", "Edited after the backup", "--untag", "old");
    // A plain restart is no reason to start over.
    assertThat(a.sync(hub.url())).containsEntry("reset", false);
    String fourth = b.add("After the backup, from B");
    b.run("rm", second).ok();
    b.sync(hub.url());
    c.sync(hub.url()); // C joins late: it only ever pulled, it made nothing
    a.sync(hub.url());
    String everything = assertConverged(a, b, c).toString();
    long allOps = a.opCount();
    assertThat(allOps).isGreaterThan(opsInBackup);

    // The hub's file is replaced by the older copy.
    stopCleanly();
    Files.copy(backup, hubDb, StandardCopyOption.REPLACE_EXISTING);
    for (Path side : Sqlite.sideFiles(hubDb)) {
      Files.deleteIfExists(side);
    }
    hub = HubProcess.start(hubDb);
    assertThat(Sqlite.opCount(hubDb)).isEqualTo(opsInBackup);

    // B made ops after the backup and does not sync again: A and C, which pulled them, must bring
    // them back. Their cursors no longer prove themselves, so they re-sync in full.
    Map<String, Object> ra = a.sync(hub.url());
    assertThat(ra).containsEntry("reset", true).containsEntry("pushed", allOps);
    Map<String, Object> rc = c.sync(hub.url());
    assertThat(rc).containsEntry("reset", true);
    assertThat(Sqlite.opCount(hubDb)).as("ops at the restored hub after A and C synced").isEqualTo(allOps);

    // A fresh replica gets everything from the restored hub.
    Replica d = new Replica("d", dir, cli);
    Map<String, Object> rd = d.sync(hub.url());
    assertThat(rd).containsEntry("pulled", allOps).containsEntry("applied", allOps).containsEntry("pushed", 0L);
    assertThat(assertConverged(d, a, b, c).toString()).isEqualTo(everything);

    // B comes back too: it resets and re-sends, and the hub, already complete, gains nothing.
    Map<String, Object> rb = b.sync(hub.url());
    assertThat(rb).containsEntry("reset", true).containsEntry("applied", 0L);
    // Then everything is quiet.
    for (Replica r : List.of(a, b, c, d)) {
      assertThat(r.sync(null)).as("quiet sync of %s", r).containsEntry("applied", 0L).containsEntry("pushed", 0L)
          .containsEntry("reset", false);
    }
    assertThat(Sqlite.opHlcs(hubDb)).isEqualTo(Sqlite.opHlcs(a.db)).isEqualTo(Sqlite.opHlcs(b.db))
        .isEqualTo(Sqlite.opHlcs(c.db)).isEqualTo(Sqlite.opHlcs(d.db));
    List<Map<String, Object>> nodes = SyncPropagationTest.assertConverged(a, d);
    assertThat(nodes).extracting(n -> n.get("id")).containsExactlyInAnyOrder(first, second, third, fourth);
    assertThat(SyncPropagationTest.node(nodes, first)).containsEntry("title", "Edited after the backup")
        .containsEntry("tags", List.of());
    assertThat(SyncPropagationTest.node(nodes, second)).containsEntry("deleted", true);
  }

  /**
   * The pull cursor alone would not notice this restore: the spoke pulled, the backup was taken,
   * then the spoke pushed (its pull cursor still points at an op the backup holds). Its kept push
   * acknowledgement does not match the restored hub, so it re-sends.
   */
  @Test
  void aRestoreThatLosesOnlyPushedOpsIsNoticedByThePushAcknowledgement() throws IOException {
    Replica a = new Replica("a", dir, cli);
    Replica b = new Replica("b", dir, cli);
    hub = HubProcess.start(hubDb);
    b.add("From B, so the hub has something to pull");
    b.sync(hub.url());
    a.sync(hub.url());

    stopCleanly();
    Files.copy(hubDb, backup);
    hub = HubProcess.start(hubDb);
    String pushedOnly = a.add("Pushed after the backup");
    Map<String, Object> pushed = a.sync(hub.url());
    assertThat(pushed).containsEntry("pulled", 0L).containsEntry("pushed", Sqlite.ownOpCount(a.db));

    stopCleanly();
    Files.copy(backup, hubDb, StandardCopyOption.REPLACE_EXISTING);
    for (Path side : Sqlite.sideFiles(hubDb)) {
      Files.deleteIfExists(side);
    }
    hub = HubProcess.start(hubDb);
    Map<String, Object> again = a.sync(hub.url());
    assertThat(again).containsEntry("reset", true).containsEntry("pushed", a.opCount());
    b.sync(hub.url());
    assertThat(SyncPropagationTest.node(assertConverged(a, b), pushedOnly)).containsEntry("title",
        "Pushed after the backup");
  }

  /** A hub replaced by a brand-new one (new id and epoch) at the same address is refilled by its spokes. */
  @Test
  void aReplacedHubIsRefilledByItsSpokes() throws IOException {
    Replica a = new Replica("a", dir, cli);
    Replica b = new Replica("b", dir, cli);
    hub = HubProcess.start(hubDb);
    String fromA = a.add("From A");
    String fromB = b.add("From B");
    a.sync(hub.url());
    b.sync(hub.url());
    a.sync(null);
    String oldId = hub.hubId();

    stopCleanly();
    Files.delete(hubDb);
    hub = HubProcess.start(hubDb, "127.0.0.1:" + 0);
    assertThat(hub.hubId()).isNotEqualTo(oldId);
    Map<String, Object> ra = a.sync(hub.url());
    assertThat(ra).containsEntry("reset", true).containsEntry("pushed", a.opCount()).containsEntry("pulled", 0L);
    Replica fresh = new Replica("fresh", dir, cli);
    assertThat(fresh.sync(hub.url())).containsEntry("pulled", a.opCount());
    // Without --json, the one-line summary says so.
    String summary = b.run("sync", "--hub-url", hub.url()).ok().out();
    assertThat(summary).startsWith("synced with " + hub.url() + ": pulled ").contains("everything was re-sent")
        .hasLineCount(1);
    assertThat(assertConverged(a, b, fresh)).extracting(n -> n.get("id")).containsExactlyInAnyOrder(fromA, fromB);
  }

  private void stopCleanly() {
    int code = hub.stop();
    assertThat(code).as("hephd exit code on SIGTERM; log: %s", hub.log()).isZero();
    assertThat(hub.stdout()).contains("hephd: stopped");
  }
}
