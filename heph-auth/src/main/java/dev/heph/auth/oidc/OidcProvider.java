package dev.heph.auth.oidc;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.heph.auth.oidc.ProviderMetadata.InvalidMetadata;
import dev.heph.core.HephException.DaemonFailure;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An OIDC provider found through discovery, with its signing keys: what the verifier and the
 * login share, so that the hub discovers once and caches one key set.
 */
public final class OidcProvider {
  static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
  // The key set is cached for 15 minutes and refreshed ahead of expiry by the request that
  // finds it ageing; a token with an unknown kid refetches at once (key rotation), but at most
  // twice per 30 s, so a stream of made-up kids cannot turn the hub into a load on the provider.
  // If the provider is down, the last keys stay in use for an hour.
  private static final long KEYS_TTL_MS = Duration.ofMinutes(15).toMillis();
  private static final long KEYS_REFRESH_TIMEOUT_MS = Duration.ofSeconds(15).toMillis();
  private static final long KEYS_MIN_REFETCH_INTERVAL_MS = Duration.ofSeconds(30).toMillis();
  private static final long KEYS_OUTAGE_TOLERANCE_MS = Duration.ofHours(1).toMillis();
  private static final int KEYS_SIZE_LIMIT_BYTES = 256 * 1024;

  private final ProviderMetadata metadata;
  private final JWKSource<SecurityContext> keys;
  private final HttpClient http;

  private OidcProvider(ProviderMetadata metadata, JWKSource<SecurityContext> keys, HttpClient http) {
    this.metadata = metadata;
    this.keys = keys;
    this.http = http;
  }

  /**
   * Reads {@code ISSUER/.well-known/openid-configuration} and the key set it names, so that a
   * wrong issuer URL stops the hub at start-up rather than refusing every login later.
   *
   * @throws DaemonFailure of kind {@code OIDC_PROVIDER_UNUSABLE} naming the URL and the reason
   */
  public static OidcProvider discover(String issuer) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER).build();
    URI discoveryUrl;
    try {
      discoveryUrl = ProviderMetadata.discoveryUrl(issuer);
    } catch (IllegalArgumentException e) {
      throw unusable(issuer, e.getMessage(), e);
    }
    ProviderMetadata metadata = fetchMetadata(http, discoveryUrl, issuer);
    JWKSource<SecurityContext> keys = keySource(metadata.jwksUri());
    try {
      // An empty selector matches every key, so this fetches the set once and fails loudly now.
      keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
    } catch (KeySourceException e) {
      throw unreachable(metadata.jwksUri().toString(), "cannot fetch its signing keys: " + e.getMessage(), e);
    }
    return new OidcProvider(metadata, keys, http);
  }

  public ProviderMetadata metadata() {
    return metadata;
  }

  JWKSource<SecurityContext> keys() {
    return keys;
  }

  HttpClient http() {
    return http;
  }

  private static ProviderMetadata fetchMetadata(HttpClient http, URI url, String issuer) {
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(url).timeout(HTTP_TIMEOUT)
          .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw unreachable(url.toString(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(url.toString(), "interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw unusable(url.toString(), "HTTP " + response.statusCode(), null);
    }
    try {
      return ProviderMetadata.parse(response.body(), issuer);
    } catch (InvalidMetadata e) {
      throw unusable(url.toString(), e.getMessage(), e);
    }
  }

  private static JWKSource<SecurityContext> keySource(URI jwksUri) {
    var retriever = new DefaultResourceRetriever((int) HTTP_TIMEOUT.toMillis(), (int) HTTP_TIMEOUT.toMillis(),
        KEYS_SIZE_LIMIT_BYTES);
    try {
      return JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(), retriever)
          .cache(KEYS_TTL_MS, KEYS_REFRESH_TIMEOUT_MS)
          .refreshAheadCache(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, false)
          .rateLimited(KEYS_MIN_REFETCH_INTERVAL_MS)
          .retrying(true)
          .outageTolerant(KEYS_OUTAGE_TOLERANCE_MS)
          .build();
    } catch (MalformedURLException e) {
      throw unusable(jwksUri.toString(), "not a URL", e);
    }
  }

  private static DaemonFailure unreachable(String url, String reason, Throwable cause) {
    return new DaemonFailure(DaemonFailure.Kind.OIDC_PROVIDER_UNUSABLE,
        "cannot reach the OIDC provider at " + url + ": " + reason, cause);
  }

  private static DaemonFailure unusable(String url, String reason, Throwable cause) {
    return new DaemonFailure(DaemonFailure.Kind.OIDC_PROVIDER_UNUSABLE,
        "cannot use the OIDC provider at " + url + ": " + reason, cause);
  }
}
