package dev.heph.daemon.local;

import static dev.heph.daemon.local.JsonTree.NODE_KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * One real {@code hephd --mode local} (no hub) and real unix-socket connections: every method and
 * its result shape, the error codes, what a malformed line does to the connection, 20 concurrent
 * writers, the socket's permissions, and the CLI and the socket seeing each other's writes.
 * Each test works on its own nodes (own tags), so the order of the tests does not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class SocketRpcTest {
  Path dir;
  Path db;
  Path socket;
  DaemonProc daemon;
  RpcConn rpc;

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "hd");
    db = dir.resolve("a.db");
    socket = dir.resolve("s").resolve("hephd.sock");
    daemon = DaemonProc.local(db, socket);
  }

  @BeforeEach
  void connect() {
    rpc = daemon.connect();
  }

  @AfterEach
  void disconnect() {
    rpc.close();
  }

  @AfterAll
  void stop() throws IOException {
    if (daemon != null) {
      daemon.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void nodeCreateGetListUpdateDeleteRestoreDoneEachAnswerNodesInTheCliShape() {
    Map<String, Object> created = rpc.node("node.create", "title", "Buy milk", "tags", List.of("shop", "home"),
        "due", "2030-12-01", "priority", "H", "body", "two litres");
    String id = (String) created.get("id");
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(created).containsEntry("kind", "task").containsEntry("title", "Buy milk")
        .containsEntry("body", "two litres").containsEntry("status", "open").containsEntry("priority", "H")
        .containsEntry("due", "2030-12-01").containsEntry("tags", List.of("home", "shop"))
        .containsEntry("links", List.of()).containsEntry("parent", null).containsEntry("deleted", false)
        .containsEntry("conflicts", List.of());
    assertThat((String) created.get("created")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat((String) created.get("updated")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

    Map<String, Object> note = rpc.node("node.create", "title", "Meeting notes", "kind", "note", "parent", id.substring(0, 13),
        "tags", List.of("shop"));
    assertThat(note).containsEntry("kind", "note").containsEntry("status", null).containsEntry("parent", id);

    assertThat(rpc.node("node.get", "id", id)).isEqualTo(created);
    assertThat(rpc.node("node.get", "id", id.substring(0, 13))).isEqualTo(created);

    assertThat(ids(rpc.nodes("node.list", "tag", "shop"))).containsExactly(id, note.get("id"));
    assertThat(ids(rpc.nodes("node.list", "tag", "shop", "kind", "note"))).containsExactly(note.get("id"));
    assertThat(ids(rpc.nodes("node.list", "tag", "home", "status", "open"))).containsExactly(id);

    Map<String, Object> updated = rpc.node("node.update", "id", id, "title", "Buy oat milk", "add_tags",
        List.of("errand"), "remove_tags", List.of("home"), "due", "none", "priority", "L", "status", "doing");
    assertThat(updated).containsEntry("title", "Buy oat milk").containsEntry("tags", List.of("errand", "shop"))
        .containsEntry("due", null).containsEntry("priority", "L").containsEntry("status", "doing")
        .containsEntry("created", created.get("created"));
    assertThat(rpc.node("node.update", "id", id, "body", "")).containsEntry("body", null);

    Map<String, Object> done = rpc.node("task.done", "id", id);
    assertThat(done).containsEntry("status", "done");
    assertThat(ids(rpc.nodes("node.list", "tag", "shop"))).as("done tasks are hidden without all")
        .containsExactly(note.get("id"));
    assertThat(ids(rpc.nodes("node.list", "tag", "shop", "status", "done"))).containsExactly(id);

    Map<String, Object> deleted = rpc.node("node.delete", "id", note.get("id"));
    assertThat(deleted).containsEntry("deleted", true);
    assertThat(rpc.nodes("node.list", "tag", "shop")).isEmpty();
    assertThat(ids(rpc.nodes("node.list", "tag", "shop", "all", true))).containsExactly(id, note.get("id"));

    Map<String, Object> restored = rpc.node("node.restore", "id", note.get("id"));
    assertThat(restored).containsEntry("deleted", false).containsEntry("title", "Meeting notes");
    assertThat(ids(rpc.nodes("node.list", "tag", "shop"))).containsExactly(note.get("id"));
  }

  @Test
  void taskFieldsAnnotateStartAndStop() {
    String seeds = id(rpc.node("node.create", "title", "Buy seeds"));
    Map<String, Object> sow = rpc.node("node.create", "title", "Sow", "project", "Home.Garden", "scheduled",
        "2030-04-01", "wait", "2030-03-25T08:00:00Z", "until", "2030-05-01", "depends", List.of(seeds),
        "udas", Map.of("estimate", "2h"));
    String id = id(sow);
    assertThat(sow).containsEntry("project", "Home.Garden").containsEntry("scheduled", "2030-04-01")
        .containsEntry("wait", "2030-03-25T08:00:00Z").containsEntry("until", "2030-05-01")
        .containsEntry("depends", List.of(seeds)).containsEntry("udas", Map.of("estimate", "2h"));
    Map<String, Object> edited = rpc.node("node.update", "id", id, "project", "none", "remove_depends", List.of(seeds),
        "udas", Map.of("estimate", "", "size", "S"));
    assertThat(edited).containsEntry("project", null).containsEntry("depends", List.of())
        .containsEntry("udas", Map.of("size", "S"));
    Map<String, Object> annotated = rpc.node("node.annotate", "id", id, "text", "bought compost");
    assertThat(JsonTree.objs(annotated.get("annotations"))).singleElement()
        .satisfies(a -> assertThat(a).containsEntry("text", "bought compost"));
    assertThat(rpc.node("task.start", "id", id)).containsEntry("status", "doing");
    assertThat(rpc.node("task.stop", "id", id)).containsEntry("status", "open").containsEntry("start", null);
    assertThat(rpc.error("node.update", "id", id, "udas", List.of("x"))).containsEntry("code", -32602L);
  }

  @Test
  void linkAddAndRemove() {
    String a = id(rpc.node("node.create", "title", "Write report", "tags", List.of("links")));
    String b = id(rpc.node("node.create", "title", "Collect figures", "tags", List.of("links")));
    Map<String, Object> linked = rpc.node("link.add", "id", a, "to", b.substring(0, 13), "type", "blocks");
    assertThat(linked).containsEntry("links", List.of(Map.of("type", "blocks", "to", b)));
    Map<String, Object> related = rpc.node("link.add", "id", a, "to", b);
    assertThat(JsonTree.objs(related.get("links"))).containsExactlyInAnyOrder(Map.of("type", "blocks", "to", b),
        Map.of("type", "related", "to", b));
    assertThat(rpc.node("link.remove", "id", a, "to", b, "type", "related"))
        .containsEntry("links", List.of(Map.of("type", "blocks", "to", b)));
    assertThat(JsonTree.arr(rpc.node("link.add", "id", a, "to", b, "type", "related").get("links"))).hasSize(2);
    assertThat(rpc.node("link.remove", "id", a, "to", b)).as("no type: every type goes")
        .containsEntry("links", List.of());
    assertThat(rpc.node("node.get", "id", a)).containsEntry("links", List.of());
  }

  @Test
  void searchFindsByWordPrefixes() {
    String hit = id(rpc.node("node.create", "title", "Quarterly zeppelin inspection", "body", "hangar seven"));
    rpc.node("node.create", "title", "Zeppelin museum tickets");
    List<Map<String, Object>> found = rpc.nodes("search", "query", "zepp hang");
    assertThat(ids(found)).containsExactly(hit);
    assertThat(rpc.nodes("search", "query", "zeppelin")).hasSize(2);
    assertThat(rpc.nodes("search", "query", "nonexistentword")).isEmpty();
  }

  @Test
  void conflictsOnAReplicaWithoutConflicts() {
    String id = id(rpc.node("node.create", "title", "Calm"));
    assertThat(rpc.result("conflicts.list")).isEqualTo(List.of());
    Map<String, Object> e = rpc.error("conflicts.resolve", "id", id, "field", "title", "value", "x");
    assertThat(e).containsEntry("code", -32004L);
    assertThat(RpcConn.dataCode(e)).isEqualTo("conflict_not_found");
    assertThat((String) e.get("message")).contains("not in conflict");
  }

  @Test
  void syncWithoutAHubIsAnInvalidInputAndTheStatusSaysSyncIsOff() {
    Map<String, Object> e = rpc.error("sync.now");
    assertThat(e).containsEntry("code", -32003L);
    assertThat(RpcConn.dataCode(e)).isEqualTo("invalid_input");
    assertThat((String) e.get("message")).contains("no hub URL");

    Map<String, Object> status = JsonTree.obj(rpc.result("sync.status"));
    assertSyncStatusShape(status);
    assertThat(status).containsEntry("enabled", false).containsEntry("hub_url", null).containsEntry("next_sync", null);
  }

  @Test
  void daemonStatusDescribesThisDaemon() {
    Map<String, Object> s = JsonTree.obj(rpc.result("daemon.status"));
    assertThat(s.keySet()).containsExactly("running", "mode", "pid", "db", "socket", "started", "uptime_s", "sync");
    assertThat(s).containsEntry("running", true).containsEntry("mode", "local").containsEntry("pid", daemon.pid())
        .containsEntry("db", db.toAbsolutePath().toString()).containsEntry("socket", socket.toString());
    assertThat((Long) s.get("uptime_s")).isNotNegative();
    assertSyncStatusShape(JsonTree.obj(s.get("sync")));
  }

  static void assertSyncStatusShape(Map<String, Object> s) {
    assertThat(s.keySet()).containsExactly("enabled", "hub_url", "last_attempt", "last_success", "last_error",
        "failures", "next_sync", "pending_push", "last_check", "damaged", "cursor");
    assertThat(JsonTree.obj(s.get("cursor")).keySet()).containsExactly("hub_id", "pull_seq", "push_seq");
    assertThat(s.get("pending_push")).isInstanceOf(Long.class);
    assertThat(s.get("failures")).isInstanceOf(Long.class);
  }

  @Test
  void protocolErrors() {
    // -32700: not JSON; the id is null, and the connection keeps working.
    for (String bad : List.of("not json", "{\"jsonrpc\":\"2.0\",\"id\":1,", "{\"jsonrpc\":\"2.0\"} {}")) {
      Map<String, Object> r = JsonTree.obj(JsonTree.parse(rpc.roundTrip(bad)));
      assertThat(r).as(bad).containsEntry("jsonrpc", "2.0").containsEntry("id", null);
      assertThat(JsonTree.obj(r.get("error"))).as(bad).containsEntry("code", -32700L);
      assertThat(RpcConn.dataCode(JsonTree.obj(r.get("error")))).isEqualTo("parse_error");
      assertThat(rpc.result("node.list", "tag", "nothing-has-this")).as("after %s", bad).isEqualTo(List.of());
    }
    // -32600: valid JSON, but not a JSON-RPC 2.0 request object.
    for (String bad : List.of("[1,2]", "42", "\"node.list\"", "{\"id\":7,\"method\":\"node.list\"}",
        "{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"node.list\"}", "{\"jsonrpc\":\"2.0\",\"id\":7}",
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":12}", "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"node.list\"}")) {
      Map<String, Object> r = JsonTree.obj(JsonTree.parse(rpc.roundTrip(bad)));
      assertThat(JsonTree.obj(r.get("error"))).as(bad).containsEntry("code", -32600L);
      assertThat(RpcConn.dataCode(JsonTree.obj(r.get("error")))).isEqualTo("invalid_request");
      assertThat(r.get("id")).as("id echoed when it could be read: %s", bad).isIn(7L, null);
    }
    // -32601: unknown method, and the message lists the methods.
    Map<String, Object> e = rpc.error("node.frobnicate");
    assertThat(e).containsEntry("code", -32601L);
    assertThat(RpcConn.dataCode(e)).isEqualTo("method_not_found");
    assertThat((String) e.get("message")).contains("node.frobnicate").contains("node.create").contains("daemon.status");
  }

  /**
   * JSON-RPC 2.0 (section 5 and the examples in section 7: {"foo": "boo"} gets -32600 with id
   * null): only a valid Request object without "id" is a notification. Anything else must be
   * answered, or a client that got the envelope wrong waits forever.
   */
  @Test
  void invalidRequestsWithoutAnIdAreAnsweredToo() {
    for (String bad : List.of("{}", "{\"foo\":\"boo\"}", "{\"method\":\"node.list\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":1,\"params\":\"bar\"}", "{\"jsonrpc\":\"2.0\"}")) {
      try (RpcConn c = daemon.connect()) {
        c.send(bad + "\n");
        String answer = c.readLine(5);
        assertThat(answer).as("answer to %s", bad).isNotNull();
        Map<String, Object> r = JsonTree.obj(JsonTree.parse(answer));
        assertThat(r).as(bad).containsEntry("id", null);
        assertThat(JsonTree.obj(r.get("error"))).as(bad).containsEntry("code", -32600L);
      }
    }
  }

  @Test
  void invalidParamsNameTheParam() {
    record Case(String method, Map<String, Object> params, String named) {}
    String id = id(rpc.node("node.create", "title", "Params target"));
    List<Case> cases = List.of(
        new Case("node.create", Map.of("title", "x", "colour", "red"), "colour"),
        new Case("node.create", Map.of(), "title"),
        new Case("node.create", Map.of("body", "no title"), "title"),
        new Case("node.create", Map.of("title", 5), "title"),
        new Case("node.create", Map.of("title", "x", "tags", "home"), "tags"),
        new Case("node.create", Map.of("title", "x", "tags", List.of(1, 2)), "tags"),
        new Case("node.get", Map.of(), "id"),
        new Case("node.get", Map.of("id", List.of(id)), "id"),
        new Case("node.list", Map.of("all", "yes"), "all"),
        new Case("node.list", Map.of("limit", 3), "limit"),
        new Case("node.update", Map.of("id", id, "add_tags", "x"), "add_tags"),
        new Case("link.add", Map.of("id", id), "to"),
        new Case("search", Map.of(), "query"),
        new Case("conflicts.list", Map.of("id", id), "id"),
        new Case("conflicts.resolve", Map.of("id", id, "value", "v"), "field"),
        new Case("daemon.status", Map.of("verbose", true), "verbose"));
    for (Case c : cases) {
      Map<String, Object> e = JsonTree.obj(rpc.call(c.method(), c.params()).get("error"));
      assertThat(e).as("%s", c).isNotNull().containsEntry("code", -32602L);
      assertThat(RpcConn.dataCode(e)).isEqualTo("invalid_params");
      assertThat((String) e.get("message")).as("%s", c).contains(c.method()).contains("'" + c.named() + "'");
    }
    // params by position are refused: by name only.
    Map<String, Object> r = JsonTree.obj(JsonTree.parse(rpc.roundTrip(
        "{\"jsonrpc\":\"2.0\",\"id\":\"pos\",\"method\":\"node.get\",\"params\":[\"" + id + "\"]}")));
    assertThat(r).containsEntry("id", "pos");
    assertThat(JsonTree.obj(r.get("error"))).containsEntry("code", -32602L);
  }

  @Test
  void applicationErrorsHaveStableCodes() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(id(rpc.node("node.create", "title", "Twin " + i, "tags", List.of("twins"))));
    }
    // -32001 not_found
    Map<String, Object> e = rpc.error("node.get", "id", "ffffffff");
    assertThat(e).containsEntry("code", -32001L);
    assertThat(RpcConn.dataCode(e)).isEqualTo("not_found");
    assertThat((String) e.get("message")).contains("ffffffff");
    assertThat(rpc.error("task.done", "id", "ffffffff-0000")).containsEntry("code", -32001L);
    assertThat(rpc.error("link.add", "id", ids.get(0), "to", "ffffffff")).containsEntry("code", -32001L);

    // -32002 ambiguous_id: the common prefix of two ids (UUIDv7: they share the time part)
    String prefix = commonPrefix(ids.get(0), ids.get(1));
    assertThat(prefix).isNotEmpty();
    e = rpc.error("node.get", "id", prefix);
    assertThat(e).containsEntry("code", -32002L);
    assertThat(RpcConn.dataCode(e)).isEqualTo("ambiguous_id");
    assertThat((String) e.get("message")).contains(ids.get(0)).contains(ids.get(1));
    assertThat(rpc.error("node.update", "id", prefix, "title", "x")).containsEntry("code", -32002L);

    // -32003 invalid_input
    for (Map<String, Object> params : List.<Map<String, Object>>of(
        Map.of("title", ""), Map.of("title", "x", "due", "someday"), Map.of("title", "x", "priority", "Z"),
        Map.of("title", "x", "kind", "poem"), Map.of("title", "x", "parent", "not-hex!"))) {
      e = JsonTree.obj(rpc.call("node.create", params).get("error"));
      assertThat(e).as("%s", params).isNotNull().containsEntry("code", -32003L);
      assertThat(RpcConn.dataCode(e)).isEqualTo("invalid_input");
    }
    String note = id(rpc.node("node.create", "title", "A note", "kind", "note"));
    e = rpc.error("node.update", "id", note, "status", "done");
    assertThat(e).as("status on a note").containsEntry("code", -32003L);
    assertThat(rpc.error("node.list", "status", "sleeping")).containsEntry("code", -32003L);
    assertThat(rpc.error("conflicts.resolve", "id", ids.get(0), "field", "title")).as("neither value nor pick")
        .containsEntry("code", -32003L);

    // -32004 conflict_not_found
    e = rpc.error("conflicts.resolve", "id", ids.get(0), "field", "title", "pick", "0017");
    assertThat(e).containsEntry("code", -32004L);
    assertThat(RpcConn.dataCode(e)).isEqualTo("conflict_not_found");

    // Nothing of the failed calls was written.
    assertThat(ids(rpc.nodes("node.list", "tag", "twins"))).containsExactlyElementsOf(ids);
  }

  @Test
  void aMalformedLineDoesNotCloseTheConnectionAndIdsAreEchoed() {
    try (RpcConn c = daemon.connect()) {
      c.send("{this is not json\n{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"method\":\"node.list\",\"params\":{\"tag\":\"none\"}}\n");
      assertThat(JsonTree.obj(JsonTree.obj(JsonTree.parse(c.readLine())).get("error"))).containsEntry("code", -32700L);
      assertThat(JsonTree.obj(JsonTree.parse(c.readLine()))).containsEntry("id", "s-1").containsEntry("result", List.of());
      // Blank lines are skipped; "id": null is a request (answered), not a notification.
      c.send("\n   \n{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"conflicts.list\"}\n");
      Map<String, Object> r = JsonTree.obj(JsonTree.parse(c.readLine()));
      assertThat(r).containsEntry("id", null).containsEntry("result", List.of());
      // A control character outside a string is not JSON either.
      c.send("\u0000\n");
      assertThat(JsonTree.obj(JsonTree.obj(JsonTree.parse(c.readLine())).get("error")).get("code"))
          .isIn(-32700L, -32600L);
      assertThat(c.result("conflicts.list")).isEqualTo(List.of());
    }
  }

  @Test
  void anOverlongLineDropsThatClientOnlyAndTheDaemonKeepsServing() {
    try (RpcConn big = daemon.connect()) {
      sendOverlongLine(big);
      // The daemon hangs up on this client (with or without a last word), ...
      String last = readOrNull(big);
      assertThat(last == null || readOrNull(big) == null).isTrue();
    }
    // ... and serves everyone else as before.
    assertThat(rpc.result("conflicts.list")).isEqualTo(List.of());
    try (RpcConn fresh = daemon.connect()) {
      assertThat(fresh.result("conflicts.list")).isEqualTo(List.of());
    }
  }

  /** SocketServer's own doc: "a longer one is answered with an error and the client dropped". */
  @Test
  void anOverlongLineIsAnsweredWithAnErrorBeforeTheHangUp() {
    try (RpcConn big = daemon.connect()) {
      sendOverlongLine(big);
      String answer = readOrNull(big);
      assertThat(answer).as("an error line before the hang-up").isNotNull();
      assertThat(JsonTree.obj(JsonTree.obj(JsonTree.parse(answer)).get("error")).get("code")).isIn(-32600L, -32700L);
    }
  }

  private static void sendOverlongLine(RpcConn c) {
    String request = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node.create\",\"params\":{\"title\":\""
        + "x".repeat((4 << 20) + 10) + "\"}}\n";
    // The daemon stops reading at 4 MiB: write from another thread, and expect the write to fail.
    Thread.ofVirtual().start(() -> {
      try {
        c.send(request);
      } catch (RuntimeException ignored) {
        // broken pipe: the daemon hung up
      }
    });
  }

  private static String readOrNull(RpcConn c) {
    try {
      return c.readLine(15);
    } catch (java.io.UncheckedIOException e) {
      return null; // connection reset
    }
  }

  @Test
  void notificationsAreRunButNotAnswered() {
    try (RpcConn c = daemon.connect()) {
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"node.create\",\"params\":{\"title\":\"Silent\",\"tags\":[\"notif\"]}}\n");
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"no.such.method\"}\n");
      // The next line answered is the answer to the next request.
      List<Map<String, Object>> found = c.nodes("node.list", "tag", "notif");
      assertThat(found).extracting(n -> n.get("title")).containsExactly("Silent");
    }
  }

  @Test
  void aLastLineWithoutNewlineIsAnsweredBeforeTheDaemonHangsUp() throws IOException {
    try (RpcConn c = daemon.connect()) {
      c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node.create\",\"params\":{\"title\":\"Half close\"}}");
      c.channel.shutdownOutput();
      Map<String, Object> r = JsonTree.obj(JsonTree.parse(c.readLine()));
      assertThat(JsonTree.obj(r.get("result"))).containsEntry("title", "Half close");
      assertThat(c.readLine()).isNull();
    }
  }

  @Test
  void unicodeSurvivesTheRoundTrip() {
    String title = "Grüße, 東京 🚀 \"quoted\" \\ back\tslash";
    Map<String, Object> n = rpc.node("node.create", "title", title, "body", "line 1\nline 2");
    assertThat(n).containsEntry("title", title).containsEntry("body", "line 1\nline 2");
    assertThat(rpc.node("node.get", "id", n.get("id"))).containsEntry("title", title);
  }

  /**
   * Text that is not Unicode (an escaped unpaired surrogate, in any string of the request) is
   * refused as invalid input naming where it is, before anything is stored; the id is echoed
   * unless it is the bad text itself.
   */
  @Test
  void textThatIsNotUnicodeIsRefusedNamingWhereAndNothingIsStored() {
    String head = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"node.create\",\"params\":";
    record Case(String params, String message) {}
    for (Case c : List.of(
        new Case("{\"title\":\"ab\\ud800\",\"tags\":[\"lone\"]}",
            "params.title: text is not valid Unicode (unpaired surrogate U+D800 at char 2)"),
        new Case("{\"title\":\"ok\",\"body\":\"\\udc00\",\"tags\":[\"lone\"]}",
            "params.body: text is not valid Unicode (unpaired surrogate U+DC00 at char 0)"),
        new Case("{\"title\":\"ok\",\"tags\":[\"lone\",\"x\\ude00\\ud83d\"]}",
            "params.tags[1]: text is not valid Unicode (unpaired surrogate U+DE00 at char 1)"),
        new Case("{\"title\":\"ok\",\"tags\":[\"lone\"],\"ti\\udbfftle\":1}",
            "params: a key: text is not valid Unicode (unpaired surrogate U+DBFF at char 2)"))) {
      Map<String, Object> r = JsonTree.obj(JsonTree.parse(rpc.roundTrip(head + c.params() + "}")));
      assertThat(r).as(c.params()).containsEntry("id", 5L);
      Map<String, Object> error = JsonTree.obj(r.get("error"));
      assertThat(error).as(c.params()).containsEntry("code", -32003L).containsEntry("message", c.message());
      assertThat(RpcConn.dataCode(error)).isEqualTo("invalid_input");
    }
    Map<String, Object> badId = JsonTree.obj(JsonTree.parse(rpc.roundTrip(
        "{\"jsonrpc\":\"2.0\",\"id\":\"a\\ud800\",\"method\":\"conflicts.list\"}")));
    assertThat(badId).containsEntry("id", null);
    assertThat(JsonTree.obj(badId.get("error"))).containsEntry("code", -32600L)
        .containsEntry("message", "id: text is not valid Unicode (unpaired surrogate U+D800 at char 1)");
    assertThat(rpc.nodes("node.list", "tag", "lone")).isEmpty();
  }

  /** Bytes that are not UTF-8 are a parse error naming the byte, not U+FFFD; the connection serves on. */
  @Test
  void bytesThatAreNotUtf8AreAParseErrorAndTheConnectionServesOn() {
    String head = "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"node.create\",\"params\":{\"tags\":[\"bad-bytes\"],"
        + "\"title\":\"a";
    for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})) {
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      line.writeBytes(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      line.writeBytes(bad);
      line.writeBytes("b\"}}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      rpc.send(line.toByteArray());
      Map<String, Object> r = JsonTree.obj(JsonTree.parse(rpc.readLine()));
      assertThat(r).containsEntry("id", null);
      Map<String, Object> error = JsonTree.obj(r.get("error"));
      assertThat(error).containsEntry("code", -32700L);
      assertThat((String) error.get("message")).startsWith("not valid UTF-8: ").endsWith(" at byte " + head.length());
    }
    assertThat(rpc.nodes("node.list", "tag", "bad-bytes")).isEmpty();
  }

  /** Every valid text, U+0000 and other controls, astral-plane characters and U+FFFD, comes back exactly. */
  @Test
  void everyValidTextComesBackExactly() {
    String title = "nul\u0000 esc\u001b[31m e\u0301 \uFFFD \uFEFF \uD83D\uDE00 \uDBFF\uDFFF";
    String body = "line\nbreak\r\n\u0000\u0001\u007f\uFFFF";
    Map<String, Object> n = rpc.node("node.create", "title", title, "body", body, "tags", List.of("all-text\uD83D\uDE00"));
    assertThat(n).containsEntry("title", title).containsEntry("body", body);
    assertThat(rpc.node("node.get", "id", n.get("id"))).containsEntry("title", title).containsEntry("body", body)
        .containsEntry("tags", List.of("all-text\uD83D\uDE00"));
  }

  @Test
  void twentyConcurrentClientsEachCreatingAHundredNodesLoseNone() throws Exception {
    int clients = 20;
    int each = 100;
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        futures.add(pool.submit((Callable<List<String>>) () -> {
          List<String> made = new ArrayList<>();
          try (RpcConn conn = daemon.connect()) {
            for (int i = 0; i < each; i++) {
              made.add(id(conn.node("node.create", "title", "c" + client + " n" + i, "tags", List.of("load"))));
            }
          }
          return made;
        }));
      }
      Set<String> acknowledged = new HashSet<>();
      for (Future<List<String>> f : futures) {
        acknowledged.addAll(f.get());
      }
      assertThat(acknowledged).hasSize(clients * each);
      List<Map<String, Object>> listed = rpc.nodes("node.list", "tag", "load");
      assertThat(listed).hasSize(clients * each);
      assertThat(new HashSet<>(ids(listed))).isEqualTo(acknowledged);
      Set<Object> titles = new HashSet<>();
      listed.forEach(n -> titles.add(n.get("title")));
      assertThat(titles).hasSize(clients * each);
    }
  }

  @Test
  void theSocketIsMode0600InsideA0700Directory() throws IOException {
    assertThat(Files.readAttributes(socket, java.nio.file.attribute.PosixFileAttributes.class).isOther())
        .as("a socket, not a regular file").isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent()))).isEqualTo("rwx------");
  }

  @Test
  void theCliSeesWhatRpcWroteAndRpcSeesWhatTheCliWrote() {
    // RPC -> CLI: the same node, byte for byte the same JSON object.
    Map<String, Object> viaRpc = rpc.node("node.create", "title", "Written over the socket", "tags", List.of("interop"),
        "due", "2031-01-02");
    String id = id(viaRpc);
    List<Map<String, Object>> listed = JsonTree.objs(JsonTree.parse(
        Cli.run("--db", db.toString(), "list", "--json", "--tag", "interop").ok().out()));
    assertThat(listed).containsExactly(viaRpc);
    Map<String, Object> shown = JsonTree.obj(JsonTree.parse(Cli.run("--db", db.toString(), "show", id, "--json").ok().out()));
    assertThat(shown).isEqualTo(viaRpc);
    assertThat(JsonTree.nodeKeys(shown)).isEqualTo(NODE_KEYS);

    // CLI -> RPC, with no restart and no explicit refresh.
    Map<String, Object> viaCli = JsonTree.obj(JsonTree.parse(Cli.run("--db", db.toString(), "add", "Written by the CLI",
        "--tag", "interop", "--priority", "M", "--json").ok().out()));
    assertThat(rpc.nodes("node.list", "tag", "interop")).containsExactly(viaRpc, viaCli);
    assertThat(rpc.node("node.get", "id", viaCli.get("id"))).isEqualTo(viaCli);
    // and the CLI editing a node the RPC made, seen by the next RPC call
    Cli.run("--db", db.toString(), "done", id).ok();
    assertThat(rpc.node("node.get", "id", id)).containsEntry("status", "done");
  }

  @Test
  void hephDaemonStatusReportsTheRunningDaemon() {
    HephCli.Result text = Cli.run("daemon", "status", "--socket", socket.toString()).ok();
    assertThat(text.out()).contains("hephd is running (pid " + daemon.pid()).contains(db.toAbsolutePath().toString())
        .contains(socket.toString()).contains("sync:     off");
    Map<String, Object> json = JsonTree.obj(JsonTree.parse(Cli.run("daemon", "status", "--socket", socket.toString(),
        "--json").ok().out()));
    assertThat(json).containsEntry("running", true).containsEntry("pid", daemon.pid()).containsEntry("mode", "local")
        .containsEntry("db", db.toAbsolutePath().toString());
  }

  static String id(Map<String, Object> node) {
    return (String) node.get("id");
  }

  static List<Object> ids(List<Map<String, Object>> nodes) {
    return nodes.stream().map(n -> n.get("id")).toList();
  }

  static String commonPrefix(String a, String b) {
    int i = 0;
    while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return a.substring(0, i);
  }
}
