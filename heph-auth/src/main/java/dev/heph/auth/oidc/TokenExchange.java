package dev.heph.auth.oidc;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The back-channel half of the code flow: trade an authorization code for the provider's ID token. */
final class TokenExchange {
  private final HttpClient http;
  private final URI tokenEndpoint;
  private final String clientId;
  private final String clientSecret; // null for a public client

  TokenExchange(HttpClient http, URI tokenEndpoint, String clientId, String clientSecret) {
    this.http = http;
    this.tokenEndpoint = tokenEndpoint;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  /** POSTs the code with its PKCE verifier (RFC 6749 §4.1.3, RFC 7636 §4.5) and returns the compact ID token. */
  String idToken(String code, String codeVerifier, URI redirectUri) throws Failed {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri.toString());
    form.put("client_id", clientId);
    form.put("code_verifier", codeVerifier);
    HttpRequest.Builder request = HttpRequest.newBuilder(tokenEndpoint).timeout(OidcProvider.HTTP_TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(formBody(form)));
    if (clientSecret != null) {
      // client_secret_basic, the method every provider must support (RFC 6749 §2.3.1).
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Failed("cannot reach the token endpoint " + tokenEndpoint + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failed("interrupted while asking the token endpoint");
    }
    Map<String, Object> body = json(response.body());
    if (response.statusCode() != 200) {
      throw new Failed("the token endpoint answered HTTP " + response.statusCode()
          + (body.get("error") instanceof String error ? " " + error : ""));
    }
    if (body.get("id_token") instanceof String idToken && !idToken.isBlank()) {
      return idToken;
    }
    throw new Failed("the token endpoint answered without an id_token");
  }

  private static Map<String, Object> json(String body) {
    try {
      return JSONObjectUtils.parse(body);
    } catch (ParseException e) {
      return Map.of();
    }
  }

  private static String formBody(Map<String, String> form) {
    return form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The exchange failed; the message is for the log and names no secret. */
  static final class Failed extends Exception {
    Failed(String message) {
      super(message);
    }
  }
}
