package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.auth.Authenticator;
import dev.heph.core.Heph;
import dev.heph.daemon.login.BrowserLogin;
import dev.heph.daemon.login.LoginRoutes;
import dev.heph.testkit.HephCli;
import dev.heph.testkit.LoginPrompt;
import dev.heph.testkit.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device login end to end: the hub's routes on a real Jetty in this JVM (with device tokens
 * in memory), the real {@code heph login} in its own process, and a JDK HttpClient acting as the
 * person's browser on the approval page.
 */
@Timeout(120)
class DeviceLoginTest {

  @TempDir
  Path dir;
  Heph heph;
  HubDirectory directory;
  HubServer server;
  final MemoryTokens tokens = new MemoryTokens();
  final HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  String url;

  @BeforeEach
  void start() throws Exception {
    server = startHub(new LoginRoutes(tokens, null, Clock.systemUTC()));
    url = "http://127.0.0.1:" + server.port();
  }

  private HubServer startHub(LoginRoutes login) throws Exception {
    heph = Heph.open(dir.resolve("hub-" + System.nanoTime() + ".db"));
    directory = new HubDirectory(HubDirectory.serving(heph.path(), heph), null);
    HubServer s = HubServer.bind(new InetSocketAddress("127.0.0.1", 0), List.of(), directory, Authenticator.open(), null,
        login);
    s.start();
    return s;
  }

  @AfterEach
  void stop() throws Exception {
    browser.close(); // first: the hub's stop waits for open connections to go quiet
    server.stop();
    directory.close();
  }

  @Test
  void aDeviceLogsInThroughTheBrowserAndGetsItsOwnNewToken() throws Exception {
    String enrolment = tokens.create("u_alice0000000000", "admin-made");
    HephCli cli = new HephCli(dir.resolve("cli"));
    Path db = dir.resolve("laptop.db");
    try (HephCli.Running login = cli.start(db, "login", url, "--device", "laptop", "--json")) {
      LoginPrompt prompt = LoginPrompt.await(login);
      assertThat(prompt.verificationUri()).isEqualTo(url + "/device");
      String code = prompt.userCode();

      HttpResponse<String> first = get("/device");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
      assertThat(first.headers().firstValue("Content-Security-Policy")).contains(
          "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
      assertThat(first.headers().firstValue("X-Frame-Options")).contains("DENY");
      assertThat(first.body()).contains("name=\"user_code\"").doesNotContain("<script");

      HttpResponse<String> approval = postForm("/device", url, Map.of("user_code", code.toLowerCase(), "action", "code"));
      assertThat(approval.statusCode()).isEqualTo(200);
      assertThat(approval.body()).contains("<strong>laptop</strong>").contains(code);
      String secret = LoginPrompt.formSecret(approval.body());

      HttpResponse<String> wrong = postForm("/device", url, Map.of("user_code", code, "secret", secret, "token",
          "heph_not_a_token", "action", "approve"));
      assertThat(wrong.statusCode()).isEqualTo(400);
      assertThat(wrong.body()).contains("does not know that token");
      assertThat(tokens.minted()).isEmpty();

      HttpResponse<String> approved = postForm("/device", url, Map.of("user_code", code, "secret", secret, "token",
          enrolment, "action", "approve"));
      assertThat(approved.statusCode()).isEqualTo(200);
      assertThat(approved.body()).contains("Approved");

      HephCli.Result r = HephCli.await(login);
      assertThat(r.code()).as("heph login; stderr: %s", r.err()).isZero();
      Map<String, Object> out = Json.object(r.json());
      assertThat(out).containsEntry("hub", url).containsEntry("file", dir.resolve("laptop.db.login").toString());
    }
    assertThat(tokens.minted()).hasSize(1);
    String minted = tokens.minted().getFirst();
    assertThat(minted).isNotEqualTo(enrolment).matches("heph_[A-Za-z0-9_-]{43}");
    assertThat(tokens.owner(minted)).contains(new MemoryTokens.Owner("u_alice0000000000", "laptop"));
    Path file = dir.resolve("laptop.db.login");
    assertThat(Json.object(Json.parse(Files.readString(file)))).containsEntry("hub_url", url)
        .containsEntry("token", minted);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    // The hub is remembered: a plain sync goes there.
    assertThat(Json.object(cli.on(db, "sync", "--json").ok().json())).containsEntry("hub", url);
  }

  @Test
  void aDeniedLoginEndsTheCliWithAnErrorAndWritesNothing() throws Exception {
    HephCli cli = new HephCli(dir.resolve("cli"));
    Path db = dir.resolve("denied.db");
    try (HephCli.Running login = cli.start(db, "login", url, "--device", "phone")) {
      String code = LoginPrompt.await(login).userCode();
      HttpResponse<String> page = get("/device?user_code=" + code);
      HttpResponse<String> denied = postForm("/device", url, Map.of("user_code", code, "secret",
          LoginPrompt.formSecret(page.body()), "action", "deny"));
      assertThat(denied.body()).contains("Denied");
      HephCli.Result r = HephCli.await(login);
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.errLines().getLast()).isEqualTo("heph: the login was denied on the hub's page; nothing was stored");
    }
    assertThat(dir.resolve("denied.db.login")).doesNotExist();
    assertThat(tokens.minted()).isEmpty();
  }

  @Test
  void theRoutesAnswerInRfc8628Shapes() throws Exception {
    HttpResponse<String> started = postJson("/auth/device", "{\"device\":\"laptop\"}");
    assertThat(started.statusCode()).isEqualTo(200);
    Map<String, Object> s = Json.object(Json.parse(started.body()));
    assertThat(s.keySet()).containsExactly("device_code", "user_code", "verification_uri",
        "verification_uri_complete", "expires_in", "interval");
    assertThat(s).containsEntry("verification_uri", url + "/device").containsEntry("expires_in", 600L)
        .containsEntry("interval", 5L).containsEntry("verification_uri_complete", url + "/device?user_code="
            + s.get("user_code"));
    assertThat((String) s.get("user_code")).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");

    String deviceCode = (String) s.get("device_code");
    assertThat(oauthError(postJson("/auth/token", "{\"device_code\":\"" + deviceCode + "\"}")))
        .isEqualTo("authorization_pending");
    // The RFC's own form encoding works too; polled at once again: slow_down.
    assertThat(oauthError(postForm("/auth/token", null, Map.of("grant_type",
        "urn:ietf:params:oauth:grant-type:device_code", "device_code", deviceCode)))).isEqualTo("slow_down");
    assertThat(oauthError(postJson("/auth/token", "{\"device_code\":\"nope\"}"))).isEqualTo("invalid_grant");
    assertThat(oauthError(postForm("/auth/token", null, Map.of("grant_type", "password", "device_code", deviceCode))))
        .isEqualTo("unsupported_grant_type");
    assertThat(oauthError(postJson("/auth/device", "{\"device\":\"<b>\"}"))).isEqualTo("invalid_request");
    assertThat(oauthError(postJson("/auth/device", "{}"))).isEqualTo("invalid_request");
    assertThat(get("/auth/token").statusCode()).isEqualTo(405);
    HttpResponse<String> large = postJson("/auth/device", "{\"device\":\"" + "x".repeat(20_000) + "\"}");
    assertThat(large.statusCode()).isEqualTo(413);
  }

  @Test
  void theApprovalFormRefusesOtherOriginsWrongSecretsAndFormsElsewhere() throws Exception {
    String enrolment = tokens.create("u_bob00000000000000", "admin-made");
    Map<String, Object> s = Json.object(Json.parse(postJson("/auth/device", "{\"device\":\"tablet\"}").body()));
    String code = (String) s.get("user_code");
    String secret = LoginPrompt.formSecret(get("/device?user_code=" + code).body());

    HttpResponse<String> foreign = postForm("/device", "http://evil.example", Map.of("user_code", code, "secret",
        secret, "token", enrolment, "action", "approve"));
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("origin_not_allowed");

    HttpResponse<String> forged = postForm("/device", url, Map.of("user_code", code, "secret", "guessed", "token",
        enrolment, "action", "approve"));
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(tokens.minted()).isEmpty();
    assertThat(oauthError(postJson("/auth/token", "{\"device_code\":\"" + s.get("device_code") + "\"}")))
        .isEqualTo("authorization_pending");

    // Forms are taken on the login routes only: the sync routes still want JSON.
    assertThat(postForm("/sync/push", url, Map.of("ops", "[]")).statusCode()).isEqualTo(415);
    // A person may follow a link to the page from another site (a top-level navigation), but a
    // script on another site may not fetch it, and the sync routes take neither.
    String host = "Host: 127.0.0.1:" + server.port();
    assertThat(RawHttp.send(server.port(), "GET", "/device?user_code=" + code, null, host,
        "Sec-Fetch-Site: cross-site", "Sec-Fetch-Mode: navigate", "Sec-Fetch-Dest: document").status()).isEqualTo(200);
    assertThat(RawHttp.send(server.port(), "GET", "/device", null, host, "Sec-Fetch-Site: cross-site",
        "Sec-Fetch-Mode: cors", "Sec-Fetch-Dest: empty").status()).isEqualTo(403);
    assertThat(RawHttp.send(server.port(), "GET", "/sync/info", null, host, "Sec-Fetch-Site: cross-site",
        "Sec-Fetch-Mode: navigate", "Sec-Fetch-Dest: document").status()).isEqualTo(403);
    // And the login routes keep the hub's Host rule (no DNS rebinding).
    assertThat(RawHttp.send(server.port(), "GET", "/device", null, "Host: evil.example").status()).isEqualTo(403);
  }

  @Test
  void aHubWithoutDeviceLoginSaysToUseAToken() throws Exception {
    server.stop();
    directory.close();
    server = startHub(null);
    url = "http://127.0.0.1:" + server.port();
    assertThat(get("/device").statusCode()).isEqualTo(404);
    HephCli cli = new HephCli(dir.resolve("cli"));
    HephCli.Result r = cli.on(dir.resolve("x.db"), "login", url).userError();
    assertThat(r.message()).isEqualTo("heph: hub " + url + " does not offer device login (HTTP 404); an admin can"
        + " make a token (hephd token create), then: heph login " + url + " --token TOKEN");
  }

  @Test
  void theIdentityProviderLegApprovesForTheUserItSignsIn() throws Exception {
    try (Provider provider = new Provider()) {
      server.stop();
      directory.close();
      server = startHub(new LoginRoutes(tokens, provider, Clock.systemUTC()));
      url = "http://127.0.0.1:" + server.port();
      Map<String, Object> s = Json.object(Json.parse(postJson("/auth/device", "{\"device\":\"tablet\"}").body()));
      HttpResponse<String> page = get("/device?user_code=" + s.get("user_code"));
      assertThat(page.body()).contains("Sign in with the identity provider");
      assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("form-action 'self' " + provider.origin() + ";");

      HttpResponse<String> handOff = postForm("/device", url, Map.of("user_code", (String) s.get("user_code"),
          "secret", LoginPrompt.formSecret(page.body()), "action", "idp"));
      assertThat(handOff.statusCode()).isEqualTo(303);
      String atProvider = handOff.headers().firstValue("Location").orElseThrow();
      assertThat(atProvider).startsWith(provider.origin() + "/authorize?state=");
      HttpResponse<String> back = browser.send(HttpRequest.newBuilder(URI.create(atProvider)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      String callback = back.headers().firstValue("Location").orElseThrow();
      assertThat(callback).startsWith(url + "/device/callback?");

      // A callback with another state (a forged or replayed link) approves nothing.
      assertThat(browser.send(HttpRequest.newBuilder(URI.create(url + "/device/callback?code=good&state=forged"))
          .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
      HttpResponse<String> approved = browser.send(HttpRequest.newBuilder(URI.create(callback)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(approved.statusCode()).isEqualTo(200);
      assertThat(approved.body()).contains("Approved");
      assertThat(browser.send(HttpRequest.newBuilder(URI.create(callback)).GET().build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).as("a callback works once").isEqualTo(400);

      HttpResponse<String> issued = postJson("/auth/token", "{\"device_code\":\"" + s.get("device_code") + "\"}");
      assertThat(issued.statusCode()).isEqualTo(200);
      String token = (String) Json.object(Json.parse(issued.body())).get("access_token");
      assertThat(tokens.owner(token)).contains(new MemoryTokens.Owner(Provider.USER, "tablet"));
    }
  }

  /**
   * An identity provider's browser leg, as small as it gets: a real HTTP server whose
   * {@code /authorize} signs everyone in as {@link #USER} and sends the browser back with a code,
   * and the {@link BrowserLogin} that talks to it (checks state and code).
   */
  private static final class Provider implements BrowserLogin, AutoCloseable {
    static final String USER = "u_carol000000000";
    private final com.sun.net.httpserver.HttpServer http;
    private final java.util.Set<String> states = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Provider() throws IOException {
      http = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      http.createContext("/authorize", exchange -> {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
          String[] kv = pair.split("=", 2);
          q.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        exchange.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=good&state=" + enc(q.get("state")));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
      });
      http.start();
    }

    String origin() {
      return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @Override
    public URI providerOrigin() {
      return URI.create(origin());
    }

    @Override
    public Begun begin(URI callback) {
      String state = "s" + states.size() + "-" + System.nanoTime();
      states.add(state);
      return new Begun(URI.create(origin() + "/authorize?state=" + enc(state) + "&redirect_uri="
          + enc(callback.toString())), state);
    }

    @Override
    public java.util.Optional<String> complete(URI callback, String state, Map<String, String> callbackQuery) {
      return states.remove(state) && "good".equals(callbackQuery.get("code"))
          && callback.toString().endsWith("/device/callback") ? java.util.Optional.of(USER) : java.util.Optional.empty();
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }



  private static String oauthError(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isIn(400, 503);
    Map<String, Object> body = Json.object(Json.parse(answer.body()));
    assertThat(body.keySet()).containsExactly("error", "error_description");
    return (String) body.get("error");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return browser.send(HttpRequest.newBuilder(URI.create(url + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
    return browser.send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A form post as a browser sends it from the hub's page ({@code origin} null: a tool, no Origin). */
  private HttpResponse<String> postForm(String path, String origin, Map<String, String> fields)
      throws IOException, InterruptedException {
    String body = new LinkedHashMap<>(fields).entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) {
      request.header("Origin", origin).header("Sec-Fetch-Site", origin.equals(url) ? "same-origin" : "cross-site");
    }
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
