package dev.heph.auth.oidc;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.util.Map;

/** The parts of a provider's discovery document heph uses. */
public record ProviderMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri) {

  /** Where OIDC Discovery 1.0 §4 puts the document: the issuer without a trailing slash, plus the suffix. */
  static URI discoveryUrl(String issuer) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return checkedUrl(base + "/.well-known/openid-configuration", "issuer");
  }

  /**
   * Reads a discovery document, refusing one whose {@code issuer} is not exactly the configured
   * one (OIDC Discovery §4.3: otherwise a provider could vouch for another issuer's tokens).
   */
  static ProviderMetadata parse(String json, String expectedIssuer) throws InvalidMetadata {
    Map<String, Object> document;
    try {
      document = JSONObjectUtils.parse(json);
    } catch (ParseException e) {
      throw new InvalidMetadata("the discovery document is not a JSON object");
    }
    String issuer = text(document, "issuer");
    if (!issuer.equals(expectedIssuer)) {
      throw new InvalidMetadata("the provider names its issuer '" + issuer + "', not '" + expectedIssuer + "'");
    }
    return new ProviderMetadata(issuer, url(document, "authorization_endpoint"), url(document, "token_endpoint"),
        url(document, "jwks_uri"));
  }

  /**
   * An absolute URL heph may fetch keys or tokens from: https, or http only to this machine,
   * since keys fetched in the clear could be swapped by anyone on the path.
   */
  static URI checkedUrl(String text, String what) {
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the " + what + " is not a URL: " + text);
    }
    boolean https = "https".equalsIgnoreCase(url.getScheme());
    boolean http = "http".equalsIgnoreCase(url.getScheme());
    if (url.getHost() == null || !(https || http)) {
      throw new IllegalArgumentException("the " + what + " is not an http(s) URL: " + text);
    }
    if (http && !isLoopback(url.getHost())) {
      throw new IllegalArgumentException("the " + what + " must use https (plain http only on loopback): " + text);
    }
    return url;
  }

  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      // Only literal addresses: resolving a name here would let DNS decide what counts as local.
      return (Character.isDigit(host.charAt(0)) || host.startsWith("["))
          && InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String text(Map<String, Object> document, String key) throws InvalidMetadata {
    if (document.get(key) instanceof String value && !value.isBlank()) {
      return value;
    }
    throw new InvalidMetadata("the discovery document has no '" + key + "'");
  }

  private static URI url(Map<String, Object> document, String key) throws InvalidMetadata {
    try {
      return checkedUrl(text(document, key), key);
    } catch (IllegalArgumentException e) {
      throw new InvalidMetadata(e.getMessage());
    }
  }

  /** The document cannot be used; the message says why in a person's words. */
  static final class InvalidMetadata extends Exception {
    InvalidMetadata(String message) {
      super(message);
    }
  }
}
