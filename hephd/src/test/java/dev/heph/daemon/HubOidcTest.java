package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.LoginPrompt;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hephd --mode server --auth oidc} end to end: real hub processes discovering a real OIDC
 * provider (mock-oauth2-server, in this JVM), the provider's access tokens as bearer tokens on
 * every route, and {@code heph login} (a real CLI process) approved through the provider by a
 * browser-less client that follows the redirects.
 */
@Timeout(300)
class HubOidcTest {
  private static final String CLIENT = "heph-hub";
  private static final List<String> NO_THROTTLE = List.of("-Dhephd.authFailureBurst=100000");
  private static final String RPC = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node.create\",\"params\":{\"title\":\"x\"}}";

  @TempDir static Path dir;
  static MockOAuth2Server provider;
  static String issuer;
  /** Lets in linked identities only. */
  static HubProcess hub;
  /** {@code --oidc-auto-create}. */
  static HubProcess open;
  static HephCli cli;

  @BeforeAll
  static void start() throws Exception {
    provider = new MockOAuth2Server();
    provider.start();
    issuer = provider.issuerUrl("default").toString();
    Files.createDirectories(dir.resolve("linked"));
    Files.createDirectories(dir.resolve("auto"));
    Accounts.hephd(dir.resolve("linked/hub.db"), "user", "add", "alice");
    assertThat(Accounts.hephd(dir.resolve("linked/hub.db"), "user", "link", "alice", "--issuer", issuer, "--subject",
        "alice-sub")).startsWith("linked alice-sub at " + issuer + " to user alice (u_");
    hub = HubProcess.start(dir.resolve("linked/hub.db"), NO_THROTTLE, oidc());
    List<String> auto = new java.util.ArrayList<>(oidc());
    auto.add("--oidc-auto-create");
    open = HubProcess.start(dir.resolve("auto/hub.db"), NO_THROTTLE, auto);
    cli = new HephCli(dir.resolve("cli"));
  }

  private static List<String> oidc() {
    return List.of("--http-addr", "127.0.0.1:0", "--auth", "oidc", "--oidc-issuer", issuer, "--oidc-client-id", CLIENT);
  }

  @AfterAll
  static void stop() {
    for (HubProcess h : new HubProcess[] {hub, open}) {
      if (h != null) {
        h.close();
      }
    }
    provider.shutdown();
  }

  /** An access token the provider issues for {@code issuerId}, subject and audience. */
  private static String token(String issuerId, String subject, List<String> audience, long expirySeconds) {
    return provider.issueToken(issuerId, CLIENT, new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", audience,
        Map.of(), expirySeconds)).serialize();
  }

  private static RawHttp.Reply send(HubProcess h, String method, String path, String body, String token) {
    String host = "Host: 127.0.0.1:" + h.port();
    String auth = "Authorization: Bearer " + token;
    return body == null ? RawHttp.send(h.port(), method, path, null, host, auth)
        : RawHttp.send(h.port(), method, path, body, host, auth, "Content-Type: application/json");
  }

  @Test
  void aProviderTokenOfALinkedIdentityIsServedBesideDeviceTokens() {
    String access = token("default", "alice-sub", List.of(CLIENT), 3600);
    assertThat(send(hub, "GET", "/sync/info", null, access).status()).isEqualTo(200);
    RawHttp.Reply rpc = send(hub, "POST", "/rpc", RPC, access);
    assertThat(rpc.status()).isEqualTo(200);
    assertThat(rpc.body()).contains("\"result\"");

    // The real spoke syncs with it, and a device token of the same user sees the same data.
    Replica a = new Replica("a", dir, cli);
    a.run("login", hub.url(), "--token", access).ok();
    String id = a.add("Through the provider");
    assertThat((Long) Json.object(a.run("sync", "--json").ok().json()).get("pushed")).isPositive();
    Replica b = new Replica("b", dir, cli);
    b.run("login", hub.url(), "--token", Accounts.newToken(hub.db(), "alice", "phone")).ok();
    b.run("sync").ok();
    assertThat(SyncPropagationTest.node(SyncPropagationTest.assertConverged(a, b), id))
        .containsEntry("title", "Through the provider");
  }

  @Test
  void wrongAudienceExpiredAnotherIssuerAndUnknownIdentitiesAre401() {
    long opsBefore = Sqlite.opCount(hub.db());
    Map<String, String> refused = Map.of(
        "wrong audience", token("default", "alice-sub", List.of("another-api"), 3600),
        "expired", token("default", "alice-sub", List.of(CLIENT), -3600),
        "another issuer", token("other", "alice-sub", List.of(CLIENT), 3600),
        "unknown identity", token("default", "mallory-sub", List.of(CLIENT), 3600));
    refused.forEach((why, access) -> {
      for (RawHttp.Reply r : List.of(send(hub, "GET", "/sync/info", null, access),
          send(hub, "POST", "/rpc", RPC, access))) {
        assertThat(r.status()).as(why).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).as(why).isEqualTo("Bearer realm=\"heph\"");
        assertThat(Json.object(Json.object(Json.parse(r.body())).get("error"))).containsEntry("code", "unauthorized");
      }
    });
    assertThat(Sqlite.opCount(hub.db())).as("nothing written").isEqualTo(opsBefore);
    assertThat(Accounts.hephd(hub.db(), "user", "list")).doesNotContain("mallory");
  }

  @Test
  void withAutoCreateAnUnknownIdentityBecomesAUser() {
    String access = token("default", "newcomer", List.of(CLIENT), 3600);
    assertThat(Accounts.hephd(open.db(), "user", "list")).doesNotContain("newcomer");
    assertThat(send(open, "GET", "/sync/info", null, access).status()).isEqualTo(200);
    assertThat(send(open, "POST", "/rpc", RPC, access).body()).contains("\"result\"");
    List<Object> users = Json.array(Json.parse(Accounts.hephd(open.db(), "user", "list", "--json")));
    assertThat(users).hasSize(1);
    assertThat(Json.object(users.getFirst())).containsEntry("name", "newcomer");
    // The same identity again is the same user, not a second one.
    assertThat(send(open, "GET", "/sync/info", null, token("default", "newcomer", List.of(CLIENT), 3600)).status())
        .isEqualTo(200);
    assertThat(Json.array(Json.parse(Accounts.hephd(open.db(), "user", "list", "--json")))).hasSize(1);
  }

  @Test
  void aDeviceLogsInThroughTheProviderAndSyncsWithItsOwnToken() throws Exception {
    Path db = dir.resolve("laptop.db");
    HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpClient following = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    try (browser; following;
        HephCli.Running login = cli.start(db, "login", hub.url(), "--device", "laptop", "--json")) {
      LoginPrompt prompt = LoginPrompt.await(login);
      assertThat(prompt.verificationUri()).isEqualTo(hub.url() + "/device");
      String code = prompt.userCode();

      HttpResponse<String> first = browser.send(HttpRequest.newBuilder(URI.create(hub.url() + "/device")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(first.statusCode()).isEqualTo(200);
      HttpResponse<String> page = postForm(browser, Map.of("user_code", code, "action", "code"));
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("Sign in with the identity provider").contains("<strong>laptop</strong>");
      assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("form-action 'self' " + URI.create(issuer).getScheme() + "://" + URI.create(issuer).getAuthority());

      // The provider signs alice in without a form (mock-oauth2-server's non-interactive login).
      provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "alice-sub", "JWT", null, Map.of(), 3600));
      HttpResponse<String> handOff = postForm(browser, Map.of("user_code", code, "secret", LoginPrompt.formSecret(page.body()),
          "action", "idp"));
      assertThat(handOff.statusCode()).isEqualTo(303);
      String atProvider = handOff.headers().firstValue("Location").orElseThrow();
      assertThat(atProvider).startsWith(issuer + "/authorize?").contains("code_challenge_method=S256")
          .contains("redirect_uri=" + URLEncoder.encode(hub.url() + "/device/callback", StandardCharsets.UTF_8));
      HttpResponse<String> back = following.send(HttpRequest.newBuilder(URI.create(atProvider)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(back.uri().toString()).startsWith(hub.url() + "/device/callback?");
      assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
      assertThat(back.body()).contains("Approved");

      HephCli.Result r = HephCli.await(login);
      assertThat(r.code()).as("heph login; stderr: %s", r.err()).isZero();
      assertThat(Json.object(r.json())).containsEntry("hub", hub.url());
    }
    String stored = (String) Json.object(Json.parse(Files.readString(dir.resolve("laptop.db.login")))).get("token");
    assertThat(stored).matches("heph_[A-Za-z0-9_-]{43}");
    List<Object> tokens = Json.array(Json.parse(Accounts.hephd(hub.db(), "token", "list", "--user", "alice", "--json")));
    assertThat(tokens).anySatisfy(t -> assertThat(Json.object(t)).containsEntry("device", "laptop"));
    cli.on(db, "add", "Logged in through the provider").ok();
    assertThat((Long) Json.object(cli.on(db, "sync", "--json").ok().json()).get("pushed")).isPositive();
  }

  @Test
  void anUnknownIdentityAtTheProviderApprovesNothing() throws Exception {
    HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpClient following = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    try (browser; following) {
      HttpResponse<String> started = browser.send(HttpRequest.newBuilder(URI.create(hub.url() + "/auth/device"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"device\":\"tablet\"}")).build(), HttpResponse.BodyHandlers.ofString());
      Map<String, Object> s = Json.object(Json.parse(started.body()));
      String code = (String) s.get("user_code");
      HttpResponse<String> page = postForm(browser, Map.of("user_code", code, "action", "code"));
      provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "stranger-sub", "JWT", null, Map.of(), 3600));
      String atProvider = postForm(browser, Map.of("user_code", code, "secret", LoginPrompt.formSecret(page.body()), "action", "idp"))
          .headers().firstValue("Location").orElseThrow();
      HttpResponse<String> back = following.send(HttpRequest.newBuilder(URI.create(atProvider)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(back.statusCode()).isEqualTo(403);
      assertThat(back.body()).contains("Not approved");
      HttpResponse<String> poll = browser.send(HttpRequest.newBuilder(URI.create(hub.url() + "/auth/token"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
              "{\"device_code\":\"" + s.get("device_code") + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(Json.object(Json.parse(poll.body()))).containsEntry("error", "authorization_pending");
    }
    assertThat(Accounts.hephd(hub.db(), "user", "list")).doesNotContain("stranger");
  }

  @Test
  void startUpRefusesAnUnusableProviderAndIncompleteFlagsAndLinkRefusesAnUnknownUser() {
    Path db = dir.resolve("refused/hub.db");
    String nowhere = "http://127.0.0.1:9/realm";
    HubProcess.Finished down = HubProcess.runToExit(dir, List.of("--mode", "server", "--db", db.toString(),
        "--http-addr", "127.0.0.1:0", "--auth", "oidc", "--oidc-issuer", nowhere, "--oidc-client-id", CLIENT));
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.err().strip().lines().toList()).hasSize(1).first().asString()
        .startsWith("hephd: cannot reach the OIDC provider at " + nowhere + "/.well-known/openid-configuration");
    assertThat(down.out()).doesNotContain("serving");
    assertThat(db.getParent()).as("nothing opened or made").doesNotExist();

    HubProcess.Finished noClient = HubProcess.runToExit(dir, List.of("--mode", "server", "--db", db.toString(),
        "--auth", "oidc", "--oidc-issuer", issuer));
    assertThat(noClient.code()).isEqualTo(2);
    assertThat(noClient.err()).contains("--auth oidc needs --oidc-issuer URL and --oidc-client-id ID");
    HubProcess.Finished stray = HubProcess.runToExit(dir, List.of("--mode", "server", "--db", db.toString(),
        "--oidc-issuer", issuer, "--oidc-client-id", CLIENT));
    assertThat(stray.code()).isEqualTo(2);
    assertThat(stray.err()).contains("the --oidc-* options go with --mode server --auth oidc");

    Path linked = dir.resolve("linked/hub.db");
    HubProcess.Finished nobody = HubProcess.runToExit(dir, List.of("user", "link", "nobody", "--issuer", issuer,
        "--subject", "x", "--db", linked.toString()));
    assertThat(nobody.code()).isEqualTo(1);
    assertThat(nobody.err()).isEqualTo("hephd: no user 'nobody' (see hephd user list)\n");
    assertThat(HubProcess.runToExit(dir, List.of("user", "link", "alice", "--issuer", issuer, "--db",
        linked.toString())).code()).as("--subject missing").isEqualTo(2);

    HubProcess.Finished help = HubProcess.runToExit(dir, List.of("--help"));
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--oidc-issuer=URL").contains("--oidc-client-id=ID").contains("--oidc-audience=AUD")
        .contains("--oidc-auto-create").contains("--oidc-client-secret-file=FILE").contains("--auth oidc --oidc-issuer");
  }



  /** The approval page's form, posted as a browser posts it from the hub's own page. */
  private static HttpResponse<String> postForm(HttpClient browser, Map<String, String> fields) throws Exception {
    String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    return browser.send(HttpRequest.newBuilder(URI.create(hub.url() + "/device"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", hub.url())
        .header("Sec-Fetch-Site", "same-origin").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
