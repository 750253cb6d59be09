package dev.heph.auth.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTProcessor;
import java.time.Duration;
import java.util.Set;

/** The checks every provider-signed JWT goes through, shared by access tokens and ID tokens. */
final class SignedTokens {
  /**
   * Only asymmetric algorithms: a provider signs with a private key, and an HMAC token could be
   * "signed" with the provider's public key by anyone. EdDSA is left out because nimbus verifies
   * Ed25519 only with Google Tink on the class path, which heph does not ship.
   */
  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

  /** How far the provider's clock and ours may disagree on exp, nbf and iat. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  /** No real token is near this; a larger string is refused before anything parses it. */
  static final int MAX_LENGTH = 16 * 1024;

  private SignedTokens() {}

  /**
   * A processor that checks the header type, the algorithm against {@link #ALGORITHMS}, the
   * signature against the provider's key named by {@code kid}, then the claims.
   */
  static JWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keys, Set<JOSEObjectType> types,
      DefaultJWTClaimsVerifier<SecurityContext> claims) {
    var processor = new DefaultJWTProcessor<SecurityContext>();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(types));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    claims.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
    return processor;
  }

  /** Claims that must match exactly: the issuer, and whatever else the caller names. */
  static JWTClaimsSet.Builder exactly(String issuer) {
    return new JWTClaimsSet.Builder().issuer(issuer);
  }
}
