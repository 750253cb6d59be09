package dev.heph.daemon.login;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Signing a person in through the identity provider (OpenID Connect, authorization code + PKCE),
 * as the approval page offers it when the hub has one configured. The routes send the browser to
 * {@link #begin}'s address and hand the provider's answer, which comes back to
 * {@code GET /device/callback}, to {@link #complete}; whatever the flow keeps meanwhile (the PKCE
 * verifier, the nonce) the implementation keeps under {@code state}.
 */
public interface BrowserLogin {
  /** The provider's origin ({@code https://idp.example.org}): the approval form may be sent on to it. */
  URI providerOrigin();

  /**
   * Where to send the browser to sign in; the provider sends it back to {@code callback} with
   * {@code state} (a random value naming one approval) and its own parameters.
   */
  URI begin(String state, URI callback);

  /**
   * The heph user the provider signed in, from the query of the callback for {@code state}; empty
   * when the answer is refused (an error, a bad code or ID token, no heph user for that identity).
   */
  Optional<String> complete(String state, Map<String, String> callbackQuery);
}
