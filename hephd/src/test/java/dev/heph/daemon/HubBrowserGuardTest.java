package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.sync.spoke.HttpHubClient;
import dev.heph.testkit.Sqlite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a web page in the user's browser can make it send to a loopback hub, against a real
 * {@code hephd --mode server}: cross-site "simple" POSTs (text/plain, forms, no content type),
 * DNS rebinding (a foreign {@code Host}, with the hub's port), foreign and {@code null}
 * origins. Each is refused with a JSON error and writes nothing; tools and the real spoke
 * transport are still served; every answer carries the protective headers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class HubBrowserGuardTest {
  private static final String CREATE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node.create\",\"params\":{\"title\":\"pwned\"}}";

  HubProcess hub;
  String host;

  @BeforeAll
  void startHub(@TempDir Path dir) {
    hub = HubProcess.start(dir.resolve("hub.db"));
    host = "Host: 127.0.0.1:" + hub.port();
  }

  @AfterAll
  void stopHub() {
    if (hub != null) {
      assertThat(hub.stop()).as("exit code; log: %s", hub.log()).isZero();
      assertThat(hub.stderr()).as("a loopback hub does not warn").doesNotContain("WARNING");
      hub.close();
    }
  }

  @Test
  void postsABrowserSendsWithoutPreflightAreRefusedOnEveryRoute() {
    long before = Sqlite.opCount(hub.db());
    for (String path : List.of("/rpc", "/sync/push", "/sync/info", "/nowhere")) {
      for (String type : List.of("text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x", "application/jsonp")) {
        assertRefused(RawHttp.send(hub.port(), "POST", path, CREATE, host, "Content-Type: " + type), 415,
            "unsupported_media_type");
      }
      assertRefused(RawHttp.send(hub.port(), "POST", path, CREATE, host), 415, "unsupported_media_type");
    }
    assertThat(Sqlite.opCount(hub.db())).as("nothing written").isEqualTo(before);
  }

  @Test
  void aForeignHostIsRefusedOnEveryRouteAndMethod() {
    long before = Sqlite.opCount(hub.db());
    int port = hub.port();
    // DNS rebinding: the page's own name, with the hub's port; or any name not the hub's.
    for (String badHost : List.of("evil.example:" + port, "evil.example", "127.0.0.1.nip.io:" + port,
        "localhost.:" + port, "localhost:" + (port + 1), "127.0.0.1:80", "10.0.0.1:" + port)) {
      assertRefused(RawHttp.send(port, "GET", "/sync/info", null, "Host: " + badHost), 403, "host_not_allowed");
      assertRefused(RawHttp.send(port, "GET", "/sync/pull?after=0", null, "Host: " + badHost), 403,
          "host_not_allowed");
      assertRefused(RawHttp.send(port, "POST", "/rpc", CREATE, "Host: " + badHost,
          "Content-Type: application/json"), 403, "host_not_allowed");
    }
    assertThat(Sqlite.opCount(hub.db())).as("nothing written").isEqualTo(before);
  }

  @Test
  void theHubsOwnNamesAreServed() {
    int port = hub.port();
    for (String good : List.of("127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "[::1]:" + port,
        "127.0.0.1", "localhost")) {
      RawHttp.Reply reply = RawHttp.send(port, "GET", "/sync/info", null, "Host: " + good);
      assertThat(reply.status()).as("Host: %s -> %s", good, reply.body()).isEqualTo(200);
    }
  }

  @Test
  void foreignAndNullOriginsAreRefused() {
    long before = Sqlite.opCount(hub.db());
    int port = hub.port();
    for (String origin : List.of("http://evil.example", "null", "http://127.0.0.1:" + (port + 1),
        "http://localhost:" + port, "file://", "garbage")) {
      assertRefused(RawHttp.send(port, "POST", "/rpc", CREATE, host, "Content-Type: application/json",
          "Origin: " + origin), 403, "origin_not_allowed");
      assertRefused(RawHttp.send(port, "GET", "/sync/info", null, host, "Origin: " + origin), 403,
          "origin_not_allowed");
    }
    // Browsers that name the fetch's site say so even on a GET without Origin.
    assertRefused(RawHttp.send(port, "GET", "/sync/pull?after=0", null, host, "Sec-Fetch-Site: cross-site"), 403,
        "origin_not_allowed");
    assertRefused(RawHttp.send(port, "GET", "/sync/info", null, host, "Sec-Fetch-Site: same-site"), 403,
        "origin_not_allowed");
    assertThat(Sqlite.opCount(hub.db())).as("nothing written").isEqualTo(before);
    // The hub's own origin is not foreign.
    RawHttp.Reply same = RawHttp.send(port, "GET", "/sync/info", null, host, "Origin: http://127.0.0.1:" + port,
        "Sec-Fetch-Site: same-origin");
    assertThat(same.status()).as(same.body()).isEqualTo(200);
  }

  @Test
  void aToolsJsonPostIsServed() {
    long before = Sqlite.opCount(hub.db());
    RawHttp.Reply reply = RawHttp.send(hub.port(), "POST", "/rpc", CREATE, host,
        "Content-Type: application/json; charset=utf-8");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.body()).contains("\"result\"");
    assertThat(Sqlite.opCount(hub.db())).isGreaterThan(before);
  }

  @Test
  void everyAnswerCarriesTheProtectiveHeadersAndNoServerVersion() {
    int port = hub.port();
    List<RawHttp.Reply> replies = List.of(
        RawHttp.send(port, "GET", "/sync/info", null, host),
        RawHttp.send(port, "GET", "/sync/pull?after=0", null, host),
        RawHttp.send(port, "POST", "/rpc", CREATE, host),
        RawHttp.send(port, "GET", "/sync/info", null, "Host: evil.example"),
        RawHttp.send(port, "GET", "/nowhere", null, host),
        // Refused by Jetty before it reaches the hub: bad percent-encoding.
        RawHttp.send(port, "GET", "/sync/%zz", null, host));
    for (RawHttp.Reply reply : replies) {
      assertThat(reply.header("X-Content-Type-Options")).as("%s", reply).isEqualTo("nosniff");
      assertThat(reply.header("Cache-Control")).as("%s", reply).isEqualTo("no-store");
      assertThat(reply.header("Content-Type")).as("%s", reply).startsWith("application/json");
      assertThat(reply.header("Server")).as("%s", reply).satisfiesAnyOf(
          s -> assertThat(s).isNull(), s -> assertThat(s).doesNotContainPattern("[0-9]"));
      assertThat(reply.header("X-Powered-By")).as("%s", reply).isNull();
      assertThat(reply.headers().keySet()).as("%s", reply).noneMatch(h -> h.startsWith("access-control-"));
    }
    // A CORS preflight gets no CORS headers either: the browser then sends nothing.
    RawHttp.Reply preflight = RawHttp.send(port, "OPTIONS", "/rpc", null, host, "Origin: http://evil.example",
        "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type");
    assertThat(preflight.status()).isGreaterThanOrEqualTo(400);
    assertThat(preflight.headers().keySet()).noneMatch(h -> h.startsWith("access-control-"));
  }

  @Test
  void theRealHubClientIsServedUnderEitherLoopbackName() throws Exception {
    for (String url : List.of(hub.url(), "http://localhost:" + hub.port())) {
      try (HttpHubClient client = new HttpHubClient(url)) {
        // Each call fails (a typed HubError) unless the hub answers 200 with what the protocol says.
        assertThat(client.info().protocol()).as(url).isEqualTo(dev.heph.sync.Protocol.VERSION);
        assertThat(client.push(List.of())).as(url).isEqualTo(new dev.heph.sync.wire.PushAck(0, 0,
            client.info().seq(), ""));
      }
    }
  }

  @Test
  void aWildcardHubWarnsAndAnswersItsAddressesAndAllowedNamesOnly(@TempDir Path other) {
    try (HubProcess open = HubProcess.start(other.resolve("hub.db"), List.of(),
        List.of("--http-addr", "0.0.0.0:0", "--allowed-host", "Hub.Example"))) {
      int port = open.port();
      assertThat(open.stderr()).containsOnlyOnce("WARNING").contains("plain HTTP");
      for (String good : List.of("127.0.0.1:" + port, "localhost:" + port, "192.0.2.7:" + port, "[::1]:" + port,
          "hub.example", "hub.example:443")) {
        assertThat(RawHttp.send(port, "GET", "/sync/info", null, "Host: " + good).status()).as(good).isEqualTo(200);
      }
      for (String bad : List.of("evil.example:" + port, "192.0.2.7:" + (port + 1), "hub.example.evil.example")) {
        assertRefused(RawHttp.send(port, "GET", "/sync/info", null, "Host: " + bad), 403, "host_not_allowed");
      }
      assertThat(open.stop()).isZero();
    }
  }

  @Test
  void requestsCannotWriteControlSequencesIntoTheLog() throws InterruptedException {
    // Jetty refuses control characters in the path itself (400 before heph sees it); the query
    // reaches the hub, which logs it and its refusal: ESC [ 2 J (clear screen) and a C1 CSI.
    RawHttp.Reply reply = RawHttp.send(hub.port(), "GET", "/sync/pull?after=%1b%5b2J%c2%9b31m", null, host);
    assertRefused(reply, 400, "bad_request");
    Thread.sleep(200); // the log line is written after the answer
    assertThat(hub.stderr()).contains("/sync/pull?after=%1b").doesNotContain("\u001b", "\u009b");
  }

  private static void assertRefused(RawHttp.Reply reply, int status, String code) {
    assertThat(reply.status()).as("%s", reply).isEqualTo(status);
    assertThat(reply.body()).as("%s", reply).contains("\"code\":\"" + code + "\"");
    assertThat(reply.header("Content-Type")).startsWith("application/json");
  }
}
