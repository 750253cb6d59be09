package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.sync.Protocol;
import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spoke killed with SIGKILL in the middle of a large push, and another in the middle of a large
 * pull, resume where they stopped and converge. The ops are made in-process (a loop of CLI
 * processes would be far too slow); every sync is a real {@code heph sync} process.
 */
@Timeout(180)
class SyncResumeAfterKillTest {
  /** Each node is made of create, title, status and one tag. */
  private static final int OPS_PER_NODE = 4;
  /** Enough for three pull pages and then some, so that a kill after the first lands mid-pull. */
  private static final int NODES = (3 * Protocol.PULL_PAGE) / OPS_PER_NODE + 100;
  private static final long KILL_DEADLINE_MILLIS = 30_000;

  @TempDir Path dir;
  HubProcess hub;
  HephCli.Running running;

  @AfterEach
  void tearDown() {
    if (running != null) {
      running.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void spokesKilledMidPushAndMidPullResumeAndConverge() {
    hub = HubProcess.start(dir.resolve("hub.db"));
    HephCli cli = new HephCli(dir);
    Replica big = new Replica("big", dir, cli);
    populate(big, NODES);
    long total = big.opCount();

    // Killed while pushing: the hub holds some of the batches.
    running = cli.start(big.db, "sync", "--hub-url", hub.url(), "--json");
    long atHubWhenKilled = killOnceSomeArrived(hub.db());
    assertThat(atHubWhenKilled).as("ops at the hub when the pushing spoke was killed").isBetween(1L, total - 1);
    // The spoke resumes from its push cursor (at most the one batch acknowledged but not yet
    // recorded is sent again) and the hub ends with every op once.
    Map<String, Object> resumed = big.sync(null);
    assertThat((Long) resumed.get("pushed")).isLessThanOrEqualTo(total - atHubWhenKilled + Protocol.MAX_PUSH_OPS);
    assertThat(Sqlite.opCount(hub.db())).isEqualTo(total);

    // Killed while pulling: it holds some of the pages.
    Replica fresh = new Replica("fresh", dir, cli);
    running = cli.start(fresh.db, "sync", "--hub-url", hub.url(), "--json");
    long heldWhenKilled = killOnceSomeArrived(fresh.db);
    assertThat(heldWhenKilled).as("ops on the fresh replica when it was killed").isBetween(1L, total - 1);
    // Every page it holds came with its cursor: the next sync pulls exactly what is missing.
    Map<String, Object> rest = fresh.sync(null);
    assertThat(rest).containsEntry("pulled", total - heldWhenKilled).containsEntry("applied", total - heldWhenKilled)
        .containsEntry("pushed", 0L);

    assertThat(fresh.opCount()).isEqualTo(total);
    assertThat(Sqlite.opCount(hub.db())).isEqualTo(total);
    assertThat(Json.withoutNums(fresh.listAll())).isEqualTo(Json.withoutNums(big.listAll()));
    assertThat(Sqlite.opHlcs(fresh.db)).isEqualTo(Sqlite.opHlcs(big.db));
    assertThat(hub.stop()).isZero();
    assertThat(Sqlite.opHlcs(hub.db())).isEqualTo(Sqlite.opHlcs(big.db));
  }

  /**
   * The hub itself dies (SIGKILL) while a spoke pushes: the spoke fails with one clear line; the
   * hub restarts on the same file (same history, so no reset) and the next sync completes. The
   * batch the hub committed but never acknowledged is simply sent again.
   */
  @Test
  void aHubKilledMidPushLosesNothingAndTheSpokeResumes() {
    Path hubDb = dir.resolve("hub.db");
    hub = HubProcess.start(hubDb);
    HephCli cli = new HephCli(dir);
    Replica big = new Replica("big", dir, cli);
    // Sixteen push batches, and the hub frozen (SIGSTOP) the moment the first is committed, then
    // killed: a fast machine once finished six batches between the first commit and the SIGKILL.
    populate(big, 4 * Protocol.MAX_PUSH_OPS);
    long total = big.opCount();

    running = cli.start(big.db, "sync", "--hub-url", hub.url(), "--json");
    long atHub = waitForSome(hubDb);
    hub.freeze();
    hub.kill();
    HephCli.Result failed = HephCli.await(running);
    running = null;
    if (failed.code() == 0) {
      throw new AssertionError("the push finished before the hub was killed (" + atHub + " of " + total + " ops)");
    }
    failed.userError();
    assertThat(failed.err()).contains(hub.url());

    hub = HubProcess.start(hubDb);
    long survived = Sqlite.opCount(hubDb);
    assertThat(survived).as("ops the killed hub had committed").isBetween(atHub, total - 1);
    Map<String, Object> report = big.sync(hub.url());
    assertThat(report).containsEntry("reset", false);
    assertThat(Sqlite.opCount(hubDb)).isEqualTo(total);
    Replica fresh = new Replica("fresh", dir, cli);
    assertThat(fresh.sync(hub.url())).containsEntry("pulled", total);
    assertThat(Json.withoutNums(fresh.listAll())).isEqualTo(Json.withoutNums(big.listAll()));
  }

  /** Makes {@code nodes} nodes of {@link #OPS_PER_NODE} ops each on {@code r}, in-process. */
  private static void populate(Replica r, int nodes) {
    try (Heph heph = Heph.open(r.db)) {
      for (int i = 0; i < nodes; i++) {
        heph.add(new NewNode("task", "Task number " + i, null, List.of("t" + (i % 7)), null, null, null));
      }
    }
    assertThat(r.opCount()).isEqualTo((long) nodes * OPS_PER_NODE);
  }

  /** Waits until {@code db} holds an op (while {@link #running} runs); returns the count then. */
  private long waitForSome(Path db) {
    long deadline = System.currentTimeMillis() + KILL_DEADLINE_MILLIS;
    try {
      while (true) {
        long n = count(db);
        if (n > 0) {
          return n;
        }
        if (!running.isAlive() || System.currentTimeMillis() > deadline) {
          throw new AssertionError("no op reached " + db + " while the sync ran: " + HephCli.await(running));
        }
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Watches {@code db}'s op log (read-only) while {@link #running} syncs and SIGKILLs it as soon
   * as the first page or batch is committed there; returns how many ops {@code db} holds after
   * the process is gone.
   */
  private long killOnceSomeArrived(Path db) {
    long deadline = System.currentTimeMillis() + KILL_DEADLINE_MILLIS;
    try {
      while (true) {
        if (!running.isAlive()) {
          HephCli.Result r = HephCli.await(running);
          throw new AssertionError("the sync finished before it could be killed: " + r);
        }
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("no op reached " + db + " within " + KILL_DEADLINE_MILLIS + " ms");
        }
        if (count(db) > 0) {
          running.kill();
          return Sqlite.opCount(db);
        }
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The op count, or 0 while the database (or its schema) does not exist yet. */
  private static long count(Path db) {
    if (!db.toFile().exists()) {
      return 0;
    }
    try (Connection c = Sqlite.readOnly(db); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM ops")) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      return 0; // not created yet, or mid-creation
    }
  }
}
