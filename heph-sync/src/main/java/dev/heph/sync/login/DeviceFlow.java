package dev.heph.sync.login;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.HephException.SyncFailure;
import dev.heph.core.json.JsonText;
import dev.heph.core.op.Json;
import dev.heph.sync.spoke.HubAnswers;
import dev.heph.sync.spoke.HubError;
import dev.heph.sync.spoke.HubTrust;
import dev.heph.sync.spoke.TlsTrouble;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The device's side of the hub's device login (RFC 8628's shape): {@code POST /auth/device} with
 * the device's name, then {@code POST /auth/token} with the device code every interval (longer
 * after each {@code slow_down}) until a person approves on the hub's page, denies, or the code
 * expires. The answer is the device's own new token.
 */
public final class DeviceFlow implements AutoCloseable {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
  private static final int MAX_ANSWER_BYTES = 64 * 1024;

  private final String hub;
  private final HubTrust trust;
  private final HttpClient client;

  /** For the hub at {@code hub} (as {@code SyncService.checkUrl} returns it), trusting the JDK's CAs. */
  public DeviceFlow(String hub) {
    this(hub, HubTrust.systemDefault());
  }

  /** For the hub at {@code hub}: an {@code https://} hub must present a certificate {@code trust} accepts. */
  public DeviceFlow(String hub, HubTrust trust) {
    this.hub = hub.endsWith("/") ? hub.substring(0, hub.length() - 1) : hub;
    this.trust = trust;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER);
    SSLContext context = trust.sslContext();
    if (context != null) {
      builder.sslContext(context); // the client checks host names whatever the context
    }
    this.client = builder.build();
  }

  /** A started login: what to show the person, and how to poll. */
  public record Started(String deviceCode, String userCode, String verificationUri, String verificationUriComplete,
      Duration expiresIn, Duration interval) {
    @Override
    public String toString() {
      return "Started[userCode=" + userCode + ", verificationUri=" + verificationUri + "]"; // not the device code
    }
  }

  /** {@code POST /auth/device}: asks the hub for a login for the device named {@code device}. */
  public Started start(String device) {
    Answer a = post("/auth/device", Map.of("device", device));
    if (a.status() != 200) {
      throw refused(a, "start a login");
    }
    Map<String, String> v = a.fields();
    try {
      return new Started(required(v, "device_code"), required(v, "user_code"), required(v, "verification_uri"),
          v.getOrDefault("verification_uri_complete", v.get("verification_uri")),
          Duration.ofSeconds(Long.parseLong(required(v, "expires_in"))),
          Duration.ofSeconds(Long.parseLong(v.getOrDefault("interval", "5"))));
    } catch (IllegalArgumentException e) {
      throw new SyncFailure(SyncFailure.Kind.BAD_RESPONSE, "hub " + hub + " sent an unreadable login answer: "
          + e.getMessage(), null);
    }
  }

  /**
   * Polls {@code POST /auth/token} until the login ends; returns the token. Denied, expired or
   * unknown: an {@code unauthorized} sync failure saying so.
   */
  public String await(Started started) throws InterruptedException {
    Instant deadline = Instant.now().plus(started.expiresIn());
    Duration interval = started.interval().isPositive() ? started.interval() : Duration.ofSeconds(5);
    while (true) {
      Thread.sleep(interval);
      Answer a = post("/auth/token", Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
          "device_code", started.deviceCode()));
      Map<String, String> v = a.fields();
      if (a.status() == 200 && v.get("access_token") != null) {
        return v.get("access_token");
      }
      String error = v.getOrDefault("error", "");
      switch (error) {
        case "authorization_pending" -> { }
        case "slow_down" -> interval = interval.plus(SLOW_DOWN_STEP);
        case "access_denied" -> throw unauthorized("the login was denied on the hub's page; nothing was stored");
        case "expired_token", "invalid_grant" -> throw unauthorized("nobody approved the login in time (the code"
            + " lasts " + started.expiresIn().toMinutes() + " minutes); run heph login " + hub + " again");
        default -> throw refused(a, "finish the login");
      }
      if (Instant.now().isAfter(deadline)) {
        throw unauthorized("nobody approved the login in time; run heph login " + hub + " again");
      }
    }
  }

  private record Answer(int status, String body) {
    /** The top-level string and number fields of a JSON object answer (none when it is not one). */
    Map<String, String> fields() {
      Map<String, String> fields = new HashMap<>();
      try (JsonParser p = Json.FACTORY.createParser(body)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return fields;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken t = p.nextToken();
          if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
            fields.put(name, p.getText());
          } else {
            p.skipChildren();
          }
        }
      } catch (IOException e) {
        fields.clear();
      }
      return fields;
    }
  }

  private Answer post(String route, Map<String, String> body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(hub + route)).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JsonText.of(g -> {
          g.writeStartObject();
          for (Map.Entry<String, String> e : body.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
          }
          g.writeEndObject();
        }), StandardCharsets.UTF_8)).build();
    try {
      HttpResponse<InputStream> answer = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = answer.body()) {
        return new Answer(answer.statusCode(), HubAnswers.text(hub, in.readNBytes(MAX_ANSWER_BYTES)));
      }
    } catch (HubError e) {
      throw new SyncFailure(e.kind(), e.getMessage(), null);
    } catch (SSLException e) {
      HubError tls = TlsTrouble.of(hub, e, trust);
      throw new SyncFailure(tls.kind(), tls.getMessage(), null);
    } catch (IOException e) {
      throw new SyncFailure(SyncFailure.Kind.HUB_UNREACHABLE, "cannot reach hub " + hub + ": " + HubAnswers.reason(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyncFailure(SyncFailure.Kind.INTERRUPTED, "interrupted while waiting for hub " + hub, e);
    }
  }

  private SyncFailure refused(Answer a, String what) {
    if (a.status() == 404 || a.status() == 401 || a.status() == 405) {
      return new SyncFailure(SyncFailure.Kind.NOT_A_HUB, "hub " + hub + " does not offer device login (HTTP "
          + a.status() + "); an admin can make a token (hephd token create), then: heph login " + hub
          + " --token TOKEN", null);
    }
    Map<String, String> v = a.fields();
    String detail = v.containsKey("error") ? v.get("error") + (v.containsKey("error_description") ? ": "
        + v.get("error_description") : "") : "HTTP " + a.status();
    return new SyncFailure(SyncFailure.Kind.HUB_REFUSED, "hub " + hub + " refused to " + what + " (" + detail + ")",
        null);
  }

  private SyncFailure unauthorized(String message) {
    return new SyncFailure(SyncFailure.Kind.UNAUTHORIZED, message, null);
  }

  private static String required(Map<String, String> fields, String name) {
    String value = fields.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("it lacks " + name);
    }
    return value;
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
