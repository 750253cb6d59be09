package dev.heph.sync.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.heph.core.HephException.SyncFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The device's side of the login against a real HTTP server playing the hub's two routes: it
 * polls no faster than the interval, slows down when told, and stops at the code's expiry.
 */
@Timeout(60)
class DeviceFlowTest {
  HttpServer server;
  final List<Long> polls = new CopyOnWriteArrayList<>();

  /** A hub whose /auth/device answers with these expiry and interval, and whose n-th poll gets {@code poll.apply(n)}. */
  private String hub(int expiresIn, int interval, IntFunction<String> poll) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/auth/device", ex -> answer(ex, 200, "{\"device_code\":\"dc\",\"user_code\":\"BCDF-GHJK\","
        + "\"verification_uri\":\"http://hub/device\",\"verification_uri_complete\":\"http://hub/device?user_code="
        + "BCDF-GHJK\",\"expires_in\":" + expiresIn + ",\"interval\":" + interval + "}"));
    server.createContext("/auth/token", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(body).contains("\"device_code\":\"dc\"");
      polls.add(System.nanoTime());
      String a = poll.apply(polls.size());
      answer(ex, a.contains("access_token") ? 200 : 400, a);
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void pollsAtTheIntervalAndSlowsDownWhenTold() throws Exception {
    String url = hub(600, 1, n -> switch (n) {
      case 1 -> "{\"error\":\"authorization_pending\"}";
      case 2 -> "{\"error\":\"slow_down\"}";
      default -> "{\"access_token\":\"heph_new\",\"token_type\":\"Bearer\"}";
    });
    try (DeviceFlow flow = new DeviceFlow(url)) {
      DeviceFlow.Started started = flow.start("laptop");
      assertThat(started.userCode()).isEqualTo("BCDF-GHJK");
      assertThat(started.toString()).doesNotContain("dc");
      assertThat(flow.await(started)).isEqualTo("heph_new");
    }
    assertThat(polls).hasSize(3);
    assertThat((polls.get(1) - polls.get(0)) / 1_000_000).as("ms between polls at the interval").isBetween(900L, 4000L);
    assertThat((polls.get(2) - polls.get(1)) / 1_000_000).as("ms after slow_down: interval + 5 s").isGreaterThan(5_900L);
  }

  @Test
  void stopsWhenTheCodeExpiresOrTheLoginIsDenied() throws Exception {
    String url = hub(2, 1, n -> "{\"error\":\"authorization_pending\"}");
    try (DeviceFlow flow = new DeviceFlow(url)) {
      DeviceFlow.Started started = flow.start("laptop");
      assertThatThrownBy(() -> flow.await(started)).isInstanceOf(SyncFailure.class)
          .hasMessage("nobody approved the login in time; run heph login " + url + " again")
          .extracting(e -> ((SyncFailure) e).kind()).isEqualTo(SyncFailure.Kind.UNAUTHORIZED);
    }
    assertThat(polls).hasSizeBetween(2, 3);
    server.stop(0);

    String denying = hub(600, 1, n -> "{\"error\":\"access_denied\"}");
    try (DeviceFlow flow = new DeviceFlow(denying)) {
      assertThatThrownBy(() -> flow.await(flow.start("laptop")))
          .hasMessage("the login was denied on the hub's page; nothing was stored");
    }
  }
}
