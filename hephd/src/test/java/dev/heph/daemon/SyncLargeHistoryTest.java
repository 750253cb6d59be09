package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.core.op.Field;
import com.sun.net.httpserver.HttpServer;
import dev.heph.sync.hub.Hub;
import dev.heph.sync.hub.HubResponse;
import dev.heph.testkit.HephCli;
import dev.heph.testkit.Sqlite;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, "pages that no device can swallow", on real processes: a history of maximum-size ops
 * many times larger than either side's heap syncs in full from a hub to a fresh replica, and from
 * a device to an empty hub. Both the hub ({@code hephd --mode server}) and the spoke
 * ({@code heph sync}) run with a 64 MiB heap; pages and push batches are bounded by bytes and
 * streamed, so neither side ever holds more than a few MiB of the history.
 */
@Timeout(900)
class SyncLargeHistoryTest {
  /** Maximum-size ops: bodies of the longest text, each char escaped to 6 bytes in JSON (~1.5 MiB an op). */
  private static final int HUGE_OPS = 300;
  private static final List<String> SMALL_HEAP = List.of("-Xmx64m");

  @TempDir static Path shared;
  static Path history;
  static long historyBytes;

  @TempDir Path dir;
  HubProcess hub;

  @BeforeAll
  static void buildHistory() {
    history = shared.resolve("history.db");
    String body = "\u0001".repeat(Field.MAX_TEXT);
    try (Heph heph = Heph.open(history)) {
      for (int i = 0; i < HUGE_OPS; i++) {
        heph.add(new NewNode("note", "huge " + i, body, List.of(), null, null, null));
      }
    }
    historyBytes = Sqlite.number(history, "SELECT sum(length(CAST(body AS BLOB))) FROM ops");
    assertThat(historyBytes).as("history size").isGreaterThan(20L * (64 << 20) / 3);
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void aHistoryManyTimesTheHeapSyncsToASmallSpokeThroughASmallHub() throws IOException {
    Path hubDb = Files.copy(history, dir.resolve("hub.db"));
    hub = HubProcess.start(hubDb, "127.0.0.1:0", SMALL_HEAP);
    Path replica = dir.resolve("replica.db");
    HephCli cli = new HephCli(dir);
    HephCli.Result sync = HephCli.await(cli.start(SMALL_HEAP, replica, "sync", "--hub-url", hub.url(), "--json"), 600)
        .ok();

    long hubOps = Sqlite.opCount(hubDb);
    @SuppressWarnings("unchecked")
    Map<String, Object> report = (Map<String, Object>) sync.json();
    assertThat(report).containsEntry("pulled", hubOps).containsEntry("applied", hubOps);
    assertThat(Sqlite.opHlcs(replica)).containsExactlyElementsOf(Sqlite.opHlcs(hubDb));
    assertThat(Sqlite.number(replica, "SELECT sum(length(CAST(body AS BLOB))) FROM ops")).isEqualTo(historyBytes);
    // The hub's whole process (heap, code, buffers) stays far below the history it served.
    assertThat(hub.peakRssBytes()).as("hub peak RSS").isLessThan(Math.min(historyBytes / 2, 320L << 20));
    assertThat(hub.isAlive()).isTrue();
  }

  /**
   * An older hub bounds pages by count only: all ~470 MB arrive in one page. The spoke reads it as
   * it arrives and stores it in batches, in the same 64 MiB heap (the hub here is in this JVM,
   * with no byte budget).
   */
  @Test
  void aSmallSpokeReadsOnePageFarLargerThanItsHeap() throws IOException {
    Path hubDb = Files.copy(history, dir.resolve("hub.db"));
    AtomicInteger pages = new AtomicInteger();
    try (Heph heph = Heph.open(hubDb)) {
      Hub unbounded = new Hub(heph, Long.MAX_VALUE);
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> {
        try (exchange) {
          URI uri = exchange.getRequestURI();
          if (uri.getPath().equals("/sync/pull") && !uri.getQuery().contains("limit=0")) {
            pages.incrementAndGet();
          }
          HubResponse r = unbounded.handle(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
              exchange.getRequestHeaders().getFirst("Content-Type"), -1, exchange.getRequestBody());
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(r.status(), 0);
          r.writeTo(exchange.getResponseBody());
        }
      });
      server.start();
      try {
        Path replica = dir.resolve("replica.db");
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        HephCli.Result sync = HephCli.await(new HephCli(dir).start(SMALL_HEAP, replica, "sync", "--hub-url", url,
            "--json"), 600).ok();
        long hubOps = Sqlite.opCount(hubDb);
        assertThat(pages.get()).as("pages pulled").isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) sync.json();
        assertThat(report).containsEntry("pulled", hubOps).containsEntry("applied", hubOps);
        assertThat(Sqlite.opHlcs(replica)).containsExactlyElementsOf(Sqlite.opHlcs(hubDb));
      } finally {
        server.stop(0);
      }
    }
  }

  /**
   * The other way: a device holding the whole history pushes it to an empty hub, both with a 64 MiB
   * heap. A push batch is read from the log only as far as its byte bound (about 1 MiB, or one op).
   */
  @Test
  void aSmallSpokePushesAHistoryManyTimesItsHeap() throws IOException {
    Path device = Files.copy(history, dir.resolve("device.db"));
    hub = HubProcess.start(dir.resolve("hub.db"), "127.0.0.1:0", SMALL_HEAP);
    HephCli.Result sync = HephCli.await(new HephCli(dir).start(SMALL_HEAP, device, "sync", "--hub-url", hub.url(),
        "--json"), 600).ok();
    long ops = Sqlite.opCount(device);
    @SuppressWarnings("unchecked")
    Map<String, Object> report = (Map<String, Object>) sync.json();
    assertThat(report).containsEntry("pushed", ops);
    assertThat(Sqlite.opHlcs(hub.db())).containsExactlyElementsOf(Sqlite.opHlcs(device));
  }
}
