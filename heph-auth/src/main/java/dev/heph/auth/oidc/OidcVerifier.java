package dev.heph.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.JWTProcessor;
import dev.heph.auth.ExternalIdentity;
import dev.heph.auth.JwtVerifier;
import java.lang.System.Logger.Level;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Accepts a provider's signed JWT access token as a bearer credential: signature by a key from
 * the provider's key set, exact issuer, the configured audience, exp/nbf within the clock skew,
 * a subject. Every other token is refused, with the reason logged and never the token.
 */
public final class OidcVerifier implements JwtVerifier {
  private static final System.Logger LOG = System.getLogger("heph.auth.oidc");

  /**
   * {@code at+jwt} (RFC 9068) is not required: mock-oauth2-server, Keycloak and Entra ID issue
   * access tokens typed plain {@code JWT}. Absent, {@code JWT} and the RFC 9068 types are taken;
   * any other type (a logout token, a DPoP proof, ...) is a different kind of JWT and refused.
   */
  static final Set<JOSEObjectType> ACCESS_TOKEN_TYPES = types(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"),
      new JOSEObjectType("application/at+jwt"), null);

  private final JWTProcessor<SecurityContext> processor;

  public OidcVerifier(OidcProvider provider, OidcSettings settings) {
    var claims = new DefaultJWTClaimsVerifier<SecurityContext>(Set.of(settings.audience()),
        SignedTokens.exactly(provider.metadata().issuer()).build(), Set.of("sub", "exp"), Set.of());
    this.processor = SignedTokens.processor(provider.keys(), ACCESS_TOKEN_TYPES, claims);
  }

  /** Discovers the provider and builds a verifier; see {@link OidcProvider#discover}. */
  public static OidcVerifier discover(OidcSettings settings) {
    return new OidcVerifier(OidcProvider.discover(settings.issuer()), settings);
  }

  @Override
  public Optional<ExternalIdentity> verify(String compactJwt) {
    if (compactJwt == null || compactJwt.length() > SignedTokens.MAX_LENGTH) {
      LOG.log(Level.DEBUG, "OIDC token refused: missing or longer than {0} characters", SignedTokens.MAX_LENGTH);
      return Optional.empty();
    }
    try {
      // SignedJWT.parse refuses alg "none" and encrypted JWTs before any key is looked up.
      JWTClaimsSet claims = processor.process(SignedJWT.parse(compactJwt), null);
      if (claims.getSubject().isBlank()) {
        LOG.log(Level.DEBUG, "OIDC token refused: empty subject");
        return Optional.empty();
      }
      return Optional.of(new ExternalIdentity(claims.getIssuer(), claims.getSubject()));
    } catch (RateLimitReachedException e) {
      LOG.log(Level.DEBUG, "OIDC token refused: unknown signing key, and the key set was fetched moments ago");
    } catch (ParseException | BadJOSEException e) {
      LOG.log(Level.DEBUG, "OIDC token refused: {0}", e.getMessage());
    } catch (JOSEException e) {
      // The key set could not be fetched: every token is refused until it can, so say it louder.
      LOG.log(Level.WARNING, "OIDC token refused: cannot check its signature: {0}", e.getMessage());
    }
    return Optional.empty();
  }

  private static Set<JOSEObjectType> types(JOSEObjectType... types) {
    // Set.of refuses null, and "no typ header" is one of the accepted types.
    return new HashSet<>(Arrays.asList(types));
  }
}
