package dev.heph.daemon.login;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Signing a person in through the identity provider (OpenID Connect, authorization code + PKCE),
 * as the approval page offers it when the hub has one configured. The routes send the browser to
 * {@link #begin}'s address and hand the provider's answer, which comes back to
 * {@code GET /device/callback}, to {@link #complete}.
 *
 * <p>The implementation chooses the {@code state} (it keeps the PKCE verifier and the nonce under
 * it; OIDC libraries make their own), and the routes key their hand-off by the state it chose.
 * The callback is built from the origin the browser used, so one hub reached under two names
 * passes two callbacks; {@code complete} gets the same callback {@code begin} got, because the
 * code exchange must name the very redirect URI the login began with.
 */
public interface BrowserLogin {
  /** The provider's origin ({@code https://idp.example.org}): the approval form may be sent on to it. */
  URI providerOrigin();

  /** A sign-in begun: where to send the browser, and the {@code state} the provider will echo. */
  record Begun(URI location, String state) {}

  /**
   * Where to send the browser to sign in; the provider sends it back to {@code callback} with the
   * answer's {@code state} and its own parameters.
   */
  Begun begin(URI callback);

  /**
   * The heph user the provider signed in, from the query of the callback for {@code state}; empty
   * when the answer is refused (an error, a bad code or ID token, no heph user for that identity).
   */
  Optional<String> complete(URI callback, String state, Map<String, String> callbackQuery);
}
