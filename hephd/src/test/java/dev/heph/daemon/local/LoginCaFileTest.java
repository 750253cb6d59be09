package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.auth.accounts.Accounts;
import dev.heph.auth.accounts.HubLayout;
import dev.heph.sync.spoke.HubTrust;
import dev.heph.testkit.HephCli;
import dev.heph.testkit.LoginPrompt;
import dev.heph.testkit.TestCertificates;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * {@code heph login URL --ca-file PEM} against a real HTTPS hub with tokens whose private CA
 * (made by openssl) the JDK does not trust: the login (with a token, or through the device flow)
 * checks the hub trusting that file, keeps its path in {@code DB.login}, and {@code heph sync}
 * and the daemon's background sync trust it for that hub without being told again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class LoginCaFileTest {

  Path dir;
  TestCertificates ca;
  DaemonProc hub;
  String token;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory(Path.of("/tmp"), "lc"); // short: a unix socket's path has room for 107 bytes
    ca = TestCertificates.newCa(dir, "heph");
    TestCertificates.Pair pair = ca.server("hub", "IP:127.0.0.1", "EC");
    Path hubDb = dir.resolve("hub.db");
    try (Accounts accounts = Accounts.open(new HubLayout(hubDb))) {
      accounts.addUser("alice");
      token = accounts.createToken("alice", "admin-made").secret();
    }
    hub = DaemonProc.server(hubDb, "--auth", "token", "--tls-cert", pair.cert().toString(), "--tls-key",
        pair.key().toString());
    assertThat(hub.url()).startsWith("https://127.0.0.1:");
  }

  @AfterAll
  void stop() {
    hub.close();
  }

  private Map<String, Object> login(Path db) throws Exception {
    return JsonTree.obj(JsonTree.parse(Files.readString(dir.resolve(db.getFileName() + ".login"))));
  }

  @Test
  void aTokenLoginKeepsTheCaFileAndSyncAndTheDaemonTrustIt() throws Exception {
    Path db = dir.resolve("a.db");
    HephCli.Result untrusted = Cli.run("--db", db.toString(), "login", hub.url(), "--token", token).userError();
    assertThat(untrusted.message()).contains("no secure connection to hub " + hub.url())
        .contains("not signed by a CA this device trusts");
    assertThat(dir.resolve("a.db.login")).doesNotExist();

    Cli.run("--db", db.toString(), "login", hub.url(), "--token", token, "--ca-file", ca.caCert.toString()).ok();
    assertThat(login(db)).containsEntry("hub_url", hub.url()).containsEntry("ca_file",
        ca.caCert.toAbsolutePath().toString());

    Cli.run("--db", db.toString(), "add", "Over HTTPS with the kept CA").ok();
    Map<String, Object> report = JsonTree.obj(JsonTree.parse(Cli.run("--db", db.toString(), "sync", "--json").ok()
        .out()));
    assertThat((Long) report.get("pushed")).isPositive();

    Cli.run("--db", db.toString(), "add", "From the daemon").ok();
    try (DaemonProc daemon = DaemonProc.local(db, dir.resolve("sa/hephd.sock"), "--sync-interval", "600");
        RpcConn rpc = daemon.connect()) {
      assertThat(JsonTree.obj(rpc.result("sync.now"))).containsEntry("hub", hub.url());
      assertThat(JsonTree.obj(rpc.result("sync.status"))).containsEntry("last_error", null);
    }
    // A CA given to the sync itself still wins (here: a stranger's, so the sync fails).
    TestCertificates stranger = TestCertificates.newCa(dir, "stranger");
    assertThat(Cli.run("--db", db.toString(), "sync", "--ca-file", stranger.caCert.toString()).userError().message())
        .contains("this sync trusts only the CAs in " + stranger.caCert);
  }

  @Test
  void theDeviceFlowTrustsTheCaFileAndKeepsIt() throws Exception {
    assertThat(Cli.run("--db", dir.resolve("x.db").toString(), "login", hub.url()).userError().message())
        .contains("no secure connection to hub " + hub.url());

    Path db = dir.resolve("phone.db");
    HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(HubTrust.fromCaFile(ca.caCert).sslContext()).build();
    HephCli cli = new HephCli(dir.resolve("cli"));
    try (browser; HephCli.Running running = cli.start(db, "login", hub.url(), "--device", "phone", "--ca-file",
        ca.caCert.toString(), "--json")) {
      String code = LoginPrompt.await(running).userCode();
      HttpResponse<String> page = postForm(browser, Map.of("user_code", code, "action", "code"));
      assertThat(page.statusCode()).isEqualTo(200);
      HttpResponse<String> approved = postForm(browser, Map.of("user_code", code, "secret", LoginPrompt.formSecret(page.body()),
          "token", token, "action", "approve"));
      assertThat(approved.body()).contains("Approved");
      HephCli.Result r = HephCli.await(running);
      assertThat(r.code()).as("heph login; stderr: %s", r.err()).isZero();
    }
    Map<String, Object> kept = login(db);
    assertThat(kept).containsEntry("ca_file", ca.caCert.toAbsolutePath().toString());
    assertThat((String) kept.get("token")).matches("heph_[A-Za-z0-9_-]{43}").isNotEqualTo(token);
    Cli.run("--db", db.toString(), "add", "From the phone").ok();
    assertThat((Long) JsonTree.obj(JsonTree.parse(Cli.run("--db", db.toString(), "sync", "--json").ok().out()))
        .get("pushed")).isPositive();
  }



  private HttpResponse<String> postForm(HttpClient browser, Map<String, String> fields) throws Exception {
    String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return browser.send(HttpRequest.newBuilder(URI.create(hub.url() + "/device"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", hub.url())
        .header("Sec-Fetch-Site", "same-origin").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
