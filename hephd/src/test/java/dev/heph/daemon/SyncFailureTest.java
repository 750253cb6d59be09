package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.heph.testkit.HephCli;
import dev.heph.testkit.Sqlite;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heph sync} against a dead URL, against servers that are not heph hubs, and against one
 * that speaks another protocol version: exit 1 with one clear line naming the URL and the cause,
 * local data untouched, and the next sync against the real hub picks up where the last stopped.
 */
@Timeout(180)
class SyncFailureTest {
  @TempDir Path dir;
  HubProcess hub;
  final List<HttpServer> fakes = new ArrayList<>();
  HephCli cli;

  @BeforeEach
  void setUp() {
    cli = new HephCli(dir);
  }

  @AfterEach
  void tearDown() {
    fakes.forEach(s -> s.stop(0));
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void deadAndForeignHubsFailLoudlyAndChangeNothing() {
    hub = HubProcess.start(dir.resolve("hub.db"));
    Replica a = new Replica("a", dir, cli);
    Replica b = new Replica("b", dir, cli);
    a.add("Synced before");
    a.sync(hub.url());
    String unsynced = a.add("Not yet synced", "--tag", "later");
    long unsyncedOps = a.opCount() - Sqlite.opCount(hub.db());
    String before = a.listAll();
    List<String> opsBefore = Sqlite.opHlcs(a.db);
    List<String> cursorsBefore = syncMeta(a);

    String dead = "http://127.0.0.1:1";
    assertThat(failedSync(a, dead)).contains("cannot reach hub " + dead).containsAnyOf("ConnectException", "refused");

    String hello = fake(200, "text/plain", "hello", null);
    assertThat(failedSync(a, hello)).contains(hello).contains("not answer like a heph hub").contains("hello");

    String html = fake(404, "text/html", "<html><body><h1>Not Found</h1></body></html>", null);
    assertThat(failedSync(a, html)).contains(html).contains("not answer like a heph hub").contains("404");

    String future = fake(200, "application/json", "{\"protocol\":2,\"hub_id\":\"00000000000000aa\",\"epoch\":\"e\","
        + "\"seq\":0,\"time\":\"2030-01-01T00:00:00Z\"}", null);
    assertThat(failedSync(a, future)).contains(future).contains("protocol 2");

    String json = fake(200, "application/json", "{}", null);
    assertThat(failedSync(a, json)).contains(json).contains("not answer like a heph hub");

    // Nothing local changed, and the real hub still knows this replica: the next sync pushes just
    // what was never sent, without any reset.
    assertThat(a.listAll()).isEqualTo(before);
    assertThat(Sqlite.opHlcs(a.db)).isEqualTo(opsBefore);
    assertThat(syncMeta(a)).as("sync cursors").isEqualTo(cursorsBefore);
    Map<String, Object> report = a.sync(hub.url());
    assertThat(report).containsEntry("pushed", unsyncedOps).containsEntry("applied", 0L).containsEntry("reset", false);
    b.sync(hub.url());
    assertThat(SyncPropagationTest.node(SyncPropagationTest.assertConverged(a, b), unsynced))
        .containsEntry("tags", List.of("later"));
  }

  @Test
  void aServerThatAnswersInfoButNotThePullFailsAndTheRealHubThenTakesEverything() {
    hub = HubProcess.start(dir.resolve("hub.db"));
    Replica b = new Replica("b", dir, cli);
    String id = b.add("Made on B");
    String before = b.listAll();
    // Looks like a hub at /sync/info, but every other route is a proxy's HTML error page.
    String info = "{\"protocol\":1,\"hub_id\":\"00000000000000bb\",\"epoch\":\"0123456789abcdef\",\"seq\":0,"
        + "\"time\":\"2030-01-01T00:00:00Z\"}";
    String broken = fake(502, "text/html", "<html>Bad Gateway</html>", info);
    assertThat(failedSync(b, broken)).contains(broken).contains("502");
    assertThat(b.listAll()).isEqualTo(before);

    Map<String, Object> report = b.sync(hub.url());
    assertThat(report).containsEntry("pushed", b.opCount());
    Replica fresh = new Replica("fresh", dir, cli);
    fresh.sync(hub.url());
    assertThat(SyncPropagationTest.node(SyncPropagationTest.assertConverged(b, fresh), id))
        .containsEntry("title", "Made on B");
  }

  @Test
  void noHubUrlOrABadOneIsAOneLineError() {
    Replica a = new Replica("a", dir, cli);
    assertThat(a.run("sync").userError().err()).contains("no hub URL known").contains("--hub-url");
    assertThat(a.run("sync", "--hub-url", "ftp://example.com").userError().err()).contains("ftp://example.com");
  }

  /** The replica's sync position (hub id, epoch, cursors), all but the remembered URL. */
  private static List<String> syncMeta(Replica r) {
    return Sqlite.strings(r.db, "SELECT key || '=' || value FROM meta WHERE key LIKE 'sync.%'"
        + " AND key != 'sync.hub_url' ORDER BY key");
  }

  /** Runs a sync that must fail with exit 1 and one line; returns that line. */
  private static String failedSync(Replica r, String url) {
    String line = r.run("sync", "--hub-url", url).userError().err().strip();
    assertThat(line).as("the error names the URL").contains(url);
    return line;
  }

  /**
   * A server that answers every request with {@code status} and {@code body}; when
   * {@code infoJson} is given, {@code /sync/info} answers it with 200 instead. Returns its URL.
   */
  private String fake(int status, String contentType, String body, String infoJson) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        boolean info = infoJson != null && exchange.getRequestURI().getPath().equals("/sync/info");
        byte[] bytes = (info ? infoJson : body).getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", info ? "application/json" : contentType);
        exchange.sendResponseHeaders(info ? 200 : status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      });
      server.start();
      fakes.add(server);
      return "http://127.0.0.1:" + server.getAddress().getPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
