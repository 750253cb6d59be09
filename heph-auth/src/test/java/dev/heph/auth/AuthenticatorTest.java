package dev.heph.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.heph.auth.accounts.Accounts;
import dev.heph.auth.accounts.HubLayout;
import dev.heph.auth.accounts.IssuedToken;
import dev.heph.auth.accounts.User;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
  private static final String ISSUER = "https://idp.example";

  @TempDir Path dir;
  private Accounts accounts;
  private RSAKey key;

  @BeforeEach
  void setUp() throws JOSEException {
    accounts = Accounts.open(new HubLayout(dir.resolve("hub.db")));
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
  }

  @org.junit.jupiter.api.AfterEach
  void tearDown() {
    accounts.close();
  }

  /** A small real verifier: an RS256 signature by {@code trusted}'s key and our issuer. */
  private static JwtVerifier verifierOf(RSAKey trusted) {
    return jwt -> {
      try {
        SignedJWT parsed = SignedJWT.parse(jwt);
        if (!JWSAlgorithm.RS256.equals(parsed.getHeader().getAlgorithm())
            || !parsed.verify(new RSASSAVerifier(trusted.toRSAPublicKey()))
            || !ISSUER.equals(parsed.getJWTClaimsSet().getIssuer())) {
          return Optional.empty();
        }
        return Optional.of(new ExternalIdentity(ISSUER, parsed.getJWTClaimsSet().getSubject()));
      } catch (ParseException | JOSEException e) {
        return Optional.empty();
      }
    };
  }

  private static String jwt(RSAKey signer, String subject) throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
        new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).build());
    jwt.sign(new RSASSASigner(signer));
    return jwt.serialize();
  }

  @Test
  void theOpenHubHasOnePrincipal() {
    assertThat(Authenticator.open().authenticate(null)).contains(Principal.OPEN);
    assertThat(Authenticator.open().authenticate("Bearer nonsense")).contains(Principal.OPEN);
  }

  @Test
  void onlyABearerHeaderWithAValidDeviceTokenPasses() {
    User alice = accounts.addUser("alice");
    IssuedToken t = accounts.createToken("alice", "laptop");
    Authenticator auth = Authenticator.bearer(accounts, null, false);
    Principal expected = new Principal(alice.id(), "alice", "laptop", Principal.Via.TOKEN);
    assertThat(auth.authenticate("Bearer " + t.secret())).contains(expected);
    assertThat(auth.authenticate("bearer  " + t.secret())).contains(expected);
    for (String bad : List.of("", "Bearer", "Bearer ", t.secret(), "Basic " + t.secret(), "Token " + t.secret(),
        "Bearer " + t.secret() + " x", "Bearer " + t.secret() + "\u0000", "Bearer \"" + t.secret() + "\"",
        "Bearer " + "a".repeat(20_000))) {
      assertThat(auth.authenticate(bad)).as(bad).isEmpty();
    }
    assertThat(auth.authenticate(null)).isEmpty();
  }

  @Test
  void aJwtMapsToItsLinkedUserOnlyWhenAVerifierIsConfigured() throws JOSEException {
    User alice = accounts.addUser("alice");
    String token = jwt(key, "sub-1");
    assertThat(Authenticator.bearer(accounts, null, false).authenticate("Bearer " + token)).isEmpty();
    Authenticator oidc = Authenticator.bearer(accounts, verifierOf(key), false);
    // Unknown identity without auto-create: refused, and nobody is created.
    assertThat(oidc.authenticate("Bearer " + token)).isEmpty();
    assertThat(accounts.users()).hasSize(1);
    accounts.link(new ExternalIdentity(ISSUER, "sub-1"), "alice");
    assertThat(oidc.authenticate("Bearer " + token))
        .contains(new Principal(alice.id(), "alice", null, Principal.Via.OIDC));
    // Signed by another key: refused.
    RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
    assertThat(oidc.authenticate("Bearer " + jwt(other, "sub-1"))).isEmpty();
    // Device tokens keep working beside it.
    assertThat(oidc.authenticate("Bearer " + accounts.createToken("alice", "phone").secret())).isPresent();
  }

  @Test
  void autoCreateMakesOneUserPerIdentityAndARemovedUserStaysOut() throws JOSEException {
    accounts.addUser("owner");
    Authenticator oidc = Authenticator.bearer(accounts, verifierOf(key), true);
    Principal first = oidc.authenticate("Bearer " + jwt(key, "carol|42")).orElseThrow();
    assertThat(first.via()).isEqualTo(Principal.Via.OIDC);
    assertThat(first.userName()).isEqualTo("carol-42");
    assertThat(oidc.authenticate("Bearer " + jwt(key, "carol|42"))).contains(first);
    // The same name from another subject gets a suffix, not carol's account.
    Principal other = oidc.authenticate("Bearer " + jwt(key, "carol/42")).orElseThrow();
    assertThat(other.userId()).isNotEqualTo(first.userId());
    assertThat(other.userName()).startsWith("carol-42-");
    // The owner keeps the hub database; auto-created users get their own files.
    assertThat(accounts.storeOf(first.userId())).isNotEqualTo(accounts.storeOf(accounts.owner().orElseThrow()));
    accounts.removeUser(first.userId());
    assertThat(oidc.authenticate("Bearer " + jwt(key, "carol|42"))).isEmpty();
    assertThat(accounts.users()).hasSize(3);
  }
}
