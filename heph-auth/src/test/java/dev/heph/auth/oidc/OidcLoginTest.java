package dev.heph.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.heph.auth.ExternalIdentity;
import dev.heph.auth.oidc.LoginOutcome.LoggedIn;
import dev.heph.auth.oidc.LoginOutcome.Reason;
import dev.heph.auth.oidc.LoginOutcome.Refused;
import dev.heph.core.HephException;
import dev.heph.testkit.TestClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser leg end to end: a browser-less client follows the provider's redirect (the mock
 * logs in without a form) to a callback served here, whose code and state finish the login.
 */
class OidcLoginTest {
  private static final String CLIENT = "heph-hub";

  private static TestProvider provider;
  private static OidcProvider discovered;
  private static HttpServer callback;
  private static URI redirectUri;
  private static final HttpClient BROWSER = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  @BeforeAll
  static void start() throws Exception {
    provider = new TestProvider();
    discovered = OidcProvider.discover(provider.issuer("default"));
    callback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    callback.createContext("/callback", exchange -> {
      byte[] page = "signed in; you may close this window".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, page.length);
      exchange.getResponseBody().write(page);
      exchange.close();
    });
    callback.start();
    redirectUri = URI.create("http://127.0.0.1:" + callback.getAddress().getPort() + "/callback");
  }

  @AfterAll
  static void stop() {
    callback.stop(0);
    provider.close();
  }

  private static OidcLogin login() {
    return new OidcLogin(discovered, OidcSettings.of(provider.issuer("default"), CLIENT), redirectUri);
  }

  /** What a browser does: open the URL, follow the redirect; returns the callback's query. */
  private static Map<String, String> signIn(URI authorizationUrl) throws Exception {
    HttpResponse<String> page = BROWSER.send(HttpRequest.newBuilder(authorizationUrl).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).startsWith("signed in");
    assertThat(page.uri().getPath()).isEqualTo("/callback");
    return query(page.uri());
  }

  private static Map<String, String> query(URI uri) {
    return Arrays.stream(uri.getRawQuery().split("&")).map(pair -> pair.split("=", 2))
        .collect(Collectors.toMap(kv -> kv[0], kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8),
            (a, b) -> b, LinkedHashMap::new));
  }

  /** The authorization URL with one parameter replaced, as a meddler on the front channel would. */
  private static URI withParameter(URI url, String name, String value) {
    Map<String, String> params = query(url);
    params.put(name, value);
    String rebuilt = params.entrySet().stream().map(e -> e.getKey() + "=" + TokenExchange.encode(e.getValue()))
        .collect(Collectors.joining("&"));
    return URI.create(url.toString().substring(0, url.toString().indexOf('?') + 1) + rebuilt);
  }

  private static void nextLoginIs(String subject) {
    provider.server.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, "JWT", null, Map.of(), 3600));
  }

  @Test
  void aFullLoginYieldsTheIdentityAndTheCallersContext() throws Exception {
    OidcLogin login = login();
    LoginStart started = login.start("WDJB-MJHT");

    Map<String, String> sent = query(started.authorizationUrl());
    assertThat(started.authorizationUrl().toString()).startsWith(discovered.metadata().authorizationEndpoint() + "?");
    assertThat(sent).containsEntry("response_type", "code").containsEntry("client_id", CLIENT)
        .containsEntry("redirect_uri", redirectUri.toString()).containsEntry("scope", "openid")
        .containsEntry("state", started.state()).containsEntry("code_challenge_method", "S256")
        .containsKeys("nonce", "code_challenge");
    assertThat(sent.get("nonce")).hasSize(43).isNotEqualTo(started.state());

    nextLoginIs("alice");
    Map<String, String> back = signIn(started.authorizationUrl());
    assertThat(back).containsEntry("state", started.state()).containsKey("code");

    assertThat(login.finish(back.get("code"), back.get("state")))
        .isEqualTo(new LoggedIn(new ExternalIdentity(provider.issuer("default"), "alice"), "WDJB-MJHT"));
  }

  @Test
  void aStateIsUsedOnceSoAReplayedCallbackIsRefused() throws Exception {
    OidcLogin login = login();
    LoginStart started = login.start("ctx");
    Map<String, String> back = signIn(started.authorizationUrl());
    assertThat(login.finish(back.get("code"), back.get("state"))).isInstanceOf(LoggedIn.class);

    assertThat(login.finish(back.get("code"), back.get("state")))
        .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.UNKNOWN_STATE));
  }

  @Test
  void anUnknownStateIsRefusedWithoutAskingTheProvider() throws Exception {
    OidcLogin login = login();
    Map<String, String> back = signIn(login.start("ctx").authorizationUrl());
    // A real code with a state this hub never issued (a forged callback) ends nothing.
    assertThat(login.finish(back.get("code"), "made-up-state"))
        .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.UNKNOWN_STATE));
    assertThat(login.finish(back.get("code"), null)).isInstanceOf(Refused.class);
    // The genuine state still works: the forged attempts did not consume it.
    assertThat(login.finish(back.get("code"), back.get("state"))).isInstanceOf(LoggedIn.class);
  }

  @Test
  void anIdTokenWithAnotherNonceIsRefused() throws Exception {
    OidcLogin login = login();
    LoginStart started = login.start("ctx");
    Map<String, String> back = signIn(withParameter(started.authorizationUrl(), "nonce", "someone-elses-nonce"));

    assertThat(login.finish(back.get("code"), back.get("state")))
        .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.ID_TOKEN_REFUSED));
  }

  @Test
  void theCodeIsBoundToThePkceVerifier() throws Exception {
    OidcLogin login = login();
    LoginStart started = login.start("ctx");
    String otherChallenge = OidcLogin.codeChallenge("a-verifier-this-hub-never-made-0123456789abcdef");
    Map<String, String> back = signIn(withParameter(started.authorizationUrl(), "code_challenge", otherChallenge));

    assertThat(login.finish(back.get("code"), back.get("state")))
        .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.TOKEN_REQUEST_FAILED));
  }

  @Test
  void aLoginExpiresAfterItsLifetime() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    OidcLogin login = new OidcLogin(discovered, OidcSettings.of(provider.issuer("default"), CLIENT), redirectUri, clock);
    LoginStart late = login.start("late");
    LoginStart onTime = login.start("on time");
    clock.advance(OidcLogin.LOGIN_LIFETIME.toMillis() - 1);
    Map<String, String> onTimeBack = signIn(onTime.authorizationUrl());
    assertThat(login.finish(onTimeBack.get("code"), onTimeBack.get("state"))).isInstanceOf(LoggedIn.class);

    clock.advance(1);
    Map<String, String> lateBack = signIn(late.authorizationUrl());
    assertThat(login.finish(lateBack.get("code"), lateBack.get("state")))
        .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).isEqualTo(Reason.UNKNOWN_STATE));
  }

  @Test
  void pendingLoginsAreBoundedByDroppingTheOldest() {
    TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    PendingLogins pending = new PendingLogins(clock, OidcLogin.LOGIN_LIFETIME, 3);
    for (String state : List.of("s1", "s2", "s3", "s4")) {
      pending.add(state, "verifier", "nonce", state);
    }
    assertThat(pending.size()).isEqualTo(3);
    assertThat(pending.take("s1")).isEmpty();
    assertThat(pending.take("s4")).map(PendingLogins.Pending::context).contains("s4");

    clock.advance(OidcLogin.LOGIN_LIFETIME.toMillis());
    pending.add("s5", "verifier", "nonce", "s5");
    assertThat(pending.size()).isEqualTo(1); // s2 and s3 expired and were swept
  }

  @Test
  void aConfidentialClientSendsItsSecretFromAFile(@TempDir Path dir) throws Exception {
    Path secretFile = Files.writeString(dir.resolve("client-secret"), "s3cret\n");
    OidcLogin login = new OidcLogin(discovered,
        new OidcSettings(provider.issuer("default"), CLIENT, null, secretFile), redirectUri);
    LoginStart started = login.start("ctx");
    nextLoginIs("bob");
    Map<String, String> back = signIn(started.authorizationUrl());
    assertThat(login.finish(back.get("code"), back.get("state")))
        .isEqualTo(new LoggedIn(new ExternalIdentity(provider.issuer("default"), "bob"), "ctx"));

    Path empty = Files.writeString(dir.resolve("empty"), " \n");
    assertThatThrownBy(() -> new OidcLogin(discovered,
        new OidcSettings(provider.issuer("default"), CLIENT, null, empty), redirectUri))
        .isInstanceOf(HephException.InvalidInput.class).hasMessageContaining("is empty");
  }
}
