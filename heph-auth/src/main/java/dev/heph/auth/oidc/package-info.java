/**
 * OpenID Connect for the hub: {@link dev.heph.auth.oidc.OidcProvider} discovers a provider and
 * its signing keys, {@link dev.heph.auth.oidc.OidcVerifier} checks the provider's JWT access
 * tokens, and {@link dev.heph.auth.oidc.OidcLogin} runs the browser leg of a login
 * (authorization code + PKCE, ID token checked). No HTTP server here: the hub's routes call in.
 */
package dev.heph.auth.oidc;
