package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.sync.Protocol;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against the real HTTP server of a real {@code hephd --mode server}: each request is
 * refused with the right status and a JSON error {@code {"error":{"code","message"}}}, and the
 * hub's op log is unchanged (its {@code /sync/info} seq and the op count in hub.db, read-only).
 * One hub serves the whole class, so that it is also proven to stay up and serving after all
 * of them; it never answers 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class HubBadInputTest {
  /** A device id for the ops these tests make up. */
  private static final String ORIGIN = "0123456789abcdef";
  private static final int MAX_OPS = Protocol.MAX_PUSH_OPS;
  private static final int MAX_BYTES = Protocol.MAX_PUSH_BYTES;

  HubProcess hub;
  HttpClient http;
  /** Millis of the made-up hlcs: a minute ago, well inside the drift bound. */
  long millis = System.currentTimeMillis() - 60_000;
  final AtomicInteger counter = new AtomicInteger();
  /** The hub's state before each test. */
  long seqBefore;
  long countBefore;

  @BeforeAll
  void startHub(@TempDir Path dir) {
    hub = HubProcess.start(dir.resolve("hub.db"));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  void stopHub() {
    if (hub != null && hub.isAlive()) {
      int code = hub.stop();
      assertThat(hub.logLines()).as("hub log").noneMatch(l -> l.matches(".* 5\\d\\d \\d+ms$"));
      assertThat(code).as("hephd exit code on SIGTERM; log: %s", hub.log()).isZero();
    }
    if (hub != null) {
      hub.close();
    }
    if (http != null) {
      http.close();
    }
  }

  @BeforeEach
  void recordState() {
    seqBefore = infoSeq();
    countBefore = Sqlite.opCount(hub.db());
  }

  /** After every test, refused or not, the hub is up and serving and has never answered 500. */
  @AfterEach
  void hubStillServes() {
    assertThat(hub.isAlive()).as("hephd is alive; log: %s", hub.log()).isTrue();
    Reply info = get("/sync/info");
    assertThat(info.status()).isEqualTo(200);
    assertThat(hub.logLines()).as("hub log").noneMatch(l -> l.matches(".* 5\\d\\d \\d+ms$"));
  }

  // ---- push: the body ----------------------------------------------------------------------

  @Test
  void malformedJsonIs400() {
    assertRefused(push("{\"ops\":[{\"hlc\":"), 400, "invalid_op", "not valid JSON");
    assertRefused(push("this is not json"), 400, "invalid_op");
    assertRefused(push(""), 400, "invalid_op");
    assertRefused(push("[]"), 400, "invalid_op", "JSON object");
    assertRefused(push("{\"ops\":[]} {}"), 400, "invalid_op", "trailing");
    assertRefused(push("{\"ops\":[" + create(newNode()) + "]"), 400, "invalid_op");
  }

  @Test
  void bytesThatAreNotUtf8Are400() {
    byte[] body = ("{\"ops\":[{\"hlc\":\"" + hlc() + "\",\"node\":\"" + newNode()
        + "\",\"op\":\"set\",\"field\":\"title\",\"value\":\"X\",\"prev\":[]}]}").getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[body.length];
    System.arraycopy(body, 0, bad, 0, body.length);
    int x = new String(body, StandardCharsets.UTF_8).indexOf("\"X\"") + 1;
    bad[x] = (byte) 0xC3; // a lead byte whose continuation is a quote
    assertRefused(send("POST", "/sync/push", "application/json", HttpRequest.BodyPublishers.ofByteArray(bad)), 400,
        "invalid_op");
  }

  @Test
  void aWrongOrMissingContentTypeIs415() {
    String body = body(create(newNode()));
    assertRefused(send("POST", "/sync/push", "text/plain", HttpRequest.BodyPublishers.ofString(body)), 415,
        "unsupported_media_type", "text/plain");
    assertRefused(send("POST", "/sync/push", "application/x-www-form-urlencoded",
        HttpRequest.BodyPublishers.ofString(body)), 415, "unsupported_media_type");
    assertRefused(send("POST", "/sync/push", null, HttpRequest.BodyPublishers.ofString(body)), 415,
        "unsupported_media_type");
  }

  @Test
  void anUnknownTopLevelKeyIs400() {
    assertRefused(push("{\"ops\":[" + create(newNode()) + "],\"force\":true}"), 400, "invalid_op",
        "unknown key 'force'");
    assertRefused(push("{\"operations\":[]}"), 400, "invalid_op", "unknown key 'operations'");
    assertRefused(push("{}"), 400, "invalid_op", "missing key 'ops'");
    assertRefused(push("{\"ops\":null}"), 400, "invalid_op", "array");
    assertRefused(push("{\"ops\":{}}"), 400, "invalid_op", "array");
  }

  @Test
  void anUnknownOpKeyIs400NamingTheOp() {
    String h = hlc();
    assertRefused(push(body("{\"hlc\":\"" + h + "\",\"node\":\"" + newNode()
        + "\",\"op\":\"create\",\"value\":\"task\",\"colour\":\"red\"}")), 400, "invalid_op", h,
        "unknown key 'colour'");
    // Before its hlc is read, an op is named by its position.
    assertRefused(push(body(create(newNode()), "{\"colour\":\"red\",\"hlc\":\"" + hlc() + "\"}")), 400, "invalid_op",
        "ops[1]", "unknown key 'colour'");
    // A key that belongs to other ops but not to this one.
    String h2 = hlc();
    assertRefused(push(body("{\"hlc\":\"" + h2 + "\",\"node\":\"" + newNode()
        + "\",\"op\":\"create\",\"value\":\"task\",\"prev\":[]}")), 400, "invalid_op", h2, "prev");
    assertRefused(push(body("{\"hlc\":\"" + hlc() + "\",\"node\":\"" + newNode()
        + "\",\"op\":\"rename\",\"value\":\"x\"}")), 400, "invalid_op", "unknown op 'rename'");
    assertRefused(push(body(create(newNode()), "42")), 400, "invalid_op", "ops[1]");
  }

  @Test
  void aMissingFieldIs400NamingTheOp() {
    String node = newNode();
    String h = hlc();
    assertRefused(push(body("{\"hlc\":\"" + h + "\",\"op\":\"create\",\"value\":\"task\"}")), 400, "invalid_op", h,
        "missing key 'node'");
    String h2 = hlc();
    assertRefused(push(body("{\"hlc\":\"" + h2 + "\",\"node\":\"" + node + "\",\"op\":\"set\",\"field\":\"title\","
        + "\"value\":\"T\"}")), 400, "invalid_op", h2, "missing key 'prev'");
    String h3 = hlc();
    assertRefused(push(body("{\"hlc\":\"" + h3 + "\",\"node\":\"" + node + "\",\"op\":\"create\"}")), 400,
        "invalid_op", h3, "missing key 'value'");
    assertRefused(push(body("{\"node\":\"" + node + "\",\"op\":\"create\",\"value\":\"task\"}")), 400,
        "invalid_op", "ops[0]", "missing key 'hlc'");
  }

  @Test
  void aBadHlcIs400() {
    String node = newNode();
    for (String bad : List.of("yesterday", "001764028800123-00000-9F3A6C01D2E4B758", "1764028800123-0-9f3a6c01d2e4b758",
        "001764028800123-0000x-9f3a6c01d2e4b758", "")) {
      assertRefused(push(body("{\"hlc\":\"" + bad + "\",\"node\":\"" + node + "\",\"op\":\"create\",\"value\":\"task\"}")),
          400, "invalid_op", "bad hlc");
    }
    assertRefused(push(body("{\"hlc\":null,\"node\":\"" + node + "\",\"op\":\"create\",\"value\":\"task\"}")), 400,
        "invalid_op", "'hlc' must be a string");
    assertRefused(push(body("{\"hlc\":" + System.currentTimeMillis() + ",\"node\":\"" + node
        + "\",\"op\":\"create\",\"value\":\"task\"}")), 400, "invalid_op", "'hlc' must be a string");
    // A bad hlc in prev is named too.
    String h = hlc();
    assertRefused(push(body("{\"hlc\":\"" + h + "\",\"node\":\"" + node + "\",\"op\":\"set\",\"field\":\"title\","
        + "\"value\":\"T\",\"prev\":[\"nope\"]}")), 400, "invalid_op", h, "prev");
  }

  @Test
  void aBadNodeIdIs400NamingTheOp() {
    for (String bad : List.of("42", "0193A2B4-0000-7000-8000-000000000000", "0193a2b4-0000-7000-8000-00000000000",
        "0193a2b4_0000_7000_8000_000000000000", "")) {
      String h = hlc();
      assertRefused(push(body("{\"hlc\":\"" + h + "\",\"node\":\"" + bad + "\",\"op\":\"create\",\"value\":\"task\"}")),
          400, "invalid_op", h, "bad node id");
    }
  }

  @Test
  void aValueOfTheWrongTypeIs400NamingTheOp() {
    String node = newNode();
    String h = hlc();
    assertRefused(push(body(set(h, node, "title", "true"))), 400, "invalid_op", h, "title");
    String h2 = hlc();
    assertRefused(push(body(set(h2, node, "status", "42"))), 400, "invalid_op", "'value' must be");
    String h3 = hlc();
    assertRefused(push(body(set(h3, node, "deleted", "\"yes\""))), 400, "invalid_op", h3, "deleted");
    String h4 = hlc();
    assertRefused(push(body("{\"hlc\":\"" + h4 + "\",\"node\":\"" + node + "\",\"op\":\"create\",\"value\":\"page\"}")),
        400, "invalid_op", h4, "task");
    String h5 = hlc();
    assertRefused(push(body("{\"hlc\":\"" + h5 + "\",\"node\":\"" + node + "\",\"op\":\"add\",\"field\":\"title\","
        + "\"value\":\"x\"}")), 400, "invalid_op", h5, "set field");
    String h6 = hlc();
    assertRefused(push(body(set(h6, node, "colour", "\"red\""))), 400, "invalid_op", h6, "colour");
    String h7 = hlc();
    assertRefused(push(body(set(h7, node, "title", "[\"a\"]"))), 400, "invalid_op", "'value' must be");
  }

  @Test
  void anOpDatedBeyondTheDriftBoundIs400SayingByHowMuch() {
    long anHourAhead = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
    String h = hlcAt(anHourAhead, 0);
    Map<String, Object> error = assertRefused(push(body(create(h, newNode()))), 400, "clock_drift", h);
    assertThat((String) error.get("message")).containsPattern("(59|60|61) minutes ahead");
    // Just inside the bound is fine (checked with the next test's good push).
  }

  @Test
  void aBatchWithOneBadOpAmongGoodOnesAppliesNone() {
    String node = newNode();
    List<String> good = List.of(create(node), set(hlc(), node, "title", "\"Good\""), set(hlc(), node, "status", "\"open\""),
        add(hlc(), node, "tags", "\"x\""));
    String bad = hlc();
    List<String> withBad = new ArrayList<>(good);
    withBad.add(2, set(bad, node, "priority", "true"));
    assertRefused(push(body(withBad.toArray(String[]::new))), 400, "invalid_op", bad);

    // The same good ops with one op from an hour in the future among them.
    String drifting = hlcAt(System.currentTimeMillis() + Duration.ofHours(1).toMillis(), 0);
    List<String> withDrift = new ArrayList<>(good);
    withDrift.add(1, set(drifting, node, "body", "\"from the future\""));
    assertRefused(push(body(withDrift.toArray(String[]::new))), 400, "clock_drift", drifting);

    // Alone, the good ops are taken; sent again, they change nothing.
    Reply ok = push(body(good.toArray(String[]::new)));
    assertThat(ok.status()).as("push of good ops: %s", ok.body()).isEqualTo(200);
    Map<String, Object> ack = Json.object(Json.parse(ok.body()));
    assertThat(ack).containsEntry("accepted", 4L).containsEntry("applied", 4L);
    long seq = infoSeq();
    assertThat(seq).isGreaterThan(seqBefore).isEqualTo(ack.get("seq"));
    assertThat(Sqlite.opCount(hub.db())).isEqualTo(countBefore + 4);
    Reply again = push(body(good.toArray(String[]::new)));
    assertThat(Json.object(Json.parse(again.body()))).containsEntry("accepted", 4L).containsEntry("applied", 0L);
    assertThat(infoSeq()).isEqualTo(seq);
    assertThat(Sqlite.opCount(hub.db())).isEqualTo(countBefore + 4);
    // The hub serves them as it stored them.
    Reply page = get("/sync/pull?after=" + seqBefore + "&at=" + hlcAtSeq(seqBefore) + "&limit=10");
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("\"Good\"");
  }

  @Test
  void moreThanMaxOpsIs413AndExactlyMaxIsFine() {
    assertRefused(push(body(creates(MAX_OPS + 1))), 413, "too_many_ops", Integer.toString(MAX_OPS));
    Reply ok = push(body(creates(MAX_OPS)));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(Json.object(Json.parse(ok.body()))).containsEntry("applied", (long) MAX_OPS);
    assertThat(Sqlite.opCount(hub.db())).isEqualTo(countBefore + MAX_OPS);
  }

  @Test
  void aBodyOverTheSizeLimitIs413WithContentLength() {
    byte[] big = oversizeBody();
    Reply r = send("POST", "/sync/push", "application/json", HttpRequest.BodyPublishers.ofByteArray(big));
    assertRefused(r, 413, "body_too_large");
  }

  @Test
  void aBodyOverTheSizeLimitIs413WhenChunked() {
    byte[] big = oversizeBody();
    // An input stream of unknown length goes out with Transfer-Encoding: chunked.
    Reply r = send("POST", "/sync/push", "application/json",
        HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
    assertRefused(r, 413, "body_too_large");
  }

  @Test
  void duplicateKeysAre400() {
    String first = newNode();
    assertRefused(push("{\"ops\":[" + create(first) + "],\"ops\":[" + create(newNode()) + "]}"), 400, "invalid_op",
        "ops");
    String h = hlc();
    assertRefused(push(body("{\"hlc\":\"" + h + "\",\"node\":\"" + newNode() + "\",\"node\":\"" + newNode()
        + "\",\"op\":\"create\",\"value\":\"task\"}")), 400, "invalid_op", "node");
  }

  @Test
  void anEmptyBatchIsAcceptedAndChangesNothing() {
    Reply r = push("{\"ops\":[]}");
    assertThat(r.status()).isEqualTo(200);
    assertThat(Json.object(Json.parse(r.body()))).containsEntry("accepted", 0L).containsEntry("applied", 0L);
    assertUnchanged();
  }

  // ---- pull: the query -------------------------------------------------------------------------

  @Test
  void aNonNumericOrNegativeAfterIs400() {
    assertRefused(get("/sync/pull?after=abc"), 400, "bad_request", "after");
    assertRefused(get("/sync/pull?after="), 400, "bad_request", "after");
    assertRefused(get("/sync/pull?after=1.5"), 400, "bad_request", "after");
    assertRefused(get("/sync/pull?after=-1"), 400, "bad_request", "after", "negative");
    assertRefused(get("/sync/pull?after=99999999999999999999999"), 400, "bad_request", "after");
    assertRefused(get("/sync/pull?after=0&limit=lots"), 400, "bad_request", "limit");
    assertRefused(get("/sync/pull?after=0&limit=-5"), 400, "bad_request", "limit");
    assertRefused(get("/sync/pull?after=0&after=1"), 400, "bad_request", "twice");
    assertRefused(get("/sync/pull?after=0&since=5"), 400, "bad_request", "since");
    assertRefused(raw("GET /sync/pull?after=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), 400,
        "bad_request", "malformed query");
    assertRefused(get("/sync/pull?after=5"), 400, "bad_request", "at");
  }

  @Test
  void aCursorTheHubDoesNotHoldIs409CursorMismatch() {
    ensureSomeOps();
    long seq = infoSeq();
    String realHlc = hlcAtSeq(seq);
    assertRefused(get("/sync/pull?after=" + seq + "&at=" + hlc()), 409, "cursor_mismatch", Long.toString(seq));
    assertRefused(get("/sync/pull?after=" + (seq + 1) + "&at=" + realHlc), 409, "cursor_mismatch");
    assertRefused(get("/sync/pull?after=" + seq + "&at=garbage&limit=0"), 409, "cursor_mismatch");
    // The right pair proves itself.
    Reply ok = get("/sync/pull?after=" + seq + "&at=" + realHlc + "&limit=0");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(Json.object(Json.parse(ok.body()))).containsEntry("ops", List.of()).containsEntry("next", seq)
        .containsEntry("more", false);
  }

  @Test
  void aHugeLimitIsCapped() {
    while (Sqlite.opCount(hub.db()) <= Protocol.MAX_PULL_LIMIT) {
      assertThat(push(body(creates(MAX_OPS))).status()).isEqualTo(200);
    }
    Reply r = get("/sync/pull?after=0&limit=" + (Protocol.MAX_PULL_LIMIT * 1000L));
    assertThat(r.status()).isEqualTo(200);
    Map<String, Object> page = Json.object(Json.parse(r.body()));
    assertThat(Json.array(page.get("ops")).size()).as("ops in a page asked for a huge limit")
        .isEqualTo(Protocol.MAX_PULL_LIMIT);
    assertThat(page.get("more")).isEqualTo(true);
  }

  // ---- routes and methods ------------------------------------------------------------------------

  @Test
  void anUnknownRouteIs404() {
    for (String path : List.of("/", "/sync", "/sync/", "/sync/info/", "/sync/infos", "/admin", "/sync/push/x")) {
      assertRefused(get(path), 404, "not_found");
    }
    assertRefused(send("POST", "/sync/pushes", "application/json", HttpRequest.BodyPublishers.ofString("{\"ops\":[]}")),
        404, "not_found");
  }

  @Test
  void aWrongMethodIs405() {
    assertRefused(send("POST", "/sync/info", "application/json", HttpRequest.BodyPublishers.ofString("{}")), 405,
        "method_not_allowed", "GET");
    assertRefused(get("/sync/push"), 405, "method_not_allowed", "POST");
    assertRefused(send("PUT", "/sync/push", "application/json",
        HttpRequest.BodyPublishers.ofString(body(create(newNode())))), 405, "method_not_allowed");
    assertRefused(send("DELETE", "/sync/pull", null, HttpRequest.BodyPublishers.noBody()), 405, "method_not_allowed");
    assertRefused(send("POST", "/sync/pull?after=0", "application/json", HttpRequest.BodyPublishers.ofString("{}")),
        405, "method_not_allowed");
  }

  // ---- HTTP-level garbage, refused by Jetty before the hub sees it ---------------------------------

  /** Requests that are not HTTP the server can route: a 4xx, never a 500, and the hub stays up. */
  @Test
  void garbageAtTheHttpLevelIsA4xx() {
    for (String request : httpGarbage()) {
      Reply r = raw(request);
      assertThat(r.status()).as("status for %s", request.lines().findFirst().orElse("")).isBetween(400, 499);
      assertUnchanged();
    }
  }

  @Test
  void garbageAtTheHttpLevelGetsAJsonErrorToo() {
    for (String request : httpGarbage()) {
      Reply r = raw(request);
      assertThat(r.contentType()).as("content type for %s", request.lines().findFirst().orElse(""))
          .startsWith("application/json");
      assertThat(Json.object(Json.parse(r.body())).keySet()).containsExactly("error");
    }
  }

  private static List<String> httpGarbage() {
    return List.of(
        "GET /sync/pu%zzll HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        "GET /sync/info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n",
        "GARBAGE\r\n\r\n");
  }

  // ---- helpers -------------------------------------------------------------------------------------

  /** An answer: status, body, content type. */
  record Reply(int status, String body, String contentType) {}

  /**
   * The answer is {@code status} with exactly {@code {"error":{"code","message"}}}, the message
   * naming each of {@code mentions}, and the hub's op log did not change. Returns the error object.
   */
  private Map<String, Object> assertRefused(Reply r, int status, String code, String... mentions) {
    assertThat(r.status()).as("status; body: %s", r.body()).isEqualTo(status);
    assertThat(r.contentType()).as("content type").startsWith("application/json");
    Map<String, Object> body = Json.object(Json.parse(r.body()));
    assertThat(body.keySet()).as("error body %s", r.body()).containsExactly("error");
    Map<String, Object> error = Json.object(body.get("error"));
    assertThat(error.keySet()).as("error body %s", r.body()).containsExactlyInAnyOrder("code", "message");
    assertThat(error.get("code")).as("error code in %s", r.body()).isEqualTo(code);
    assertThat((String) error.get("message")).as("error message").isNotBlank();
    for (String mention : mentions) {
      assertThat((String) error.get("message")).as("error message").contains(mention);
    }
    assertUnchanged();
    return error;
  }

  private void assertUnchanged() {
    assertThat(infoSeq()).as("the hub's seq").isEqualTo(seqBefore);
    assertThat(Sqlite.opCount(hub.db())).as("ops in hub.db").isEqualTo(countBefore);
  }

  private long infoSeq() {
    Reply r = get("/sync/info");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Map<String, Object> info = Json.object(Json.parse(r.body()));
    assertThat(info).containsEntry("protocol", 1L).containsEntry("hub_id", hub.hubId());
    return (Long) info.get("seq");
  }

  private String hlcAtSeq(long seq) {
    if (seq == 0) {
      return "";
    }
    return Sqlite.strings(hub.db(), "SELECT hlc FROM ops WHERE seq = " + seq).getFirst();
  }

  private void ensureSomeOps() {
    if (infoSeq() == 0) {
      String node = newNode();
      assertThat(push(body(create(node), set(hlc(), node, "title", "\"Something\""))).status()).isEqualTo(200);
      seqBefore = infoSeq();
      countBefore = Sqlite.opCount(hub.db());
    }
  }

  private Reply push(String json) {
    return send("POST", "/sync/push", "application/json", HttpRequest.BodyPublishers.ofString(json));
  }

  private Reply get(String pathAndQuery) {
    return send("GET", pathAndQuery, null, HttpRequest.BodyPublishers.noBody());
  }

  private Reply send(String method, String pathAndQuery, String contentType, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.url() + pathAndQuery))
        .timeout(Duration.ofSeconds(30)).method(method, body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(),
          response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new AssertionError(method + " " + pathAndQuery + " got no answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Sends a raw HTTP/1.1 request (which must ask for Connection: close) and reads the whole answer. */
  private Reply raw(String request) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", hub.port())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = response.indexOf("\r\n\r\n");
      assertThat(end).as("an HTTP answer to %s: %s", request.lines().findFirst().orElse(""), response).isPositive();
      String[] head = response.substring(0, end).split("\r\n");
      int status = Integer.parseInt(head[0].split(" ")[1]);
      String contentType = "";
      for (String h : head) {
        if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
          contentType = h.substring("content-type:".length()).strip();
        }
      }
      return new Reply(status, response.substring(end + 4), contentType);
    } catch (IOException e) {
      throw new AssertionError("no answer to a raw request: " + e, e);
    }
  }

  /** A push body of 1000 valid ops (under the count bound) that is over the byte bound. */
  private byte[] oversizeBody() {
    String title = "\"" + "x".repeat(MAX_BYTES / MAX_OPS + 200) + "\"";
    String node = newNode();
    String[] ops = new String[MAX_OPS];
    ops[0] = create(node);
    for (int i = 1; i < MAX_OPS; i++) {
      ops[i] = set(hlc(), node, "body", title);
    }
    byte[] bytes = body(ops).getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.length).isGreaterThan(MAX_BYTES);
    return bytes;
  }

  private static String body(String... ops) {
    return "{\"ops\":[" + String.join(",", ops) + "]}";
  }

  private String[] creates(int n) {
    String[] ops = new String[n];
    for (int i = 0; i < n; i++) {
      ops[i] = create(newNode());
    }
    return ops;
  }

  private String create(String node) {
    return create(hlc(), node);
  }

  private static String create(String hlc, String node) {
    return "{\"hlc\":\"" + hlc + "\",\"node\":\"" + node + "\",\"op\":\"create\",\"value\":\"task\"}";
  }

  private static String set(String hlc, String node, String field, String valueJson) {
    return "{\"hlc\":\"" + hlc + "\",\"node\":\"" + node + "\",\"op\":\"set\",\"field\":\"" + field + "\",\"value\":"
        + valueJson + ",\"prev\":[]}";
  }

  private static String add(String hlc, String node, String field, String valueJson) {
    return "{\"hlc\":\"" + hlc + "\",\"node\":\"" + node + "\",\"op\":\"add\",\"field\":\"" + field + "\",\"value\":"
        + valueJson + "}";
  }

  private static String newNode() {
    return UUID.randomUUID().toString();
  }

  /** A fresh, unique, valid hlc a minute in the past. */
  private String hlc() {
    int n = counter.getAndIncrement();
    return hlcAt(millis + n / 100_000, n % 100_000);
  }

  private static String hlcAt(long millis, int counter) {
    return String.format("%015d-%05d-%s", millis, counter, ORIGIN);
  }
}
