package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, end to end: a device whose clock ran three days ahead (the real {@code heph} CLI with
 * the test-only clock offset) against a real {@code hephd --mode server}. Its pushes are refused
 * with advice naming its clock; once the clock is right, {@code heph sync --restamp} brings it back
 * and a second device converges to exactly the same nodes, with nothing lost or doubled.
 */
@Timeout(300)
class ClockRecoveryTest {
  @TempDir Path dir;
  HubProcess hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void aDeviceThreeDaysAheadRecoversWithRestampAndConverges() {
    hub = HubProcess.start(dir.resolve("hub.db"));
    HephCli rightClock = new HephCli(dir);
    Replica b = new Replica("b", dir, rightClock);
    Replica a = new Replica("a", dir, rightClock);
    Replica aAhead = new Replica("a", dir, new HephCli(dir, List.of("-Dheph.test.clock-offset=P3D")));

    String shared = b.add("Shared");
    b.sync(hub.url());
    aAhead.sync(hub.url());

    String report = aAhead.add("Write report", "--tag", "work", "--body", "draft");
    aAhead.edit(report, "--title", "Write the report");
    aAhead.edit(report, "--title", "Write the annual report");
    String notes = aAhead.add("--note", "Report notes");
    aAhead.run("link", report, notes, "--type", "blocks").ok();
    aAhead.edit(notes, "--tag", "notes");
    aAhead.edit(shared, "--title", "Shared (a)");
    b.edit(shared, "--title", "Shared (b)");
    b.sync(null);

    String refused = aAhead.run("sync").userError().err();
    assertThat(refused).contains("clock_drift").contains("this device's clock is 3 days ahead of the hub's")
        .contains("timedatectl").contains("heph sync --restamp");
    aAhead.run("conflicts", "resolve", shared, "title", "--value", "Shared (resolved on a)").ok();

    // Re-stamping while the clock is still ahead is refused and changes nothing.
    List<String> opsBefore = Sqlite.opHlcs(a.db);
    String nodesBefore = a.listAll();
    assertThat(aAhead.run("sync", "--restamp").userError().err())
        .contains("still 3 days ahead of the hub's").contains("nothing was changed");
    assertThat(Sqlite.opHlcs(a.db)).isEqualTo(opsBefore);
    assertThat(a.listAll()).isEqualTo(nodesBefore);

    // The clock is fixed: the device keeps working, but its pushes are still refused.
    a.run("done", report).ok();
    a.edit(report, "--tag", "q3");
    String after = a.add("After the fix");
    assertThat(a.run("sync").userError().err()).contains("this device's clock is right now")
        .contains("3 days ahead").contains("heph sync --restamp");

    List<String> bOps = Sqlite.opHlcs(b.db);
    long aOps = a.opCount();
    Map<String, Object> restamp = Json.object(a.run("sync", "--restamp", "--json").ok().json());
    assertThat(restamp.keySet()).containsExactlyInAnyOrder("hub", "pulled", "applied", "pushed", "reset", "restamped",
        "nodes");
    assertThat(restamp).containsEntry("restamped", 18L).containsEntry("nodes", 4L).containsEntry("pushed", 18L);
    assertThat(Sqlite.opHlcs(a.db)).hasSize((int) aOps).containsAll(bOps);

    b.sync(null);
    a.sync(null);
    assertThat(Json.withoutNums(b.listAll())).isEqualTo(Json.withoutNums(a.listAll()));
    assertThat(Sqlite.opHlcs(b.db)).isEqualTo(Sqlite.opHlcs(a.db));
    assertThat(Sqlite.opHlcs(hub.db())).isEqualTo(Sqlite.opHlcs(a.db));
    for (String id : List.of(shared, report, notes, after)) {
      assertThat(Json.withoutNums(b.run("show", id, "--json").ok().out()))
          .isEqualTo(Json.withoutNums(a.run("show", id, "--json").ok().out()));
    }
    Map<String, Object> onB = Json.object(b.run("show", report, "--json").ok().json());
    assertThat(onB).containsEntry("title", "Write the annual report").containsEntry("status", "done")
        .containsEntry("tags", List.of("q3", "work"));
    assertThat(b.run("show", shared, "--json").ok().out()).contains("Shared (resolved on a)");
    assertThat(b.conflicts()).isEqualTo("[]\n");

    assertThat(a.run("sync", "--help").ok().out()).contains("--restamp").contains("clock once ran ahead");
  }
}
