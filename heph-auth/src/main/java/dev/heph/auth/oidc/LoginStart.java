package dev.heph.auth.oidc;

import java.net.URI;

/**
 * A login begun: send the browser to {@code authorizationUrl}; the provider sends it back to the
 * redirect URI with {@code state} and a code for {@link OidcLogin#finish}.
 */
public record LoginStart(URI authorizationUrl, String state) {}
