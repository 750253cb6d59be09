package dev.heph.daemon.login;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.json.JsonText;
import dev.heph.core.op.Json;
import dev.heph.sync.hub.HubErrors;
import dev.heph.sync.hub.Query;
import dev.heph.sync.hub.Refusal;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hub's device-authorization routes (RFC 8628's shape, served by the hub itself), the only
 * routes that answer without a bearer token:
 *
 * <ul>
 *   <li>{@code POST /auth/device} ({@code device}, as JSON or a form) starts a login:
 *       {@code {"device_code","user_code","verification_uri","verification_uri_complete","expires_in","interval"}};
 *   <li>{@code POST /auth/token} ({@code device_code}) polls: {@code {"access_token","token_type":"Bearer"}},
 *       or 400 {@code {"error":"authorization_pending"|"slow_down"|"access_denied"|"expired_token"|"invalid_grant"}};
 *   <li>{@code GET /device} and its form {@code POST /device}: the approval page, where a person
 *       enters the code and approves with a device token or an admin's enrolment code (or
 *       through the identity provider, {@code GET /device/callback}, when one is configured).
 * </ul>
 */
public final class LoginRoutes {
  /** Form and JSON bodies of these routes are small. */
  static final int MAX_BODY_BYTES = 16 * 1024;
  private static final Pattern DEVICE_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

  private final DeviceTokens tokens;
  private final BrowserLogin browser;
  private final DeviceGrants grants;
  private final Clock clock;
  /**
   * Approvals sent to the identity provider, by the {@code state} the provider echoes: user code,
   * form secret, and the callback the sign-in began with.
   */
  private final Map<String, Handoff> handoffs = new HashMap<>();

  private record Handoff(String userCode, String formSecret, URI callback, Instant expires) {}

  /** {@code browser} null: no identity provider, the page takes pasted tokens only. */
  public LoginRoutes(DeviceTokens tokens, BrowserLogin browser, Clock clock) {
    this.tokens = tokens;
    this.browser = browser;
    this.grants = new DeviceGrants(clock);
    this.clock = clock;
  }

  /** An answer: status, content type, body text, and headers beyond the hub's usual ones. */
  public record Answer(int status, String contentType, String body, Map<String, String> headers) {
    static Answer json(int status, String json) {
      return new Answer(status, "application/json", json, Map.of());
    }
  }

  /** Whether {@code path} is one of these routes. */
  public static boolean serves(String path) {
    return path.equals("/auth/device") || path.equals("/auth/token") || path.equals("/device")
        || path.equals("/device/callback");
  }

  /**
   * Answers a request to one of these routes; {@code origin} is how the client reached the hub
   * ({@code https://hub.example.org}, its {@code Host} already checked), for the page's address.
   */
  public Answer handle(String method, String path, String query, String contentType, String origin, InputStream body) {
    boolean post = method.equals("POST");
    if (!post && !(method.equals("GET") && (path.equals("/device") || path.equals("/device/callback")))) {
      return refusal(new Refusal.MethodNotAllowed(path + " takes " + (path.startsWith("/auth/") ? "POST" : "GET and POST")));
    }
    Map<String, String> params;
    try {
      params = post ? body(contentType, body) : form(query == null ? "" : query);
    } catch (BodyTooLarge e) {
      return oauthError(413, "invalid_request", e.getMessage()); // 413: the hub drains the rest, so the client reads this
    } catch (IllegalArgumentException e) {
      return oauthError(400, "invalid_request", e.getMessage());
    }
    return switch (path) {
      case "/auth/device" -> startLogin(params, origin);
      case "/auth/token" -> poll(params);
      case "/device/callback" -> callback(params);
      default -> post ? submitted(params, origin) : shown(params);
    };
  }

  private Answer startLogin(Map<String, String> params, String origin) {
    String device = params.get("device");
    if (device == null || !DEVICE_NAME.matcher(device).matches()) {
      return oauthError(400, "invalid_request", "device must name the device: 1 to 64 letters, digits or ._@-");
    }
    Optional<DeviceGrants.Started> started = grants.start(device);
    if (started.isEmpty()) {
      return oauthError(503, "temporarily_unavailable", "too many logins are waiting for approval; try again in a"
          + " few minutes");
    }
    DeviceGrants.Started s = started.get();
    String page = origin + "/device";
    return Answer.json(200, JsonText.of(g -> {
      g.writeStartObject();
      g.writeStringField("device_code", s.deviceCode());
      g.writeStringField("user_code", s.userCode());
      g.writeStringField("verification_uri", page);
      g.writeStringField("verification_uri_complete", page + "?user_code=" + s.userCode());
      g.writeNumberField("expires_in", s.expiresIn().toSeconds());
      g.writeNumberField("interval", s.interval().toSeconds());
      g.writeEndObject();
    }));
  }

  private Answer poll(Map<String, String> params) {
    String grantType = params.get("grant_type");
    if (grantType != null && !grantType.equals(DEVICE_CODE_GRANT)) {
      return oauthError(400, "unsupported_grant_type", "this route takes the device code grant only");
    }
    String deviceCode = params.get("device_code");
    if (deviceCode == null) {
      return oauthError(400, "invalid_request", "device_code is missing");
    }
    return switch (grants.poll(deviceCode)) {
      case DeviceGrants.Poll.Issued(String token) -> Answer.json(200, JsonText.of(g -> {
        g.writeStartObject();
        g.writeStringField("access_token", token);
        g.writeStringField("token_type", "Bearer");
        g.writeEndObject();
      }));
      case DeviceGrants.Poll.Pending p -> oauthError(400, "authorization_pending", "not approved yet");
      case DeviceGrants.Poll.SlowDown(var interval) -> oauthError(400, "slow_down", "poll at most every "
          + interval.toSeconds() + " s");
      case DeviceGrants.Poll.Denied d -> oauthError(400, "access_denied", "the login was denied");
      case DeviceGrants.Poll.Expired e -> oauthError(400, "expired_token", "nobody approved the login in time;"
          + " start again");
      case DeviceGrants.Poll.Unknown u -> oauthError(400, "invalid_grant", "unknown or already used device code");
    };
  }

  /** {@code GET /device[?user_code=...]}: the code form, or the approval form for a code given in the link. */
  private Answer shown(Map<String, String> params) {
    String code = params.get("user_code");
    if (code == null) {
      return html(200, ApprovalPage.enterCode(null));
    }
    return approvalFor(code, null);
  }

  /** {@code POST /device}: a code entered, or an approval, denial or hand-off to the identity provider. */
  private Answer submitted(Map<String, String> params, String origin) {
    String code = params.get("user_code");
    String action = params.getOrDefault("action", "code");
    if (code == null) {
      return html(400, ApprovalPage.enterCode("Enter the code your device shows."));
    }
    String secret = params.get("secret");
    return switch (action) {
      case "approve" -> approve(code, secret, params.get("token"));
      case "deny" -> grants.deny(code, secret) ? html(200, ApprovalPage.done("Denied",
          "The device was not logged in. You can close this page.")) : stale();
      case "idp" -> toIdentityProvider(code, secret, origin);
      default -> approvalFor(code, null);
    };
  }

  private Answer approvalFor(String code, String problem) {
    if (grants.rationed()) {
      return rationed();
    }
    return grants.waiting(code).map(w -> html(problem == null ? 200 : 400, ApprovalPage.approve(w, clock.instant(),
        browser != null, problem))).orElseGet(() -> html(400, ApprovalPage.enterCode(
        "No device is waiting with that code. Check it, or start heph login again (a code lasts 10 minutes).")));
  }

  private Answer approve(String code, String secret, String pasted) {
    if (grants.rationed()) {
      return rationed();
    }
    Optional<DeviceGrants.Waiting> waiting = grants.owned(code, secret);
    if (waiting.isEmpty()) {
      return stale();
    }
    Optional<String> user = pasted == null || pasted.isEmpty() || pasted.length() > 8192 ? Optional.empty()
        : tokens.userOf(pasted.strip());
    if (user.isEmpty()) {
      grants.wrong();
      return approvalFor(code, "The hub does not know that token. Paste a device token or an enrolment code"
          + " exactly as it was printed.");
    }
    return approved(code, secret, user.get(), waiting.get().device());
  }

  private Answer approved(String code, String secret, String userId, String device) {
    if (!grants.approve(code, secret, () -> tokens.mint(userId, device))) {
      return stale();
    }
    return html(200, ApprovalPage.done("Approved", "The device " + device + " is logged in: heph login on it finishes"
        + " within a few seconds. You can close this page."));
  }

  private Answer toIdentityProvider(String code, String secret, String origin) {
    if (browser == null || grants.owned(code, secret).isEmpty()) {
      return stale();
    }
    URI callback = URI.create(origin + "/device/callback");
    synchronized (handoffs) {
      Instant now = clock.instant();
      handoffs.values().removeIf(h -> now.isAfter(h.expires()));
      if (handoffs.size() >= DeviceGrants.MAX_LIVE) {
        return html(503, ApprovalPage.done("Busy", "Too many sign-ins are in progress; try again in a few minutes."));
      }
    }
    BrowserLogin.Begun begun = browser.begin(callback);
    synchronized (handoffs) {
      handoffs.put(begun.state(), new Handoff(code, secret, callback, clock.instant().plus(DeviceGrants.LIFETIME)));
    }
    return new Answer(303, "text/plain; charset=utf-8", "", Map.of("Location", begun.location().toString()));
  }

  /** {@code GET /device/callback}: the identity provider's answer to {@link #toIdentityProvider}. */
  private Answer callback(Map<String, String> params) {
    String state = params.get("state");
    Handoff handoff;
    synchronized (handoffs) {
      handoff = state == null ? null : handoffs.remove(state);
    }
    if (browser == null || handoff == null || clock.instant().isAfter(handoff.expires())) {
      return stale();
    }
    Optional<DeviceGrants.Waiting> waiting = grants.owned(handoff.userCode(), handoff.formSecret());
    Optional<String> user = browser.complete(handoff.callback(), state, params);
    if (waiting.isEmpty() || user.isEmpty()) {
      return html(403, ApprovalPage.done("Not approved", "The identity provider did not sign you in to this hub, so"
          + " the device was not logged in."));
    }
    return approved(handoff.userCode(), handoff.formSecret(), user.get(), waiting.get().device());
  }

  private Answer stale() {
    return html(400, ApprovalPage.done("Not found", "No device is waiting for this approval any more (it was"
        + " approved, denied or expired). Start heph login again on the device."));
  }

  private Answer rationed() {
    return html(429, ApprovalPage.done("Too many wrong codes", "This hub has had too many wrong codes in the last"
        + " minute. Wait a minute, then try again."));
  }

  /** An HTML page that may only post forms back to the hub (or hand the person on to the identity provider). */
  private Answer html(int status, String page) {
    String formTargets = browser == null ? "'self'" : "'self' " + browser.providerOrigin();
    return new Answer(status, "text/html; charset=utf-8", page, Map.of(
        "Content-Security-Policy", "default-src 'none'; form-action " + formTargets
            + "; frame-ancestors 'none'; base-uri 'none'",
        "X-Frame-Options", "DENY",
        "Referrer-Policy", "no-referrer"));
  }

  /** An error of RFC 6749 section 5.2's shape, which RFC 8628 clients read. */
  private static Answer oauthError(int status, String code, String description) {
    return Answer.json(status, JsonText.of(g -> {
      g.writeStartObject();
      g.writeStringField("error", code);
      g.writeStringField("error_description", description);
      g.writeEndObject();
    }));
  }

  private static Answer refusal(Refusal refusal) {
    HubErrors.HttpError e = HubErrors.of(refusal);
    return Answer.json(e.status(), e.response().json());
  }

  /** A body over {@link #MAX_BODY_BYTES}. */
  private static final class BodyTooLarge extends IllegalArgumentException {
    BodyTooLarge(String message) {
      super(message);
    }
  }

  /** A POST body: a form, or a JSON object of strings. */
  private static Map<String, String> body(String contentType, InputStream in) {
    byte[] bytes;
    try {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw new IllegalArgumentException("the request body stopped coming");
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new BodyTooLarge("the request body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    return type.startsWith("application/json") ? jsonObject(text) : form(text);
  }

  /** A form body or query: the hub's one parser of that syntax (strict UTF-8, no repeated names). */
  static Map<String, String> form(String text) {
    return Query.parse(text);
  }

  private static Map<String, String> jsonObject(String text) {
    Map<String, String> params = new LinkedHashMap<>();
    try (JsonParser p = Json.FACTORY.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("the body is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (p.nextToken() != JsonToken.VALUE_STRING) {
          throw new IllegalArgumentException(name + " must be a string");
        }
        if (params.put(name, p.getText()) != null) {
          throw new IllegalArgumentException(name + " is given twice");
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not valid JSON: " + Json.problem(e));
    }
    return params;
  }
}
