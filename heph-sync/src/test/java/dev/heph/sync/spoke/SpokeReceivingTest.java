package dev.heph.sync.spoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.NewNode;
import dev.heph.sync.hub.Hub;
import dev.heph.sync.hub.HubResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
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

  /** An in-process hub behind the transport interface; {@code cutPageAt} > 0 breaks page answers after that many bytes. */
  final class Direct implements HubTransport {
    int cutPageAt;
    IOException failInfo;

    @Override
    public Reply exchange(String method, String pathAndQuery, byte[] jsonBody) throws IOException {
      if (failInfo != null) {
        throw failInfo;
      }
      byte[] answer = answer(method, pathAndQuery, jsonBody);
      return new Reply(status, new String(answer, StandardCharsets.UTF_8));
    }

    @Override
    public Streamed get(String pathAndQuery) throws IOException {
      byte[] answer = answer("GET", pathAndQuery, null);
      InputStream body = new ByteArrayInputStream(answer);
      if (cutPageAt > 0 && answer.length > cutPageAt) {
        body = new SequenceInputStream(new ByteArrayInputStream(answer, 0, cutPageAt), new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("Connection reset");
          }
        });
      }
      return new Streamed(status, body);
    }

    private int status;

    private byte[] answer(String method, String pathAndQuery, byte[] jsonBody) throws IOException {
      int q = pathAndQuery.indexOf('?');
      byte[] body = jsonBody == null ? new byte[0] : jsonBody;
      HubResponse r = hub.handle(method, q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
          q < 0 ? null : pathAndQuery.substring(q + 1), "application/json", body.length, new ByteArrayInputStream(body));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      r.writeTo(out);
      status = r.status();
      return out.toByteArray();
    }

    @Override
    public String describe() {
      return "in-process hub";
    }
  }

  long opCount(Heph heph) {
    return heph.store().read(tx -> tx.opLog().maxSeq() == 0 ? 0L : (long) tx.opLog().after(0, Integer.MAX_VALUE).size());
  }

  @Test
  void aPageCutMidwayKeepsTheBatchesThatArrivedAndTheNextSyncFinishes() {
    Direct transport = new Direct();
    transport.cutPageAt = 20_000; // of a page of about 60 KB
    Spoke spoke = new Spoke(replica, transport, FaultPoint.NONE, 5000, 8 << 10);
    assertThatThrownBy(spoke::sync).isInstanceOfSatisfying(HephException.SyncFailure.class, e -> {
      assertThat(e.code()).isEqualTo("hub_unreachable");
      assertThat(e.getMessage()).contains("broke while receiving a page").contains("Connection reset");
    });
    long kept = opCount(replica);
    assertThat(kept).as("ops of the batches applied before the cut").isPositive().isLessThan(opCount(hubHeph));
    assertThat(replica.store().read(SyncCursors::load).pullSeq()).as("the cursor moves only with a whole page").isZero();

    transport.cutPageAt = 0;
    SyncReport report = spoke.sync();
    assertThat(opCount(replica)).isEqualTo(opCount(hubHeph));
    assertThat(report.applied()).isEqualTo(opCount(hubHeph) - kept);
  }

  @Test
  void runningOutOfMemoryWhileReceivingIsNotReportedAsAnUnreachableHub() {
    Direct transport = new Direct();
    // What the JDK's HttpClient.send throws when its body handler runs out of memory.
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    transport.failInfo = new IOException("Java heap space", oom);
    Spoke spoke = new Spoke(replica, transport);
    assertThatThrownBy(spoke::sync).isSameAs(oom);

    transport.failInfo = new java.net.ConnectException("Connection refused");
    assertThatThrownBy(spoke::sync).isInstanceOfSatisfying(HephException.SyncFailure.class, e -> {
      assertThat(e.code()).isEqualTo("hub_unreachable");
      assertThat(e.getMessage()).startsWith("cannot reach hub in-process hub: connection refused");
    });
  }
}
