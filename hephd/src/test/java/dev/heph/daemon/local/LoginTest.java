package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import dev.heph.auth.accounts.Accounts;
import dev.heph.auth.accounts.HubLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * {@code heph login URL --token token}, {@code heph logout}, and the token on the wire, with real
 * processes: a server-mode hephd with tokens ({@code --auth token}, its user and token made in
 * its accounts database), the real CLI, and a local-mode daemon. The token reaches only the hub
 * it was issued for (a {@link TokenProxy} that records what it is sent stands for another hub).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class LoginTest {
  Path dir;
  DaemonProc hub;
  String url;
  /** A device token of the hub's user, as {@code hephd token create} makes it. */
  String token;

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "hl");
    try (Accounts accounts = Accounts.open(new HubLayout(dir.resolve("hub.db")))) {
      accounts.addUser("alice");
      token = accounts.createToken("alice", "admin-made").secret();
    }
    hub = DaemonProc.server(dir.resolve("hub.db"), "--auth", "token");
    url = hub.url();
  }

  @AfterAll
  void stop() throws IOException {
    hub.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void aLoginKeepsTheTokenPrivatelyAndSyncSendsIt() throws IOException {
    Path db = dir.resolve("a.db");
    Map<String, Object> stored = JsonTree.obj(JsonTree.parse(Cli.run("--db", db.toString(), "login", url,
        "--token", token, "--json").ok().out()));
    Path file = dir.resolve("a.db.login");
    assertThat(stored).containsExactlyInAnyOrderEntriesOf(Map.of("hub", url, "file", file.toString()));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(JsonTree.obj(JsonTree.parse(Files.readString(file)))).containsExactlyInAnyOrderEntriesOf(
        mapOf("hub_url", url, "token", token, "ca_file", null));
    try (Stream<Path> beside = Files.list(dir)) {
      assertThat(beside.map(p -> p.getFileName().toString())).as("no temporary file left")
          .noneMatch(n -> n.contains(".tmp"));
    }

    // The hub serves only requests with a valid token: a sync that pushes sent it.
    Cli.run("--db", db.toString(), "add", "Synced with a token").ok();
    Map<String, Object> report = JsonTree.obj(JsonTree.parse(Cli.run("--db", db.toString(), "sync", "--json").ok()
        .out()));
    assertThat(report).containsEntry("hub", url);
    assertThat((Long) report.get("pushed")).isPositive();
  }

  @Test
  void aRefusedTokenIsAClearErrorAndWritesNothing() {
    Path db = dir.resolve("refused.db");
    HephCli.Result r = Cli.run("--db", db.toString(), "login", url, "--token", "heph_wrong").userError();
    assertThat(r.message()).startsWith("heph: the hub refused this token").contains(url)
        .doesNotContain("heph_wrong");
    assertThat(dir.resolve("refused.db.login")).doesNotExist();
    assertThat(db).as("not even the database is created").doesNotExist();
  }

  @Test
  void aSyncWithoutATokenSaysToLogIn() {
    Path db = dir.resolve("nologin.db");
    HephCli.Result r = Cli.run("--db", db.toString(), "sync", "--hub-url", url).userError();
    assertThat(r.message()).isEqualTo("heph: the hub at " + url + " wants a device token: run heph login "
        + url);
  }

  @Test
  void theTokenIsNeverSentToAnotherHostOrPort() {
    Path db = dir.resolve("leak.db");
    Cli.run("--db", db.toString(), "login", url, "--token", token).ok();
    // Same hub, another host name: a token issued for 127.0.0.1 does not go to localhost (the hub,
    // which answers to both names and takes the token, says it got none).
    String otherName = "http://localhost:" + URI.create(url).getPort();
    assertThat(Cli.run("--db", db.toString(), "sync", "--hub-url", otherName).userError().message())
        .isEqualTo("heph: the hub at " + otherName + " wants a device token: run heph login " + otherName);
    // Another port: a second server that would accept the same token never sees it.
    try (TokenProxy other = TokenProxy.start(hub.url(), token)) {
      Cli.run("--db", db.toString(), "sync", "--hub-url", other.url()).userError();
      assertThat(other.seen()).containsExactly("(none)");
    }
    // And the plain sync still goes to the hub logged in to, with the token.
    Cli.run("--db", db.toString(), "sync").ok();
  }

  @Test
  void logoutDeletesTheLoginAndSaysSo() {
    Path db = dir.resolve("out.db");
    Cli.run("--db", db.toString(), "login", url, "--token", token).ok();
    Path file = dir.resolve("out.db.login");
    assertThat(Cli.run("--db", db.toString(), "logout").ok().out())
        .isEqualTo("logged out of " + url + ": deleted " + file + "\n");
    assertThat(file).doesNotExist();
    assertThat(JsonTree.obj(JsonTree.parse(Cli.run("--db", db.toString(), "logout", "--json").ok().out())))
        .containsExactlyInAnyOrderEntriesOf(mapOf("removed", false, "file", file.toString(), "hub", null));
    assertThat(Cli.run("--db", db.toString(), "logout").ok().out()).isEqualTo("not logged in: there is no " + file
        + "\n");
    assertThat(Cli.run("--db", db.toString(), "sync").userError().message()).contains("wants a device token");
  }

  @Test
  void aDamagedLoginFileIsAClearErrorThatLogoutClears() throws IOException {
    Path db = dir.resolve("bad.db");
    Cli.run("--db", db.toString(), "login", url, "--token", token).ok();
    Path file = dir.resolve("bad.db.login");
    for (String junk : List.of("{\"hub_url\":\"" + url + "\",\"tok", "[]", "{\"hub_url\":\"" + url
        + "\"}", "{\"hub_url\":\"ftp://x\",\"token\":\"t\"}", "{\"hub_url\":\"" + url
        + "\",\"token\":\"two words\"}")) {
      Files.writeString(file, junk, StandardCharsets.UTF_8);
      assertThat(Cli.run("--db", db.toString(), "sync").userError().message()).as(junk)
          .startsWith("heph: the login file " + file + " is damaged (")
          .endsWith("); run heph logout to remove it, then heph login URL");
    }
    Cli.run("--db", db.toString(), "logout").ok();
    assertThat(file).doesNotExist();
  }

  @Test
  void theTokenCanComeFromStdin() throws IOException {
    Path db = dir.resolve("stdin.db");
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, token + "\n");
    HephCli cli = new HephCli(dir.resolve("stdin-cli"));
    cli.runAfter("exec < " + secret, "--db", db.toString(), "login", url, "--token", "-").ok();
    assertThat(Files.readString(dir.resolve("stdin.db.login"))).contains(token);
  }

  @Test
  void theDaemonsBackgroundSyncSendsTheTokenAndReportsAMissingOne() throws IOException {
    Path db = dir.resolve("daemon.db");
    Cli.run("--db", db.toString(), "login", url, "--token", token).ok();
    Cli.run("--db", db.toString(), "add", "From the daemon's replica").ok();
    Path without = dir.resolve("daemon-nologin.db");
    try (DaemonProc daemon = DaemonProc.local(db, dir.resolve("sd/hephd.sock"), "--sync-interval", "600");
        DaemonProc lost = DaemonProc.local(without, dir.resolve("se/hephd.sock"), "--hub-url", url,
            "--sync-interval", "600");
        RpcConn rpc = daemon.connect(); RpcConn rpcLost = lost.connect()) {
      Map<String, Object> report = JsonTree.obj(rpc.result("sync.now"));
      // Served (a 401 would be an error): the token went with it. (The start's sync may have pushed already.)
      assertThat(report).containsEntry("hub", url);
      assertThat(JsonTree.obj(rpc.result("sync.status"))).containsEntry("last_error", null);

      Map<String, Object> error = rpcLost.error("sync.now");
      assertThat(error).containsEntry("code", -32011L);
      assertThat(RpcConn.dataCode(error)).isEqualTo("unauthorized");
      assertThat((String) error.get("message")).isEqualTo("the hub at " + url
          + " wants a device token: run heph login " + url);
    }
  }

  @Test
  void helpShowsExamples() {
    assertThat(Cli.run("login", "--help").ok().out()).contains("Examples:").contains("--token")
        .contains("heph login https://");
    assertThat(Cli.run("logout", "--help").ok().out()).contains("Examples:").contains("heph logout");
  }

  private static Map<String, Object> mapOf(Object... kv) {
    Map<String, Object> m = new java.util.HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
