package dev.heph.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.heph.auth.ExternalIdentity;
import dev.heph.core.HephException.DaemonFailure;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OidcVerifierTest {
  private static final String CLIENT = "heph-hub";
  private static final String API = "heph-api";

  private static TestProvider provider;
  private static OidcVerifier verifier;
  private static String issuer;

  @BeforeAll
  static void startProvider() {
    provider = new TestProvider();
    issuer = provider.issuer("default");
    verifier = OidcVerifier.discover(new OidcSettings(issuer, CLIENT, API, null));
  }

  @AfterAll
  static void stopProvider() {
    provider.close();
  }

  private static String token(String subject, List<String> audience, Map<String, Object> claims, long expiry) {
    return provider.token("default", subject, audience, claims, expiry).serialize();
  }

  private static String good(String subject) {
    return token(subject, List.of(API), Map.of(), 3600);
  }

  @Test
  void aValidAccessTokenNamesItsIssuerAndSubject() {
    assertThat(verifier.verify(good("alice"))).contains(new ExternalIdentity(issuer, "alice"));
  }

  @Test
  void theAudienceDefaultsToTheClientId() {
    OidcVerifier byClientId = OidcVerifier.discover(OidcSettings.of(issuer, CLIENT));
    assertThat(byClientId.verify(token("alice", List.of(CLIENT), Map.of(), 3600))).isPresent();
    assertThat(byClientId.verify(good("alice"))).isEmpty();
  }

  @Test
  void anExpiredTokenIsRefusedButTheDocumentedMinuteOfSkewIsAllowed() {
    assertThat(verifier.verify(token("alice", List.of(API), Map.of(), -120))).isEmpty();
    assertThat(verifier.verify(token("alice", List.of(API), Map.of(), -30))).isPresent();
  }

  @Test
  void aTokenNotYetValidIsRefused() {
    Date later = Date.from(Instant.now().plusSeconds(600));
    assertThat(verifier.verify(token("alice", List.of(API), Map.of("nbf", later), 3600))).isEmpty();
  }

  @Test
  void aTokenForAnotherAudienceOrNoneIsRefused() {
    assertThat(verifier.verify(token("alice", List.of("another-api"), Map.of(), 3600))).isEmpty();
    assertThat(verifier.verify(token("alice", List.of(), Map.of(), 3600))).isEmpty();
  }

  @Test
  void aTokenFromAnotherIssuerOfTheSameProviderIsRefusedThoughItsKeyIsGood() throws Exception {
    SignedJWT other = provider.token("other", "alice", List.of(API), Map.of(), 3600);
    // Same key and kid as the accepted tokens: only the issuer check can refuse it.
    assertThat(other.getHeader().getKeyID()).isEqualTo(SignedJWT.parse(good("alice")).getHeader().getKeyID());
    assertThat(other.getJWTClaimsSet().getIssuer()).isEqualTo(provider.issuer("other")).isNotEqualTo(issuer);
    assertThat(verifier.verify(other.serialize())).isEmpty();
  }

  @Test
  void anUnsignedTokenIsRefused() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(good("alice")).getJWTClaimsSet();
    assertThat(verifier.verify(new PlainJWT(claims).serialize())).isEmpty();
    // By hand too, with the provider's kid, as an attacker would write it.
    String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"key-1\",\"typ\":\"JWT\"}").toString();
    String payload = Base64URL.encode(claims.toString()).toString();
    assertThat(verifier.verify(header + "." + payload + ".")).isEmpty();
  }

  @Test
  void anHmacTokenKeyedWithTheProvidersPublicKeyIsRefused() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(good("alice")).getJWTClaimsSet();
    RSAKey published = provider.currentKey().toPublicJWK();
    for (byte[] secret : List.of(published.toRSAPublicKey().getEncoded(),
        published.toJSONString().getBytes(StandardCharsets.UTF_8))) {
      SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID())
          .type(JOSEObjectType.JWT).build(), claims);
      forged.sign(new MACSigner(secret));
      assertThat(verifier.verify(forged.serialize())).isEmpty();
    }
  }

  @Test
  void aTamperedPayloadIsRefused() throws Exception {
    String[] parts = good("alice").split("\\.");
    JWTClaimsSet changed = new JWTClaimsSet.Builder(SignedJWT.parse(good("alice")).getJWTClaimsSet())
        .subject("mallory").build();
    String tampered = parts[0] + "." + Base64URL.encode(changed.toString()) + "." + parts[2];
    assertThat(verifier.verify(tampered)).isEmpty();
  }

  @Test
  void aTokenSignedByAnUnknownKeyIsRefused() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(good("alice")).getJWTClaimsSet();
    assertThat(verifier.verify(TestProvider.sign(TestProvider.newKey("stranger"), claims).serialize())).isEmpty();
    // A stranger's key under the provider's own kid fails on the signature.
    String kid = provider.currentKey().getKeyID();
    assertThat(verifier.verify(TestProvider.sign(TestProvider.newKey(kid), claims).serialize())).isEmpty();
  }

  @Test
  void aTokenWithoutSubjectOrExpiryIsRefused() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(good("alice")).getJWTClaimsSet();
    RSAKey key = provider.currentKey();
    // Signed by hand with the provider's own key: the claims are the only difference.
    assertThat(verifier.verify(TestProvider.sign(key, claims).serialize())).isPresent();
    assertThat(verifier.verify(TestProvider.sign(key, new JWTClaimsSet.Builder(claims).subject(null).build())
        .serialize())).isEmpty();
    assertThat(verifier.verify(TestProvider.sign(key, new JWTClaimsSet.Builder(claims).subject("").build())
        .serialize())).isEmpty();
    assertThat(verifier.verify(TestProvider.sign(key, new JWTClaimsSet.Builder(claims).expirationTime(null).build())
        .serialize())).isEmpty();
  }

  @Test
  void theTokenTypeMayBeJwtOrAtJwtButNotAnotherKindOfJwt() {
    assertThat(verifier.verify(provider.token("default", "alice", "at+jwt", List.of(API), Map.of(), 3600).serialize()))
        .isPresent();
    assertThat(verifier.verify(provider.token("default", "alice", "logout+jwt", List.of(API), Map.of(), 3600)
        .serialize())).isEmpty();
  }

  @Test
  void aRefusalIsLoggedWithItsReasonAndWithoutTheToken() {
    Logger log = Logger.getLogger("heph.auth.oidc");
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Level before = log.getLevel();
    log.setLevel(Level.ALL);
    log.addHandler(capture);
    try {
      String wrongAudience = token("alice", List.of("another-api"), Map.of(), 3600);
      assertThat(verifier.verify(wrongAudience)).isEmpty();
      SimpleFormatter formatter = new SimpleFormatter();
      List<String> lines = records.stream().map(formatter::formatMessage).toList();
      assertThat(lines).anySatisfy(line -> assertThat(line).contains("refused").contains("aud"));
      String signature = wrongAudience.substring(wrongAudience.lastIndexOf('.') + 1);
      assertThat(lines).noneSatisfy(line -> assertThat(line).contains(signature));
    } finally {
      log.removeHandler(capture);
      log.setLevel(before);
    }
  }

  @Test
  void garbageIsRefused() {
    assertThat(verifier.verify(null)).isEmpty();
    assertThat(verifier.verify("")).isEmpty();
    assertThat(verifier.verify("not.a.jwt")).isEmpty();
    assertThat(verifier.verify(good("alice") + "x".repeat(SignedTokens.MAX_LENGTH))).isEmpty();
  }

  @Test
  void aRotatedKeyIsPickedUp() throws Exception {
    try (TestProvider rotating = new TestProvider()) {
      String rotatingIssuer = rotating.issuer("default");
      OidcVerifier fresh = OidcVerifier.discover(new OidcSettings(rotatingIssuer, CLIENT, API, null));
      SignedJWT before = rotating.token("default", "alice", List.of(API), Map.of(), 3600);
      assertThat(fresh.verify(before.serialize())).isPresent();

      rotating.rotate("key-2");
      SignedJWT after = rotating.token("default", "alice", List.of(API), Map.of(), 3600);
      assertThat(after.getHeader().getKeyID()).isEqualTo("key-2");
      assertThat(fresh.verify(after.serialize())).contains(new ExternalIdentity(rotatingIssuer, "alice"));
    }
  }

  @Test
  void cachedKeysKeepWorkingWhileTheProviderIsDown() throws Exception {
    TestProvider fleeting = new TestProvider();
    OidcVerifier cached = OidcVerifier.discover(new OidcSettings(fleeting.issuer("default"), CLIENT, API, null));
    SignedJWT token = fleeting.token("default", "alice", List.of(API), Map.of(), 3600);
    fleeting.close();

    assertThat(cached.verify(token.serialize())).isPresent();
    assertThat(cached.verify(TestProvider.sign(TestProvider.newKey("stranger"), token.getJWTClaimsSet()).serialize()))
        .isEmpty();
  }

  @Test
  void anUnreachableProviderStopsStartUpWithATypedError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String nowhere = "http://127.0.0.1:" + port + "/default";
    assertThatThrownBy(() -> OidcVerifier.discover(OidcSettings.of(nowhere, CLIENT)))
        .isInstanceOfSatisfying(DaemonFailure.class, e -> {
          assertThat(e.kind()).isEqualTo(DaemonFailure.Kind.OIDC_PROVIDER_UNUSABLE);
          assertThat(e.getMessage()).startsWith("cannot reach the OIDC provider at " + nowhere
              + "/.well-known/openid-configuration: ");
        });
  }

  @Test
  void aProviderNamingAnotherIssuerIsRefusedAtStartUp() {
    // The document says ".../default"; a configured ".../default/" is not exactly that.
    assertThatThrownBy(() -> OidcVerifier.discover(OidcSettings.of(issuer + "/", CLIENT)))
        .isInstanceOfSatisfying(DaemonFailure.class, e -> assertThat(e.getMessage())
            .startsWith("cannot use the OIDC provider at " + issuer + "/.well-known/openid-configuration: ")
            .contains("names its issuer '" + issuer + "'"));
  }

  @Test
  void plainHttpIsRefusedExceptOnLoopback() {
    assertThatThrownBy(() -> OidcVerifier.discover(OidcSettings.of("http://idp.example.com/realm", CLIENT)))
        .isInstanceOfSatisfying(DaemonFailure.class, e -> assertThat(e.getMessage()).contains("must use https"));
  }
}
