package dev.heph.auth;

import dev.heph.auth.accounts.Accounts;
import dev.heph.auth.accounts.User;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a request's {@code Authorization} header into the {@link Principal} it may act as, or
 * refuses it. Refusal is one empty answer whatever the reason (no header, another scheme, a
 * malformed, unknown, revoked or expired credential), so the caller cannot tell them apart and
 * neither can a client. Nothing is cached: every call asks the accounts database afresh.
 */
public sealed interface Authenticator permits Authenticator.Open, Authenticator.Bearer {

  Optional<Principal> authenticate(String authorizationHeader);

  /** {@code --auth none}: everyone is the hub's one owner. */
  static Authenticator open() {
    return new Open();
  }

  /**
   * {@code --auth token} ({@code jwt} null) or {@code --auth oidc}: device tokens, and, with a
   * verifier, an identity provider's JWTs mapped to users by (issuer, subject); with
   * {@code autoCreate}, an identity seen for the first time gets a new user.
   */
  static Authenticator bearer(Accounts accounts, JwtVerifier jwt, boolean autoCreate) {
    return new Bearer(accounts, Optional.ofNullable(jwt), autoCreate);
  }

  /** The open hub's: every request is {@link Principal#OPEN}. */
  record Open() implements Authenticator {
    @Override
    public Optional<Principal> authenticate(String authorizationHeader) {
      return Optional.of(Principal.OPEN);
    }
  }

  /** Bearer credentials: a device token ({@code heph_...}) or, when configured, a JWT. */
  record Bearer(Accounts accounts, Optional<JwtVerifier> jwt, boolean autoCreate) implements Authenticator {
    /** Longer credentials are refused unread (a JWT of a few KiB is already large). */
    static final int MAX_CREDENTIAL_CHARS = 16 * 1024;
    private static final String SCHEME = "bearer ";

    public Bearer {
      Objects.requireNonNull(accounts, "accounts");
      Objects.requireNonNull(jwt, "jwt");
    }

    @Override
    public Optional<Principal> authenticate(String authorizationHeader) {
      String credential = credential(authorizationHeader);
      if (credential == null) {
        return Optional.empty();
      }
      if (credential.startsWith("heph_")) {
        return accounts.authenticate(credential);
      }
      if (jwt.isEmpty()) {
        return Optional.empty();
      }
      return jwt.get().verify(credential)
          .flatMap(identity -> autoCreate ? accounts.userFor(identity) : accounts.userOf(identity))
          .map(Bearer::principal);
    }

    private static Principal principal(User user) {
      return new Principal(user.id(), user.name(), null, Principal.Via.OIDC);
    }

    /** The credential of a {@code Bearer} header (RFC 6750 §2.1: scheme case-insensitive), else null. */
    static String credential(String header) {
      if (header == null || header.length() <= SCHEME.length() || header.length() > SCHEME.length() + MAX_CREDENTIAL_CHARS
          || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
        return null;
      }
      String credential = header.substring(SCHEME.length()).strip();
      for (int i = 0; i < credential.length(); i++) {
        char c = credential.charAt(i);
        // token68: ALPHA DIGIT - . _ ~ + / then '=' padding
        if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~+/=".indexOf(c) >= 0)) {
          return null;
        }
      }
      return credential.isEmpty() ? null : credential;
    }
  }
}
