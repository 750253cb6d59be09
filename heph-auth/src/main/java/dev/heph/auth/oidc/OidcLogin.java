package dev.heph.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.JWTProcessor;
import dev.heph.auth.ExternalIdentity;
import dev.heph.auth.oidc.LoginOutcome.LoggedIn;
import dev.heph.auth.oidc.LoginOutcome.Reason;
import dev.heph.auth.oidc.LoginOutcome.Refused;
import dev.heph.auth.oidc.PendingLogins.Pending;
import dev.heph.core.HephException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The browser leg of a login through the OIDC provider: authorization code with PKCE (S256),
 * state and nonce, the ID token checked. The hub's routes call {@link #start} when a person
 * begins and {@link #finish} from the redirect URI's handler.
 */
public final class OidcLogin {
  private static final System.Logger LOG = System.getLogger("heph.auth.oidc");
  /** Long enough to sign in at the provider (with a second factor), short enough that a leaked state is stale. */
  static final Duration LOGIN_LIFETIME = Duration.ofMinutes(10);
  /** Logins in progress held at once; beyond it the oldest is dropped. */
  static final int MAX_PENDING = 1000;
  /** An ID token is not an access token: an RFC 9068 {@code at+jwt} offered here is refused. */
  private static final Set<JOSEObjectType> ID_TOKEN_TYPES = new HashSet<>(Arrays.asList(JOSEObjectType.JWT, null));

  private final OidcProvider provider;
  private final OidcSettings settings;
  private final URI redirectUri;
  private final TokenExchange exchange;
  private final PendingLogins pending;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param redirectUri the hub's callback URL, exactly as registered at the provider
   * @throws HephException.InvalidInput if the client secret file cannot be read or is empty
   */
  public OidcLogin(OidcProvider provider, OidcSettings settings, URI redirectUri) {
    this(provider, settings, redirectUri, Clock.systemUTC());
  }

  OidcLogin(OidcProvider provider, OidcSettings settings, URI redirectUri, Clock clock) {
    this.provider = provider;
    this.settings = settings;
    this.redirectUri = redirectUri;
    this.exchange = new TokenExchange(provider.http(), provider.metadata().tokenEndpoint(), settings.clientId(),
        readSecret(settings));
    this.pending = new PendingLogins(clock, LOGIN_LIFETIME, MAX_PENDING);
  }

  /**
   * Begins a login. {@code context} is the caller's own tag for it (e.g. the device flow's user
   * code), handed back by {@link #finish}, so the hub needs no second map keyed by state.
   */
  public LoginStart start(String context) {
    String state = randomToken();
    String nonce = randomToken();
    String codeVerifier = randomToken(); // 43 characters, within RFC 7636's 43..128
    pending.add(state, codeVerifier, nonce, context);
    URI authorization = provider.metadata().authorizationEndpoint();
    String query = "response_type=code"
        + "&client_id=" + TokenExchange.encode(settings.clientId())
        + "&redirect_uri=" + TokenExchange.encode(redirectUri.toString())
        + "&scope=openid"
        + "&state=" + state
        + "&nonce=" + nonce
        + "&code_challenge=" + codeChallenge(codeVerifier)
        + "&code_challenge_method=S256";
    // An authorization endpoint may carry its own query (some providers put a tenant there).
    String separator = authorization.getRawQuery() == null ? "?" : "&";
    return new LoginStart(URI.create(authorization + separator + query), state);
  }

  /**
   * Ends a login from the callback's {@code code} and {@code state}: the state is taken (so a
   * replay finds nothing), the code exchanged with its PKCE verifier, the ID token checked
   * (signature, issuer, audience = client id, lifetime, nonce). A callback that carries
   * {@code error} instead of a code (the person declined) is finished with a null code, which
   * ends the login.
   */
  public LoginOutcome finish(String code, String state) {
    Optional<Pending> begun = pending.take(state);
    if (begun.isEmpty()) {
      LOG.log(Level.INFO, "OIDC login refused: unknown, used or expired state");
      return new Refused(Reason.UNKNOWN_STATE, "This login link is unknown, already used or expired; start again.");
    }
    if (code == null || code.isBlank()) {
      LOG.log(Level.INFO, "OIDC login refused: the provider sent no code");
      return new Refused(Reason.TOKEN_REQUEST_FAILED, "The identity provider did not complete the login.");
    }
    String idToken;
    try {
      idToken = exchange.idToken(code, begun.get().codeVerifier(), redirectUri);
    } catch (TokenExchange.Failed e) {
      LOG.log(Level.INFO, "OIDC login refused: {0}", e.getMessage());
      return new Refused(Reason.TOKEN_REQUEST_FAILED, "The identity provider did not complete the login.");
    }
    return checkIdToken(idToken, begun.get());
  }

  private LoginOutcome checkIdToken(String idToken, Pending begun) {
    try {
      JWTClaimsSet claims = idTokenProcessor(begun.nonce()).process(SignedJWT.parse(idToken), null);
      // OIDC Core §3.1.3.7: with several audiences, azp must name us.
      if (claims.getAudience().size() > 1 && !settings.clientId().equals(claims.getStringClaim("azp"))) {
        throw new BadJOSEException("several audiences and azp is not the client id");
      }
      if (claims.getSubject().isBlank()) {
        throw new BadJOSEException("empty subject");
      }
      return new LoggedIn(new ExternalIdentity(claims.getIssuer(), claims.getSubject()), begun.context());
    } catch (ParseException | BadJOSEException | JOSEException e) {
      LOG.log(Level.INFO, "OIDC login refused: ID token: {0}", e.getMessage());
      return new Refused(Reason.ID_TOKEN_REFUSED, "The identity provider's answer failed a check; start again.");
    }
  }

  private JWTProcessor<SecurityContext> idTokenProcessor(String nonce) {
    var claims = new DefaultJWTClaimsVerifier<SecurityContext>(Set.of(settings.clientId()),
        SignedTokens.exactly(provider.metadata().issuer()).claim("nonce", nonce).build(),
        Set.of("sub", "exp", "iat", "nonce"), Set.of());
    return SignedTokens.processor(provider.keys(), ID_TOKEN_TYPES, claims);
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String codeChallenge(String codeVerifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(codeVerifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String readSecret(OidcSettings settings) {
    if (settings.clientSecretFile() == null) {
      return null;
    }
    try {
      String secret = Files.readString(settings.clientSecretFile(), StandardCharsets.UTF_8).strip();
      if (secret.isEmpty()) {
        throw new HephException.InvalidInput("the OIDC client secret file " + settings.clientSecretFile() + " is empty");
      }
      return secret;
    } catch (IOException e) {
      throw new HephException.InvalidInput("cannot read the OIDC client secret file " + settings.clientSecretFile()
          + ": " + e.getMessage());
    }
  }
}
