package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One facade used from several threads at once: its store serializes them on its connection. */
class FacadeThreadsTest {
  static final int THREADS = 6;
  static final int WRITES = 50;

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void writesAndReadsFromManyThreadsAllSucceed() throws Exception {
    try (Heph heph = Heph.open(dir.resolve("h.db"))) {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(threads.submit(() -> {
          start.await();
          for (int i = 0; i < WRITES; i++) {
            Node n = heph.add(NewNode.task("t" + thread + " n" + i));
            heph.done(n.id());
            assertThat(heph.get(n.id()).status()).isEqualTo("done");
            heph.dataVersion();
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(50, TimeUnit.SECONDS); // rethrows what failed on that thread
      }
      threads.shutdown();
      assertThat(heph.list(new NodeFilter(true, null, null, null))).hasSize(THREADS * WRITES);
      assertThat(heph.check().ok()).isTrue();
    }
  }

  @Test
  void aFacadeCallInsideAnotherOnTheSameThreadIsRefusedClearlyInsteadOfDeadlocking() {
    try (Heph heph = Heph.open(dir.resolve("h.db"))) {
      heph.add(NewNode.task("one"));
      assertThatThrownBy(() -> heph.list(new NodeFilter(true, null, null, null), n -> heph.add(NewNode.task("two"))))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("transactions do not nest");
      assertThat(heph.list(new NodeFilter(true, null, null, null))).extracting(Node::title).containsExactly("one");
      heph.add(NewNode.task("three")); // the facade is usable again
      assertThat(heph.list(new NodeFilter(true, null, null, null))).hasSize(2);
    }
  }
}
