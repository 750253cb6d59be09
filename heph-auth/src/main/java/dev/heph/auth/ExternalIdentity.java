package dev.heph.auth;

import java.util.Objects;

/**
 * A person as an identity provider names them: the issuer URL and the subject it vouches for.
 * The pair, never the subject alone, maps to a heph user, since two providers may reuse a subject.
 */
public record ExternalIdentity(String issuer, String subject) {
  public ExternalIdentity {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    if (issuer.isEmpty() || subject.isEmpty()) {
      throw new IllegalArgumentException("issuer and subject must not be empty");
    }
  }
}
