package dev.heph.daemon.login;

import dev.heph.auth.ExternalIdentity;
import dev.heph.auth.accounts.Accounts;
import dev.heph.auth.accounts.User;
import dev.heph.auth.oidc.LoginOutcome;
import dev.heph.auth.oidc.LoginStart;
import dev.heph.auth.oidc.OidcLogin;
import dev.heph.auth.oidc.OidcProvider;
import dev.heph.auth.oidc.OidcSettings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The approval page's sign-in through the hub's OIDC provider ({@code --auth oidc}): an
 * {@link OidcLogin} does the protocol, and the identity it vouches for becomes a heph user through
 * the hub's accounts, linked before ({@link Accounts#userOf}) or, with {@code --oidc-auto-create},
 * created on first sign-in ({@link Accounts#userFor}), as for the provider's bearer tokens.
 */
public final class OidcBrowserLogin implements BrowserLogin {
  /**
   * Callbacks with a login of their own at once. One is the usual case (the hub's one public
   * name); a few more cover a hub reached by IP and by name. The Host rule bounds the names, but
   * a hub bound to a wildcard address takes any IP literal, so the map is bounded too: the least
   * recently used callback's logins in progress are dropped, as OidcLogin drops its oldest under
   * a flood, rather than refusing sign-ins.
   */
  static final int MAX_CALLBACKS = 16;

  private final OidcProvider provider;
  private final OidcSettings settings;
  private final Accounts accounts;
  private final boolean autoCreate;
  // Why one OidcLogin per callback rather than a --oidc-redirect-uri flag: the approval page
  // sends the provider back to the origin the browser used (the hub's Host rule already limits
  // it), so it works behind a proxy or under a new name with nothing more to configure; the
  // provider must still have each such callback registered, as docs/oidc.md says.
  private final Map<URI, OidcLogin> logins = new LinkedHashMap<>(MAX_CALLBACKS, 0.75f, true);

  /** @throws dev.heph.core.HephException.InvalidInput if the client secret file cannot be read or is empty */
  public OidcBrowserLogin(OidcProvider provider, OidcSettings settings, Accounts accounts, boolean autoCreate) {
    this.provider = provider;
    this.settings = settings;
    this.accounts = accounts;
    this.autoCreate = autoCreate;
    // OidcLogin reads the client secret file when it is made: made once now, an unreadable or
    // empty file stops start-up instead of failing the first person who signs in.
    new OidcLogin(provider, settings, URI.create("http://127.0.0.1/device/callback"));
  }

  @Override
  public URI providerOrigin() {
    URI endpoint = provider.metadata().authorizationEndpoint();
    return URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority());
  }

  @Override
  public Begun begin(URI callback) {
    LoginStart start = loginFor(callback).start(null);
    return new Begun(start.authorizationUrl(), start.state());
  }

  @Override
  public Optional<String> complete(URI callback, String state, Map<String, String> callbackQuery) {
    // A callback with "error" instead of a code (the person declined) ends the login refused.
    LoginOutcome outcome = loginFor(callback).finish(callbackQuery.get("code"), state);
    return switch (outcome) {
      case LoginOutcome.LoggedIn in -> user(in.identity()).map(User::id);
      case LoginOutcome.Refused refused -> Optional.empty();
    };
  }

  private Optional<User> user(ExternalIdentity identity) {
    return autoCreate ? accounts.userFor(identity) : accounts.userOf(identity);
  }

  private OidcLogin loginFor(URI callback) {
    synchronized (logins) {
      OidcLogin login = logins.get(callback);
      if (login == null) {
        if (logins.size() >= MAX_CALLBACKS) {
          logins.remove(logins.keySet().iterator().next()); // least recently used
        }
        login = new OidcLogin(provider, settings, callback);
        logins.put(callback, login);
      }
      return login;
    }
  }
}
