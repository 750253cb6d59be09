package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hephd --mode server --auth token} on real processes: every route refuses a request
 * without a valid device token with one and the same 401; a token revoked (or a user removed) by
 * {@code hephd} while the hub runs is refused on its next request; a restarted hub keeps its users
 * and tokens; failing addresses are slowed down; {@code --auth none} is refused off loopback.
 */
@Timeout(180)
class HubAuthTest {
  /** Enough free failures that only the throttle's own test meets the throttle. */
  private static final List<String> NO_THROTTLE = List.of("-Dhephd.authFailureBurst=100000");
  private static final List<String> TOKEN_AUTH = List.of("--http-addr", "127.0.0.1:0", "--auth", "token");

  @TempDir Path dir;
  HubProcess hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private Path hubDb() {
    return dir.resolve("hub.db");
  }

  private RawHttp.Reply get(String target, String... headers) {
    List<String> all = new ArrayList<>(List.of("Host: 127.0.0.1:" + hub.port()));
    all.addAll(List.of(headers));
    return RawHttp.send(hub.port(), "GET", target, null, all.toArray(String[]::new));
  }

  private static String bearer(String token) {
    return "Authorization: Bearer " + token;
  }

  private String tokenId(String user, String device) {
    for (Map<String, Object> t : Json.objects(Json.parse(Accounts.hephd(hubDb(), "token", "list", "--user", user,
        "--json")))) {
      if (t.get("device").equals(device)) {
        return (String) t.get("id");
      }
    }
    throw new AssertionError("no token of " + user + " on " + device);
  }

  @Test
  void everyRouteRefusesEveryBadCredentialWithTheSameAnswerAndWritesNothing() {
    String alice = Accounts.token(hubDb(), "alice");
    String bob = Accounts.token(hubDb(), "bob");
    String revoked = Accounts.newToken(hubDb(), "alice", "old-phone");
    Accounts.hephd(hubDb(), "token", "revoke", tokenId("alice", "old-phone"));
    Accounts.hephd(hubDb(), "user", "remove", "bob");
    hub = HubProcess.start(hubDb(), NO_THROTTLE, TOKEN_AUTH);

    String unknown = "heph_" + "A".repeat(43);
    List<String> credentials = List.of("X-No-Credential: 1", "Authorization: Bearer", "Authorization: Basic YWxpY2U6cGFzcw==",
        bearer("heph_short"), bearer(unknown), bearer(revoked), bearer(bob), bearer(alice + "x"),
        bearer(alice.substring(0, 30)), "Authorization: Token " + alice, bearer("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0."));
    String push = "{\"ops\":[]}";
    String rpc = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node.create\",\"params\":{\"title\":\"x\"}}";
    String host = "Host: 127.0.0.1:" + hub.port();
    String body = null;
    long opsBefore = Sqlite.opCount(hubDb());
    for (String credential : credentials) {
      List<RawHttp.Reply> replies = List.of(
          RawHttp.send(hub.port(), "GET", "/sync/info", null, host, credential),
          RawHttp.send(hub.port(), "GET", "/sync/pull?after=0", null, host, credential),
          RawHttp.send(hub.port(), "POST", "/sync/push", push, host, credential, "Content-Type: application/json"),
          RawHttp.send(hub.port(), "POST", "/rpc", rpc, host, credential, "Content-Type: application/json"),
          RawHttp.send(hub.port(), "GET", "/rpc", null, host, credential),
          RawHttp.send(hub.port(), "GET", "/nowhere", null, host, credential));
      for (RawHttp.Reply r : replies) {
        assertThat(r.status()).as(credential).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).as(credential).isEqualTo("Bearer realm=\"heph\"");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        body = body == null ? r.body() : body;
        assertThat(r.body()).as("the same body for every reason and route").isEqualTo(body);
      }
    }
    assertThat(Json.object(Json.object(Json.parse(body)).get("error"))).containsEntry("code", "unauthorized");
    assertThat(Sqlite.opCount(hubDb())).as("nothing written").isEqualTo(opsBefore);

    // The valid token is served on every route.
    assertThat(get("/sync/info", bearer(alice)).status()).isEqualTo(200);
    assertThat(get("/sync/pull?after=0", bearer(alice)).status()).isEqualTo(200);
    assertThat(RawHttp.send(hub.port(), "POST", "/rpc", rpc, host, bearer(alice), "Content-Type: application/json")
        .body()).contains("\"result\"");
    // No secret reaches the log.
    assertThat(hub.stop()).isZero();
    for (String secret : List.of(alice, bob, revoked)) {
      assertThat(hub.log()).doesNotContain(secret.substring(5));
    }
  }

  @Test
  void revocationAndRemovalWhileTheHubRunsHoldFromTheNextRequestAndARestartKeepsAccounts() {
    String laptop = Accounts.token(hubDb(), "alice");
    String phone = Accounts.newToken(hubDb(), "alice", "phone");
    String bob = Accounts.token(hubDb(), "bob");
    hub = HubProcess.start(hubDb(), NO_THROTTLE, TOKEN_AUTH);
    assertThat(get("/sync/info", bearer(laptop)).status()).isEqualTo(200);
    assertThat(get("/sync/info", bearer(phone)).status()).isEqualTo(200);

    Accounts.hephd(hubDb(), "token", "revoke", tokenId("alice", "laptop"));
    assertThat(get("/sync/info", bearer(laptop)).status()).as("the next request").isEqualTo(401);
    assertThat(get("/sync/info", bearer(phone)).status()).as("the user's other device").isEqualTo(200);

    // A user and a token added while the hub runs are served at once.
    String carol = Accounts.token(hubDb(), "carol");
    assertThat(get("/sync/info", bearer(carol)).status()).isEqualTo(200);
    assertThat(get("/sync/info", bearer(bob)).status()).isEqualTo(200);
    Accounts.hephd(hubDb(), "user", "remove", "bob");
    assertThat(get("/sync/info", bearer(bob)).status()).isEqualTo(401);

    // last_used was noted for tokens that were used, and only for those.
    List<Map<String, Object>> tokens = Json.objects(Json.parse(Accounts.hephd(hubDb(), "token", "list", "--json")));
    assertThat(tokens).hasSize(4).allSatisfy(t -> assertThat(t.get("last_used")).as("%s", t).isNotNull());

    assertThat(hub.stop()).isZero();
    hub = HubProcess.start(hubDb(), NO_THROTTLE, TOKEN_AUTH);
    assertThat(get("/sync/info", bearer(phone)).status()).isEqualTo(200);
    assertThat(get("/sync/info", bearer(carol)).status()).isEqualTo(200);
    assertThat(get("/sync/info", bearer(laptop)).status()).isEqualTo(401);
    assertThat(get("/sync/info", bearer(bob)).status()).isEqualTo(401);
  }

  @Test
  void anAddressThatKeepsFailingIsSlowedDownBoundedly() {
    String alice = Accounts.token(hubDb(), "alice");
    hub = HubProcess.start(hubDb(), List.of("-Dhephd.authFailureBurst=3", "-Dhephd.authFailureDelayMillis=1500"),
        TOKEN_AUTH);
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      assertThat(get("/sync/info", bearer("heph_" + "B".repeat(43))).status()).isEqualTo(401);
      assertThat((System.nanoTime() - start) / 1_000_000).as("free failure %d", i).isLessThan(1_000);
    }
    long start = System.nanoTime();
    RawHttp.Reply slowed = get("/sync/info", bearer("heph_" + "B".repeat(43)));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(slowed.status()).isEqualTo(401);
    assertThat(millis).as("waited before the check").isBetween(1_400L, 5_000L);
    // The wait comes before the check, so a client cannot skip it by giving up early: a good token waits too.
    start = System.nanoTime();
    assertThat(get("/sync/info", bearer(alice)).status()).isEqualTo(200);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1_400L);
    // The allowance comes back with time (one failure a second).
    sleep(2_500);
    start = System.nanoTime();
    assertThat(get("/sync/info", bearer("heph_" + "B".repeat(43))).status()).isEqualTo(401);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
  }

  @Test
  void anOpenHubIsRefusedOffLoopbackAndAHubWithoutUsersSaysHowToAddOne() throws Exception {
    HubProcess.Finished open = HubProcess.runToExit(dir, List.of("--mode", "server", "--db", hubDb().toString(),
        "--http-addr", "0.0.0.0:0", "--auth", "none"));
    assertThat(open.code()).as("err: %s", open.err()).isEqualTo(2);
    assertThat(open.err()).startsWith("hephd: --auth none serves anyone who can reach the hub, so it is allowed only"
        + " on a loopback --http-addr").endsWith("\nTry 'hephd --help'.\n").doesNotContain("\tat ");
    assertThat(open.out()).doesNotContain("serving");

    hub = HubProcess.start(hubDb(), NO_THROTTLE, TOKEN_AUTH);
    assertThat(hub.stderr()).contains("this hub has no users yet").contains("hephd user add NAME --db " + hubDb());
    assertThat(get("/sync/info").status()).isEqualTo(401);
    Path accounts = dir.resolve("hub.db.accounts");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(accounts))).isEqualTo("rw-------");
  }

  @Test
  void theAccountCommandsSpeakClearly() {
    HubProcess.Finished unknown = HubProcess.runToExit(dir, List.of("token", "create", "nobody", "--device", "x",
        "--db", hubDb().toString()));
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err()).isEqualTo("hephd: no user 'nobody' (see hephd user list)\n");
    HubProcess.Finished usage = HubProcess.runToExit(dir, List.of("token", "create", "nobody", "--db",
        hubDb().toString()));
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err()).contains("Missing required option: '--device=DEVICE'");
    HubProcess.Finished noMode = HubProcess.runToExit(dir, List.of("--db", hubDb().toString()));
    assertThat(noMode.code()).isEqualTo(2);
    assertThat(noMode.err()).isEqualTo("hephd: Missing required option: '--mode=MODE'\nTry 'hephd --help'.\n");

    Map<String, Object> added = Json.object(Json.parse(Accounts.hephd(hubDb(), "user", "add", "alice", "--json")));
    assertThat(added.keySet()).containsExactly("id", "name", "created");
    assertThat(added.get("id").toString()).matches("u_[0-9a-f]{16}");
    assertThat(Accounts.hephd(hubDb(), "user", "add", "bob")).matches("u_[0-9a-f]{16}\n");
    HubProcess.Finished created = HubProcess.runToExit(dir, List.of("token", "create", "alice", "--device",
        "laptop", "--db", hubDb().toString()));
    assertThat(created.code()).isZero();
    assertThat(created.out()).matches("heph_[A-Za-z0-9_-]{43}\n");
    assertThat(created.err()).startsWith("hephd: token t_").contains("alice's device laptop")
        .doesNotContain(created.out().strip());
    String list = Accounts.hephd(hubDb(), "token", "list");
    assertThat(list.lines().toList()).hasSize(2);
    assertThat(list).startsWith("ID  ").contains("alice").contains("laptop").doesNotContain(created.out().strip());
    assertThat(Json.array(Json.parse(Accounts.hephd(hubDb(), "token", "list", "--user", "bob", "--json")))).isEmpty();
    assertThat(Accounts.hephd(hubDb(), "user", "remove", "alice")).startsWith("removed user alice (u_")
        .contains("1 device token revoked").contains("their data stays in " + hubDb().toAbsolutePath());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
