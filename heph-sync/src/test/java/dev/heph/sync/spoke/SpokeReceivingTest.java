package dev.heph.sync.spoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.NewNode;
import dev.heph.sync.hub.Hub;
import dev.heph.sync.sim.InProcessHubClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a spoke receives pages: in bounded batches, keeping what arrived when the connection breaks
 * midway, and naming a failure of its own (out of memory) as such, never as an unreachable hub.
 */
class SpokeReceivingTest {
  @TempDir Path dir;
  Heph hubHeph;
  Heph replica;
  Hub hub;

  @BeforeEach
  void open() {
    hubHeph = Heph.open(dir.resolve("hub.db"));
    replica = Heph.open(dir.resolve("replica.db"));
    hub = new Hub(hubHeph);
    for (int i = 0; i < 40; i++) {
      hubHeph.add(new NewNode("note", "note " + i, "body ".repeat(200), List.of(), null, null, null));
    }
  }

  @AfterEach
  void close() {
    replica.close();
    hubHeph.close();
  }

  /** What the connection does to a page's bytes: broken after {@link #cutPageAt} bytes when that is > 0. */
  int cutPageAt;

  InputStream connection(InputStream page) {
    if (cutPageAt <= 0) {
      return page;
    }
    return new SequenceInputStream(new ByteArrayInputStream(readAll(page), 0, cutPageAt), new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("Connection reset");
      }
    });
  }

  static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  long opCount(Heph heph) {
    return heph.hubStore().after(0, Integer.MAX_VALUE).size();
  }

  @Test
  void aPageCutMidwayKeepsTheBatchesThatArrivedAndTheNextSyncFinishes() {
    cutPageAt = 20_000; // of a page of about 60 KB
    Spoke spoke = new Spoke(replica, new InProcessHubClient(() -> hub, this::connection), FaultPoint.NONE, 5000, 8 << 10);
    assertThatThrownBy(spoke::sync).isInstanceOfSatisfying(HephException.SyncFailure.class, e -> {
      assertThat(e.code()).isEqualTo("hub_unreachable");
      assertThat(e.getMessage()).contains("broke while receiving a page").contains("Connection reset");
    });
    long kept = opCount(replica);
    assertThat(kept).as("ops of the batches applied before the cut").isPositive().isLessThan(opCount(hubHeph));
    assertThat(replica.spokeStore().cursors().pullSeq()).as("the cursor moves only with a whole page").isZero();

    cutPageAt = 0;
    SyncReport report = spoke.sync();
    assertThat(opCount(replica)).isEqualTo(opCount(hubHeph));
    assertThat(report.applied()).isEqualTo(opCount(hubHeph) - kept);
  }

  @Test
  void runningOutOfMemoryWhileReceivingIsNotReportedAsAnUnreachableHub() {
    // What the JDK's HttpClient.send throws when its body handler runs out of memory.
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    Spoke spoke = new Spoke(replica, new Failing(() -> HttpHubClient.unreachable("in-process hub",
        new IOException("Java heap space", oom))));
    assertThatThrownBy(spoke::sync).isSameAs(oom);

    spoke = new Spoke(replica, new Failing(() -> HttpHubClient.unreachable("in-process hub",
        new java.net.ConnectException("Connection refused"))));
    assertThatThrownBy(spoke::sync).isInstanceOfSatisfying(HephException.SyncFailure.class, e -> {
      assertThat(e.code()).isEqualTo("hub_unreachable");
      assertThat(e.getMessage()).startsWith("cannot reach hub in-process hub: connection refused");
    });
  }

  /** A hub client whose every request fails as the HTTP client maps what its connection threw. */
  record Failing(java.util.function.Supplier<HubError> failure) implements HubClient {
    @Override
    public dev.heph.sync.wire.HubInfo info() {
      throw failure.get();
    }

    @Override
    public dev.heph.sync.wire.PullPage pull(Cursor after, int limit, Batches batches) {
      throw failure.get();
    }

    @Override
    public dev.heph.sync.wire.PushAck push(List<dev.heph.core.sync.LoggedOp> batch) {
      throw failure.get();
    }

    @Override
    public String describe() {
      return "in-process hub";
    }
  }
}
