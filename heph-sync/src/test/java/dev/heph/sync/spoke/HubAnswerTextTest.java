package dev.heph.sync.spoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spoke reads its hub's answers by the same rule for text as the hub reads pushes: bytes that
 * are not UTF-8 and escaped unpaired surrogates are refused as a bad answer, never repaired into
 * something the hub did not send. Against a real HTTP server on loopback.
 */
class HubAnswerTextTest {
  @TempDir Path dir;
  HttpServer server;
  volatile byte[] infoAnswer;
  Heph heph;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, infoAnswer.length);
        exchange.getResponseBody().write(infoAnswer);
      }
    });
    server.start();
    heph = Heph.open(dir.resolve("spoke.db"));
  }

  @AfterEach
  void stop() {
    server.stop(0);
    heph.close();
  }

  private HephException.SyncFailure syncFails() {
    try (HttpHubClient client = new HttpHubClient("http://127.0.0.1:" + server.getAddress().getPort())) {
      Throwable t = catchThrowable(() -> new Spoke(heph, client).sync());
      assertThat(t).isInstanceOf(HephException.SyncFailure.class);
      return (HephException.SyncFailure) t;
    }
  }

  @Test
  void anAnswerThatIsNotUtf8IsABadResponse() {
    String head = "{\"protocol\":1,\"hub_id\":\"";
    infoAnswer = concat(head.getBytes(StandardCharsets.UTF_8), HexFormat.of().parseHex("C0AF"),
        "\",\"epoch\":\"e\",\"seq\":0,\"time\":\"t\"}".getBytes(StandardCharsets.UTF_8));
    HephException.SyncFailure failure = syncFails();
    assertThat(failure.code()).isEqualTo("bad_response");
    assertThat(failure.getMessage()).endsWith("sent an answer that is not valid UTF-8: overlong encoding (lead byte 0xC0)"
        + " at byte " + head.length());
  }

  @Test
  void anAnswerWithAnUnpairedSurrogateIsNotAHubsAnswer() {
    infoAnswer = "{\"protocol\":1,\"hub_id\":\"h\",\"epoch\":\"e\\ud800\",\"seq\":0,\"time\":\"t\"}"
        .getBytes(StandardCharsets.UTF_8);
    HephException.SyncFailure failure = syncFails();
    assertThat(failure.code()).isEqualTo("not_a_hub");
    assertThat(failure.getMessage()).contains("holds text that is not valid Unicode (unpaired surrogate U+D800 at char 1)");
  }

  /** The hub URL is kept in meta like the hub's id: text that is not Unicode is refused, not stored. */
  @Test
  void aHubUrlThatIsNotUnicodeIsRefusedAndNotRemembered() {
    assertThat(catchThrowable(() -> new dev.heph.sync.SyncService(heph).sync("http://127.0.0.1:1/\uD800")))
        .isInstanceOf(HephException.InvalidInput.class)
        .hasMessage("hub URL: text is not valid Unicode (unpaired surrogate U+D800 at char 19)");
    assertThat(new dev.heph.sync.SyncService(heph).rememberedUrl()).isNull();
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
