package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpWriter;
import dev.heph.core.op.Value;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over real HTTP, to a real {@code hephd --mode server} in its own JVM: seeded random batches with
 * random valid text (controls with U+0000, combining marks, astral-plane characters, U+FFFD) and,
 * in about one batch in three, text that is not Unicode (an escaped unpaired surrogate) or bytes
 * that are not UTF-8. Every accepted batch holds exactly the text sent and is accepted again, with
 * the same answer, when re-sent (also after the hub restarts); every refused batch changes nothing.
 */
@Timeout(240)
class HubResendOverHttpTest {
  private static final long SEED = 20261128L;
  private static final List<String> BAD_BYTES = List.of("C0AF", "E080AF", "F08080AF", "EDA080", "F4908080", "F5808080",
      "E282", "80", "FE", "FF", "00");

  @TempDir Path dir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final Random random = new Random(SEED);
  final String origin = HexFormat.of().formatHex(new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) random.nextInt()});
  long millis = System.currentTimeMillis() - 600_000;

  /** A push as sent: its bytes, the ops it means, and whether it holds bad text. */
  record Batch(byte[] body, List<Op> ops, boolean poisoned) {}

  /** An accepted batch and the hub's answer to it. */
  record Accepted(Batch batch, Map<String, Object> ack) {}

  @Test
  void everyAcceptedBatchIsAcceptedAgainAndEveryRefusedOneChangesNothing() {
    Path db = dir.resolve("hub.db");
    List<Accepted> accepted = new ArrayList<>();
    int refused = 0;
    try (HubProcess hub = HubProcess.start(db)) {
      for (int i = 0; i < 60; i++) {
        Batch batch = next();
        String context = "seed " + SEED + ", batch " + i;
        long opsBefore = Sqlite.opCount(db);
        Reply r = push(hub, batch.body());
        if (batch.poisoned()) {
          assertThat(r.status()).as("%s: %s", context, r.body()).isEqualTo(400);
          assertThat(errorMessage(r)).as(context).containsAnyOf("is not valid Unicode", "is not valid UTF-8");
          assertThat(Sqlite.opCount(db)).as(context).isEqualTo(opsBefore);
          refused++;
        } else {
          assertThat(r.status()).as("%s: %s", context, r.body()).isEqualTo(200);
          for (Op op : batch.ops()) {
            assertThat(Sqlite.strings(db, "SELECT body FROM ops WHERE hlc = '" + op.hlc() + "'")).as(context)
                .containsExactly(OpWriter.toJson(op));
          }
          accepted.add(new Accepted(batch, Json.object(Json.parse(r.body()))));
        }
        if (!accepted.isEmpty() && random.nextInt(3) == 0) { // an answer was lost: the spoke sends the batch again
          assertAcceptedAgain(hub, accepted.get(random.nextInt(accepted.size())), db, context + ", a re-send");
        }
      }
      assertThat(hub.stop()).isZero();
    }
    try (HubProcess again = HubProcess.start(db)) {
      for (Accepted a : accepted) {
        assertAcceptedAgain(again, a, db, "after a restart");
      }
      assertThat(again.stop()).isZero();
    }
    assertThat(accepted).hasSizeGreaterThan(25);
    assertThat(refused).isGreaterThan(10);
  }

  private void assertAcceptedAgain(HubProcess hub, Accepted a, Path db, String context) {
    long opsBefore = Sqlite.opCount(db);
    Reply r = push(hub, a.batch().body());
    assertThat(r.status()).as("%s: %s", context, r.body()).isEqualTo(200);
    Map<String, Object> ack = Json.object(Json.parse(r.body()));
    assertThat(ack).as(context).containsEntry("accepted", a.ack().get("accepted")).containsEntry("applied", 0L)
        .containsEntry("seq", a.ack().get("seq")).containsEntry("hlc", a.ack().get("hlc"));
    assertThat(Sqlite.opCount(db)).as(context).isEqualTo(opsBefore);
  }

  private Batch next() {
    List<Op> ops = new ArrayList<>();
    List<byte[]> parts = new ArrayList<>();
    String node = UUID.randomUUID().toString();
    Op create = new Op.Create(hlc(), node, "task");
    ops.add(create);
    parts.add(OpWriter.toJson(create).getBytes(StandardCharsets.UTF_8));
    int n = 1 + random.nextInt(4);
    int poisonAt = random.nextInt(3) == 0 ? random.nextInt(n) : -1;
    for (int i = 0; i < n; i++) {
      if (i == poisonAt) {
        parts.add(poisoned(node));
        continue;
      }
      Op op = switch (random.nextInt(3)) {
        case 0 -> new Op.Set(hlc(), node, Field.TITLE, Value.text(text(40)), List.of());
        case 1 -> new Op.Set(hlc(), node, Field.BODY, Value.text(text(400)), List.of());
        default -> new Op.Add(hlc(), node, Field.TAGS, Value.text("t" + text(8)));
      };
      ops.add(op);
      parts.add(OpWriter.toJson(op).getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("{\"ops\":[".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < parts.size(); i++) {
      body.writeBytes(i == 0 ? new byte[0] : new byte[] {','});
      body.writeBytes(parts.get(i));
    }
    body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
    return new Batch(body.toByteArray(), ops, poisonAt >= 0);
  }

  /** A set of the body whose text holds an escaped unpaired surrogate or bytes that are not UTF-8. */
  private byte[] poisoned(String node) {
    String before = dev.heph.core.op.Json.quote(text(20));
    String after = dev.heph.core.op.Json.quote(text(20));
    byte[] bad = random.nextBoolean() ? String.format("\\u%04x", 0xD800 + random.nextInt(0x800)).getBytes(StandardCharsets.UTF_8)
        : HexFormat.of().parseHex(BAD_BYTES.get(random.nextInt(BAD_BYTES.size())));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("{\"hlc\":\"" + hlc() + "\",\"node\":\"" + node + "\",\"op\":\"set\",\"field\":\"body\",\"value\":"
        + before.substring(0, before.length() - 1)).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(bad);
    out.writeBytes((after.substring(1) + ",\"prev\":[]}").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Random valid text: every range, U+0000 and astral-plane characters included. */
  private String text(int maxChars) {
    StringBuilder sb = new StringBuilder();
    for (int n = random.nextInt(maxChars + 1); sb.length() < n; ) {
      sb.appendCodePoint(switch (random.nextInt(7)) {
        case 0 -> random.nextInt(0x20);
        case 1 -> 0x0300 + random.nextInt(0x70);
        case 2 -> 0x80 + random.nextInt(0xD800 - 0x80);
        case 3 -> 0xE000 + random.nextInt(0x2000);
        case 4 -> 0x10000 + random.nextInt(0x100000);
        case 5 -> new int[] {0xFFFD, 0xFEFF, '"', '\\', 0x1F600}[random.nextInt(5)];
        default -> 0x21 + random.nextInt(0x5E);
      });
    }
    return sb.toString();
  }

  private Hlc hlc() {
    return new Hlc(millis++, 0, origin);
  }

  private record Reply(int status, String body) {}

  private Reply push(HubProcess hub, byte[] body) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(hub.url() + "/sync/push"))
          .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new AssertionError("no answer to a push: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String errorMessage(Reply r) {
    return (String) Json.object(Json.object(Json.parse(r.body())).get("error")).get("message");
  }
}
