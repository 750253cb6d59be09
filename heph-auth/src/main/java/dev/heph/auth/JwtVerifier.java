package dev.heph.auth;

import java.util.Optional;

/**
 * Checks a bearer JWT from an identity provider (signature, issuer, audience, lifetime).
 * Empty means refused; why is logged by the implementation, never told to the caller, so that an
 * answer does not help an attacker tell a wrong key from an unknown person.
 */
public interface JwtVerifier {
  Optional<ExternalIdentity> verify(String compactJwt);
}
