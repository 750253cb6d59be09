package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Changes;
import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.sync.spoke.HttpHubClient;
import dev.heph.sync.spoke.HubTrust;
import dev.heph.sync.spoke.Spoke;
import dev.heph.sync.spoke.SyncReport;
import dev.heph.sync.wire.Wire;
import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Per-user data on one hub, tried as an attacker would: user B, with a valid token of their own,
 * aims every route at user A's data (A's node ids and prefixes, A's pull cursors, A's HLCs, A's
 * token prefix, RPC methods on A's ids) and gets no byte of it, and A's log stays as it was. Two
 * users syncing the same node id never see each other's ops. And an open hub's history becomes
 * its first user's when tokens are switched on.
 */
@Timeout(180)
class HubIsolationTest {
  private static final List<String> NO_THROTTLE = List.of("-Dhephd.authFailureBurst=100000");
  private static final List<String> TOKEN_AUTH = List.of("--http-addr", "127.0.0.1:0", "--auth", "token");

  @TempDir Path dir;
  HubProcess hub;
  final List<Heph> devices = new ArrayList<>();

  @AfterEach
  void stop() {
    devices.forEach(Heph::close);
    if (hub != null) {
      hub.close();
    }
  }

  /** A request and its answer. */
  record Exchange(String request, RawHttp.Reply reply) {}

  private Exchange send(String token, String method, String target, String body) {
    List<String> headers = new ArrayList<>(List.of("Host: 127.0.0.1:" + hub.port(), "Authorization: Bearer " + token));
    if (body != null) {
      headers.add("Content-Type: application/json");
    }
    return new Exchange(method + " " + target + " " + body,
        RawHttp.send(hub.port(), method, target, body, headers.toArray(String[]::new)));
  }

  private Exchange rpc(String token, String method, String params) {
    return send(token, "POST", "/rpc", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":"
        + params + "}");
  }

  /** A device in this JVM: its own replica database, through the facade every client uses. */
  private Heph device(String name) {
    Heph heph = Heph.open(dir.resolve(name + ".db"));
    devices.add(heph);
    return heph;
  }

  /** The push body of the ops {@code device} made itself, as a spoke sends them. */
  private static String ownOps(Heph device) {
    List<String> bodies = Sqlite.strings(device.path(), "SELECT body FROM ops WHERE source IS NULL ORDER BY seq");
    return "{\"ops\":[" + String.join(",", bodies) + "]}";
  }

  private static List<Map<String, Object>> pulledOps(RawHttp.Reply pull) {
    assertThat(pull.status()).as(pull.body()).isEqualTo(200);
    return Json.objects(Json.object(Json.parse(pull.body())).get("ops"));
  }

  @Test
  void anotherUsersValidTokenReachesNoByteOfTheirData() throws IOException {
    String alice = Accounts.token(dir.resolve("hub.db"), "alice"); // the first user: the hub database itself
    String bob = Accounts.token(dir.resolve("hub.db"), "bob");
    hub = HubProcess.start(dir.resolve("hub.db"), NO_THROTTLE, TOKEN_AUTH);

    // Alice syncs her secrets from her device.
    Heph aliceDevice = device("alice-laptop");
    List<String> aliceIds = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      aliceIds.add(aliceDevice.add(new NewNode("task", "ALICE-SECRET-" + i, "alice's body " + i, List.of("private"),
          null, null, null)).id());
    }
    String alicePush = ownOps(aliceDevice);
    assertThat(send(alice, "POST", "/sync/push", alicePush).reply().status()).isEqualTo(200);
    RawHttp.Reply alicePull = send(alice, "GET", "/sync/pull?after=0", null).reply();
    List<Map<String, Object>> aliceOps = pulledOps(alicePull);
    assertThat(alicePull.body()).contains("ALICE-SECRET-1");
    List<String> aliceHlcs = aliceOps.stream().map(op -> (String) op.get("hlc")).toList();
    Map<String, Object> aliceInfo = Json.object(Json.parse(send(alice, "GET", "/sync/info", null).reply().body()));
    long aliceNext = ((Number) Json.object(Json.parse(alicePull.body())).get("next")).longValue();
    List<String> aliceLog = Sqlite.opHlcs(dir.resolve("hub.db"));

    // Bob's device edits a node with Alice's id (as if he had learnt it), and he pushes his own op.
    Heph bobDevice = device("bob-phone");
    bobDevice.applyRemote(Wire.readPush(new ByteArrayInputStream(alicePush.getBytes(StandardCharsets.UTF_8)), 1000),
        "somewhere");
    bobDevice.update(aliceIds.getFirst(), new Changes("BOB-EDIT", null, null, null, null, List.of(), List.of()));
    String bobPush = ownOps(bobDevice);
    assertThat(bobPush).contains("BOB-EDIT").doesNotContain("ALICE-SECRET");

    List<Exchange> attempts = new ArrayList<>();
    attempts.add(send(bob, "GET", "/sync/info", null));
    attempts.add(send(bob, "POST", "/sync/push", bobPush));
    attempts.add(send(bob, "GET", "/sync/pull?after=0", null));
    attempts.add(send(bob, "GET", "/sync/pull?after=0&limit=5000", null));
    attempts.add(send(bob, "GET", "/sync/pull?after=" + aliceNext + "&at=" + aliceHlcs.getLast(), null));
    attempts.add(send(bob, "GET", "/sync/pull?after=1&at=" + aliceHlcs.getFirst(), null));
    attempts.add(send(bob, "GET", "/sync/pull?after=" + (aliceNext - 1) + "&at=" + aliceHlcs.get(aliceHlcs.size() - 2)
        + "&limit=0", null));
    for (String id : List.of(aliceIds.get(1), aliceIds.get(2), aliceIds.get(1).substring(0, 4))) {
      attempts.add(rpc(bob, "node.get", "{\"id\":\"" + id + "\"}"));
      attempts.add(rpc(bob, "node.update", "{\"id\":\"" + id + "\",\"title\":\"pwned\"}"));
      attempts.add(rpc(bob, "node.delete", "{\"id\":\"" + id + "\"}"));
      attempts.add(rpc(bob, "task.done", "{\"id\":\"" + id + "\"}"));
      attempts.add(rpc(bob, "link.add", "{\"id\":\"" + id + "\",\"to\":\"" + aliceIds.getFirst() + "\"}"));
      attempts.add(rpc(bob, "conflicts.resolve", "{\"id\":\"" + id + "\",\"field\":\"title\",\"value\":\"x\"}"));
    }
    attempts.add(rpc(bob, "node.list", "{\"all\":true}"));
    attempts.add(rpc(bob, "search", "{\"query\":\"ALICE\"}"));
    attempts.add(rpc(bob, "conflicts.list", "{}"));
    attempts.add(rpc(bob, "check", "{}"));
    attempts.add(rpc(bob, "daemon.status", "{}"));
    attempts.add(rpc(bob, "sync.status", "{}"));
    // Alice's token's first half with the rest of Bob's: refused like any unknown token.
    Exchange spliced = send(alice.substring(0, 25) + bob.substring(25), "GET", "/sync/pull?after=0", null);
    assertThat(spliced.reply().status()).isEqualTo(401);
    attempts.add(spliced);

    List<String> aliceSecrets = new ArrayList<>(List.of("ALICE-SECRET", "alice's body", "private",
        (String) aliceInfo.get("hub_id"), (String) aliceInfo.get("epoch")));
    for (Exchange e : attempts) {
      String answer = e.reply().body() + e.reply().headers();
      for (String secret : aliceSecrets) {
        assertThat(answer).as("%s -> %s", e.request(), answer).doesNotContain(secret);
      }
      // Alice's HLCs and ids appear only where Bob sent them himself (in this request, or in his push:
      // his op names Alice's node and, as its prev, the op his device saw on it).
      for (String mine : concat(aliceHlcs, aliceIds)) {
        if (!e.request().contains(mine) && !bobPush.contains(mine)) {
          assertThat(answer).as("%s -> %s", e.request(), answer).doesNotContain(mine);
        }
      }
    }
    assertThat(attempts.get(1).reply().status()).as("Bob may write his own data").isEqualTo(200);

    // Alice's log is as it was, and what she pulls is exactly what she pulled before.
    assertThat(Sqlite.opHlcs(dir.resolve("hub.db"))).isEqualTo(aliceLog);
    assertThat(send(alice, "GET", "/sync/pull?after=0", null).reply().body()).isEqualTo(alicePull.body());
    assertThat(send(alice, "GET", "/sync/info", null).reply().body()).contains("\"seq\":" + aliceNext);
    // Two users, one node id: each sees only their own ops on it.
    List<Map<String, Object>> bobOps = pulledOps(send(bob, "GET", "/sync/pull?after=0", null).reply());
    assertThat(bobOps).singleElement().satisfies(op -> assertThat(Json.write(op)).contains("BOB-EDIT")
        .contains(aliceIds.getFirst()));
    assertThat(Json.write(rpcResult(rpc(alice, "node.get", "{\"id\":\"" + aliceIds.getFirst() + "\"}"))))
        .contains("ALICE-SECRET-1").doesNotContain("BOB-EDIT");

    // Bob's data is his own file, private; Alice's stays the hub database.
    String bobId = (String) Json.objects(Json.parse(Accounts.hephd(dir.resolve("hub.db"), "user", "list", "--json")))
        .get(1).get("id");
    Path bobDb = dir.resolve("hub.db.users").resolve(bobId + ".db");
    assertThat(Sqlite.opCount(bobDb)).isEqualTo(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bobDb))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bobDb.getParent()))).isEqualTo("rwx------");
  }

  @Test
  void anOpenHubsHistoryBecomesItsFirstUsersWhenTokensAreSwitchedOn() {
    Path hubDb = dir.resolve("hub.db");
    hub = HubProcess.start(hubDb); // open: --auth none on loopback
    String hubId = hub.hubId();
    Replica laptop = new Replica("laptop", dir, new HephCli(dir));
    String old = laptop.add("OLD-TASK from before accounts");
    laptop.sync(hub.url());
    List<String> history = Sqlite.opHlcs(hubDb);
    assertThat(history).isNotEmpty();
    assertThat(hub.stop()).isZero();

    String alice = Accounts.token(hubDb, "alice");
    String bob = Accounts.token(hubDb, "bob");
    hub = HubProcess.start(hubDb, NO_THROTTLE, TOKEN_AUTH);
    assertThat(hub.hubId()).isEqualTo(hubId);
    assertThat(send("heph_" + "C".repeat(43), "GET", "/sync/pull?after=0", null).reply().status()).isEqualTo(401);

    // Alice, the first user, pulls the old history: nothing moved or copied.
    Map<String, Object> info = Json.object(Json.parse(send(alice, "GET", "/sync/info", null).reply().body()));
    assertThat(info).containsEntry("hub_id", hubId);
    List<Map<String, Object>> ops = pulledOps(send(alice, "GET", "/sync/pull?after=0", null).reply());
    assertThat(ops).extracting(op -> (String) op.get("hlc")).containsExactlyElementsOf(history);
    assertThat(Json.write(rpcResult(rpc(alice, "node.get", "{\"id\":\"" + old + "\"}")))).contains("OLD-TASK");
    // Her devices sync on with a token: the laptop, whose cursors name this same hub, and a new phone.
    try (HttpHubClient client = new HttpHubClient(hub.url(), HubTrust.systemDefault(), alice)) {
      Heph laptopDb = device("laptop");
      laptopDb.update(old, new Changes("OLD-TASK, edited after the upgrade", null, null, null, null, List.of(),
          List.of()));
      SyncReport again = new Spoke(laptopDb, client).sync();
      assertThat(again.reset()).as("the same history: no re-send").isFalse();
      assertThat(again.pushed()).isEqualTo(1);
      Heph phone = device("alice-phone");
      new Spoke(phone, client).sync();
      assertThat(phone.get(old).title()).isEqualTo("OLD-TASK, edited after the upgrade");
    }
    // Bob starts empty.
    assertThat(pulledOps(send(bob, "GET", "/sync/pull?after=0", null).reply())).isEmpty();
    assertThat(Json.object(Json.parse(send(bob, "GET", "/sync/info", null).reply().body())).get("hub_id"))
        .isNotEqualTo(hubId);
    assertThat(Sqlite.opHlcs(hubDb)).startsWith(history.toArray(String[]::new)).hasSize(history.size() + 1);
  }

  @Test
  void usersArrivingAtOnceEachGetOneStoreOfTheirOwn() throws Exception {
    Path hubDb = dir.resolve("hub.db");
    List<String> tokens = new ArrayList<>();
    for (String user : List.of("u1", "u2", "u3", "u4", "u5")) {
      tokens.add(Accounts.token(hubDb, user));
    }
    hub = HubProcess.start(hubDb, NO_THROTTLE, TOKEN_AUTH);
    // Every user's first requests at once, four each: each user sees one hub id, no two users the same.
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<String>> ids = new ArrayList<>();
      for (String token : tokens) {
        for (int i = 0; i < 4; i++) {
          ids.add(pool.submit(() -> token.substring(0, 12) + " " + Json.object(Json.parse(
              send(token, "GET", "/sync/info", null).reply().body())).get("hub_id")));
        }
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (var id : ids) {
        seen.add(id.get());
      }
      assertThat(seen).hasSize(5);
      assertThat(seen.stream().map(line -> line.split(" ")[1]).distinct()).hasSize(5);
    }
    try (var files = Files.list(dir.resolve("hub.db.users"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".db"))).hasSize(4); // u1 owns the hub database
    }
  }

  private static Object rpcResult(Exchange e) {
    assertThat(e.reply().status()).isEqualTo(200);
    Map<String, Object> answer = Json.object(Json.parse(e.reply().body()));
    assertThat(answer).as(e.reply().body()).containsKey("result");
    return answer.get("result");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
