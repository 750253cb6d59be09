package dev.heph.daemon.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.auth.ExternalIdentity;
import dev.heph.auth.accounts.Accounts;
import dev.heph.auth.accounts.HubLayout;
import dev.heph.auth.oidc.OidcProvider;
import dev.heph.auth.oidc.OidcSettings;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OidcBrowserLogin} against a real provider (mock-oauth2-server) and a real accounts
 * database: the provider's answer becomes the linked (or, with auto-create, a new) heph user; the
 * state is the login's own, bound to the callback it began with; callbacks are bounded.
 */
class OidcBrowserLoginTest {
  private static final String CLIENT = "heph-hub";
  private static MockOAuth2Server server;
  private static OidcProvider provider;
  private static OidcSettings settings;
  private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @TempDir Path dir;
  Accounts accounts;

  @BeforeAll
  static void startProvider() {
    server = new MockOAuth2Server();
    server.start();
    settings = OidcSettings.of(server.issuerUrl("default").toString(), CLIENT);
    provider = OidcProvider.discover(settings.issuer());
  }

  @AfterAll
  static void stopProvider() {
    server.shutdown();
  }

  @BeforeEach
  void openAccounts() {
    accounts = Accounts.open(new HubLayout(dir.resolve("hub.db")));
  }

  @AfterEach
  void closeAccounts() {
    accounts.close();
  }

  /** The browser at the provider, which signs in at once and sends it back: the callback's query. */
  private static Map<String, String> signIn(BrowserLogin.Begun begun) throws Exception {
    HttpResponse<Void> answer = BROWSER.send(HttpRequest.newBuilder(begun.location()).GET().build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(answer.statusCode()).isEqualTo(302);
    URI back = URI.create(answer.headers().firstValue("Location").orElseThrow());
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : back.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    assertThat(query).containsEntry("state", begun.state());
    return query;
  }

  /**
   * Completes a login whose code the provider exchanges for an ID token naming {@code subject}
   * (null: no exchange is expected, so none is queued: the provider hands out queued subjects in
   * order, at its token endpoint).
   */
  private static Optional<String> complete(OidcBrowserLogin login, URI callback, BrowserLogin.Begun begun,
      Map<String, String> query, String subject) {
    if (subject != null) {
      server.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, "JWT", null, Map.of(), 3600));
    }
    return login.complete(callback, begun.state(), query);
  }

  @Test
  void aLinkedIdentityIsItsUserAndAnUnknownOneNobodyWithoutAutoCreate() throws Exception {
    String alice = accounts.addUser("alice").id();
    accounts.link(new ExternalIdentity(settings.issuer(), "alice-sub"), "alice");
    OidcBrowserLogin login = new OidcBrowserLogin(provider, settings, accounts, false);
    URI callback = URI.create("https://hub.example/device/callback");
    URI issuer = URI.create(settings.issuer());
    assertThat(login.providerOrigin()).isEqualTo(URI.create(issuer.getScheme() + "://" + issuer.getAuthority()));

    BrowserLogin.Begun begun = login.begin(callback);
    assertThat(begun.location().toString()).contains("redirect_uri=https%3A%2F%2Fhub.example%2Fdevice%2Fcallback");
    Map<String, String> query = signIn(begun);
    assertThat(complete(login, callback, begun, query, "alice-sub")).contains(alice);
    assertThat(complete(login, callback, begun, query, null)).as("a state is used once").isEmpty();

    BrowserLogin.Begun stranger = login.begin(callback);
    assertThat(complete(login, callback, stranger, signIn(stranger), "stranger-sub")).isEmpty();
    assertThat(accounts.users()).hasSize(1);
  }

  @Test
  void withAutoCreateAFirstSignInMakesAUserAndTheNextFindsIt() throws Exception {
    OidcBrowserLogin login = new OidcBrowserLogin(provider, settings, accounts, true);
    URI callback = URI.create("http://127.0.0.1:7878/device/callback");
    BrowserLogin.Begun first = login.begin(callback);
    Optional<String> user = complete(login, callback, first, signIn(first), "carol");
    assertThat(user).isPresent();
    assertThat(accounts.user(user.get()).name()).isEqualTo("carol");
    BrowserLogin.Begun again = login.begin(callback);
    assertThat(complete(login, callback, again, signIn(again), "carol")).isEqualTo(user);
    assertThat(accounts.users()).hasSize(1);
  }

  @Test
  void aLoginFinishesOnlyAtItsOwnCallbackAndTheOldestCallbacksGiveWay() throws Exception {
    OidcBrowserLogin login = new OidcBrowserLogin(provider, settings, accounts, true);
    URI callback = URI.create("https://hub.example/device/callback");
    BrowserLogin.Begun begun = login.begin(callback);
    Map<String, String> query = signIn(begun);
    assertThat(complete(login, URI.create("https://other.example/device/callback"), begun, query, null)).isEmpty();

    BrowserLogin.Begun kept = login.begin(callback);
    Map<String, String> keptQuery = signIn(kept);
    BrowserLogin.Begun dropped = login.begin(URI.create("http://10.0.0.1:1/device/callback"));
    Map<String, String> droppedQuery = signIn(dropped);
    for (int i = 2; i <= OidcBrowserLogin.MAX_CALLBACKS; i++) {
      login.begin(URI.create("http://10.0.0.1:" + i + "/device/callback"));
      login.begin(callback); // used again and again: never the least recently used
    }
    assertThat(complete(login, URI.create("http://10.0.0.1:1/device/callback"), dropped, droppedQuery, null))
        .as("the least recently used callback's logins were dropped").isEmpty();
    Optional<String> erin = complete(login, callback, kept, keptQuery, "erin");
    assertThat(erin).isPresent();
    assertThat(accounts.user(erin.get()).name()).isEqualTo("erin");
  }
}
