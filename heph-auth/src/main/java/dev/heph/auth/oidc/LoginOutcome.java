package dev.heph.auth.oidc;

import dev.heph.auth.ExternalIdentity;

/** How a browser login ended: the person the provider vouched for, or why not. */
public sealed interface LoginOutcome {

  /** The provider vouched for {@code identity}; {@code context} is what {@link OidcLogin#start} was given. */
  record LoggedIn(ExternalIdentity identity, String context) implements LoginOutcome {}

  /** The login failed; {@code message} is fit to show the person (no secrets, no token). */
  record Refused(Reason reason, String message) implements LoginOutcome {}

  /** Why a login failed. */
  enum Reason {
    /** The state is unknown, already used or expired: a replay, a stale tab, or a forged callback. */
    UNKNOWN_STATE,
    /** The provider did not exchange the code (wrong PKCE verifier, used code, bad client secret) or could not be reached. */
    TOKEN_REQUEST_FAILED,
    /** The ID token failed a check: signature, issuer, audience, lifetime or nonce. */
    ID_TOKEN_REFUSED
  }
}
