package dev.heph.auth.oidc;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the hub is registered with its OIDC provider, as the flags name it.
 *
 * @param issuer           the provider's issuer URL, compared exactly with the discovered one
 * @param clientId         the hub's client id at the provider
 * @param audience         the {@code aud} access tokens must carry; {@code null} means the client id
 * @param clientSecretFile a file holding the client secret for the code exchange; {@code null}
 *                         for a public client (PKCE alone)
 */
public record OidcSettings(String issuer, String clientId, String audience, Path clientSecretFile) {
  public OidcSettings {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(clientId, "clientId");
    if (issuer.isBlank() || clientId.isBlank()) {
      throw new IllegalArgumentException("the OIDC issuer and client id must not be empty");
    }
    // Providers that mint access tokens for the client itself (the usual set-up for a single
    // app) put the client id in aud; a separate API audience is the exception.
    audience = audience == null || audience.isBlank() ? clientId : audience;
  }

  /** Settings for a public client whose access tokens carry its own client id as audience. */
  public static OidcSettings of(String issuer, String clientId) {
    return new OidcSettings(issuer, clientId, null, null);
  }
}
