package dev.heph.daemon.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.core.NodeFilter;
import dev.heph.core.sync.LoggedOp;
import dev.heph.sync.hub.Hub;
import dev.heph.sync.hub.HubResponse;
import dev.heph.sync.wire.Wire;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub in server mode: one facade serves the hub's pushes and pulls and the RPC's writes, from
 * as many threads as requests. Nobody passes a lock around; the store lets them take turns, so
 * every request succeeds and every op lands exactly once.
 */
class SharedFacadeTest {
  static final int PUSHERS = 3;
  static final int WRITERS = 3;
  static final int PULLERS = 2;
  static final int ROUNDS = 40;

  @TempDir Path dir;

  /** Answers what RPC asks of a daemon in server mode: nothing of sync. */
  static final DaemonControl SERVER = new DaemonControl() {
    @Override
    public String syncNow() {
      return "{}";
    }

    @Override
    public String syncStatus() {
      return "{}";
    }

    @Override
    public String daemonStatus() {
      return "{}";
    }

    @Override
    public void changed() {}
  };

  @Test
  @Timeout(120)
  void hubPushesPullsAndRpcWritesFromManyThreadsAllSucceedOnOneFacade() throws Exception {
    // Each pusher sends the ops of a device of its own, one small batch per round.
    List<List<byte[]>> bodies = new ArrayList<>();
    for (int p = 0; p < PUSHERS; p++) {
      try (Heph device = Heph.open(dir.resolve("device" + p + ".db"))) {
        for (int i = 0; i < ROUNDS; i++) {
          device.add(NewNode.task("pushed " + p + "." + i));
        }
        List<LoggedOp> log = device.hubStore().after(0, Integer.MAX_VALUE);
        List<byte[]> batches = new ArrayList<>();
        for (int i = 0; i < log.size(); i += 3) {
          batches.add(Wire.pushBody(log.subList(i, Math.min(log.size(), i + 3))));
        }
        bodies.add(batches);
      }
    }
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    try (Heph heph = Heph.open(dir.resolve("hub.db"))) {
      Hub hub = new Hub(heph);
      Rpc rpc = new Rpc(heph, SERVER);
      CyclicBarrier start = new CyclicBarrier(PUSHERS + WRITERS + PULLERS);
      ExecutorService threads = Executors.newFixedThreadPool(PUSHERS + WRITERS + PULLERS);
      List<Future<?>> done = new ArrayList<>();
      for (int p = 0; p < PUSHERS; p++) {
        List<byte[]> batches = bodies.get(p);
        done.add(threads.submit(() -> {
          start.await();
          for (byte[] body : batches) {
            HubResponse r = hub.handle("POST", "/sync/push", null, "application/json", body.length,
                new ByteArrayInputStream(body));
            if (r.status() != 200) {
              failures.add("push: " + r.status() + " " + r.json());
            }
          }
          return null;
        }));
      }
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        done.add(threads.submit(() -> {
          start.await();
          for (int i = 0; i < ROUNDS; i++) {
            String answer = rpc.handle("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"node.create\",\"params\":"
                + "{\"title\":\"written " + writer + "." + i + "\"}}");
            if (!answer.contains("\"result\"")) {
              failures.add("rpc: " + answer);
            }
          }
          return null;
        }));
      }
      for (int p = 0; p < PULLERS; p++) {
        done.add(threads.submit(() -> {
          start.await();
          for (int i = 0; i < ROUNDS; i++) {
            HubResponse r = hub.handle("GET", "/sync/pull", "after=0&limit=50", null, 0, null);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            r.writeTo(out);
            if (r.status() != 200) {
              failures.add("pull: " + r.status() + " " + out);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        try {
          f.get(100, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          failures.add(e.getCause().toString());
        }
      }
      threads.shutdown();

      assertThat(failures).as("requests that failed").isEmpty();
      List<String> titles = heph.list(new NodeFilter(true, null, null, null)).stream().map(n -> n.title()).toList();
      assertThat(titles).hasSize((PUSHERS + WRITERS) * ROUNDS).doesNotHaveDuplicates();
      assertThat(heph.check().ok()).isTrue();
    }
  }
}
