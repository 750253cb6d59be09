package dev.heph.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A real OIDC provider on loopback (mock-oauth2-server) whose signing key the test can rotate.
 * Every issuer of the server signs with the same current key, as multi-tenant providers do, so
 * that a token from another issuer differs from a good one only in its {@code iss}.
 */
final class TestProvider implements AutoCloseable {
  final MockOAuth2Server server;
  private final SwappableKeys keys = new SwappableKeys();

  TestProvider() {
    server = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys)));
    server.start();
  }

  String issuer(String issuerId) {
    return server.issuerUrl(issuerId).toString();
  }

  /** The key the provider signs with now (private part included, for hand-made tokens). */
  RSAKey currentKey() {
    return keys.current;
  }

  /** Starts signing with a new key under a new kid; the JWKS endpoint then publishes only it. */
  RSAKey rotate(String kid) {
    keys.current = newKey(kid);
    return keys.current;
  }

  /** A token the provider itself issues (through its own token code) for {@code issuerId}. */
  SignedJWT token(String issuerId, String subject, List<String> audience, Map<String, Object> claims, long expirySeconds) {
    return token(issuerId, subject, JOSEObjectType.JWT.getType(), audience, claims, expirySeconds);
  }

  SignedJWT token(String issuerId, String subject, String type, List<String> audience, Map<String, Object> claims,
      long expirySeconds) {
    return server.issueToken(issuerId, "some-client",
        new DefaultOAuth2TokenCallback(issuerId, subject, type, audience, claims, expirySeconds));
  }

  /** Signs {@code claims} with {@code key} by hand (RS256, the key's kid). */
  static SignedJWT sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
        .type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt;
  }

  static RSAKey newKey(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
  }

  /** mock-oauth2-server's key provider, made to serve one swappable key for every issuer. */
  private static final class SwappableKeys extends KeyProvider {
    volatile RSAKey current = newKey("key-1");

    SwappableKeys() {
      super(List.of(), JWSAlgorithm.RS256.getName());
    }

    @Override
    public JWK signingKey(String issuerId) {
      return current;
    }
  }
}
