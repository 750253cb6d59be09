package dev.heph.sync.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NodeFilter;
import dev.heph.core.NodeView;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpWriter;
import dev.heph.core.sync.LoggedOp;
import dev.heph.sync.wire.PushAck;
import dev.heph.sync.wire.Wire;
import dev.heph.sync.wire.WireError;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Re-sending a batch the hub accepted (as a spoke does after a lost answer) is accepted again with
 * the same answer, whatever text it carries; a batch with text that is not Unicode, or bytes that
 * are not UTF-8, is refused and changes nothing. Against an in-process hub over a real SQLite file.
 */
class HubResendTest {
  private static final String ORIGIN = "00000000000000aa";
  private static final String NODE = "0193a2b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b";

  @TempDir Path dir;
  /** The millis of the made-up hlcs: a minute ago, well inside the drift bound. */
  final long millis = System.currentTimeMillis() - 60_000;
  Heph heph;
  Hub hub;

  private void openHub(String name) {
    heph = Heph.open(dir.resolve(name));
    hub = new Hub(heph);
  }

  @AfterEach
  void close() {
    if (heph != null) {
      heph.close();
    }
  }

  /**
   * The fault as found: the hub took an escaped unpaired surrogate, SQLite kept a '?' in its place,
   * and every re-send of the batch was refused as another op under the same hlc.
   */
  @Test
  void anUnpairedSurrogateIsRefusedNotStoredChanged() {
    openHub("hub.db");
    String hlc = hlc(0);
    byte[] body = ("{\"ops\":[{\"hlc\":\"" + hlc + "\",\"node\":\"" + NODE + "\",\"op\":\"create\",\"value\":\"task\"},"
        + "{\"hlc\":\"" + hlc(1) + "\",\"node\":\"" + NODE + "\",\"op\":\"set\",\"field\":\"title\","
        + "\"value\":\"ab\\ud800cd\",\"prev\":[]}]}").getBytes(StandardCharsets.UTF_8);
    String before = state();
    for (int attempt = 0; attempt < 2; attempt++) {
      HubResponse r = push(body);
      assertThat(r.status()).as(r.json()).isEqualTo(400);
      assertThat(Wire.readError(r.json())).isEqualTo(new WireError("invalid_op", "op " + hlc(1)
          + ": value of title is not valid Unicode (unpaired surrogate U+D800 at char 2)"));
      assertThat(state()).isEqualTo(before);
    }
  }

  static List<String> badBytes() {
    return RandomPushes.BAD_BYTES;
  }

  /**
   * Bytes that are not UTF-8 are refused where they are, never read as something else: Jackson
   * alone took overlong forms (C0 AF is '/') and sequences beyond U+10FFFF, and the JDK's decoders
   * put U+FFFD in their place.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("badBytes")
  void bytesThatAreNotUtf8AreRefusedWhereTheyAre(String hex) {
    openHub("hub.db");
    String head = "{\"ops\":[{\"hlc\":\"" + hlc(0) + "\",\"node\":\"" + NODE + "\",\"op\":\"create\",\"value\":\"task\"},"
        + "{\"hlc\":\"" + hlc(1) + "\",\"node\":\"" + NODE + "\",\"op\":\"set\",\"field\":\"title\",\"value\":\"ab";
    byte[] bad = HexFormat.of().parseHex(hex);
    byte[] body = concat(head.getBytes(StandardCharsets.UTF_8), bad, "cd\",\"prev\":[]}]}".getBytes(StandardCharsets.UTF_8));
    String before = state();
    HubResponse r = push(body);
    assertThat(r.status()).as(r.json()).isEqualTo(400);
    WireError error = Wire.readError(r.json());
    assertThat(error.code()).isEqualTo("invalid_op");
    assertThat(error.message()).startsWith("push body is not valid UTF-8: ").endsWith(" at byte " + head.length());
    assertThat(state()).isEqualTo(before);
  }

  /** A body in UTF-16 is no JSON text heph reads (Jackson would take it for one). */
  @Test
  void aBodyInUtf16IsRefused() {
    openHub("hub.db");
    String json = "{\"ops\":[{\"hlc\":\"" + hlc(0) + "\",\"node\":\"" + NODE + "\",\"op\":\"create\",\"value\":\"task\"}]}";
    HubResponse r = push(json.getBytes(StandardCharsets.UTF_16LE));
    assertThat(r.status()).as(r.json()).isEqualTo(400);
    assertThat(Wire.readError(r.json()).message()).contains("NUL byte");
    assertThat(push(json.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
  }

  /**
   * Seeded random batches with random valid and invalid text. Each accepted batch is stored with
   * exactly the text sent, and is accepted again on every re-send (now, later, and after the hub
   * restarts) with the same answer; each refused batch changes nothing, however often it is sent.
   */
  @Test
  void everyAcceptedBatchIsAcceptedAgainAndEveryRefusedOneChangesNothing() {
    int accepted = 0;
    int refused = 0;
    for (long seed = 1; seed <= 8; seed++) {
      int[] counts = resendRun(seed, 40);
      accepted += counts[0];
      refused += counts[1];
    }
    assertThat(accepted).as("batches accepted").isGreaterThan(150);
    assertThat(refused).as("batches refused").isGreaterThan(50);
  }

  /** One seeded run; returns {accepted, refused}. Failures name the seed. */
  private int[] resendRun(long seed, int batches) {
    openHub("hub-" + seed + ".db");
    Random random = new Random(seed);
    RandomPushes pushes = new RandomPushes(random);
    List<RandomPushes.Batch> acceptedBatches = new ArrayList<>();
    List<PushAck> acks = new ArrayList<>();
    List<RandomPushes.Batch> refusedBatches = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      RandomPushes.Batch batch = pushes.next();
      String context = "seed " + seed + ", batch " + i + " (" + (batch.poison() == null ? "valid" : batch.poison()) + ")";
      String before = state();
      HubResponse r = push(batch.body());
      if (batch.poison() != null) {
        assertRefused(r, before, context);
        refusedBatches.add(batch);
      } else {
        assertThat(r.status()).as("%s: %s", context, r.json()).isEqualTo(200);
        PushAck ack = Wire.readPushAck(r.json());
        assertThat(ack.accepted()).as(context).isEqualTo(batch.ops().size());
        assertStoredExactly(batch.ops(), context);
        acceptedBatches.add(batch);
        acks.add(ack);
        pushes.accepted(batch);
      }
      if (!acceptedBatches.isEmpty() && random.nextInt(3) == 0) { // an answer was lost: the spoke sends again
        int k = random.nextInt(acceptedBatches.size());
        assertAcceptedAgain(acceptedBatches.get(k), acks.get(k), "seed " + seed + ", re-send of accepted batch " + k);
      }
      if (!refusedBatches.isEmpty() && random.nextInt(4) == 0) {
        assertRefused(push(refusedBatches.get(random.nextInt(refusedBatches.size())).body()), state(),
            "seed " + seed + ", re-send of a refused batch");
      }
    }
    heph.close();
    openHub("hub-" + seed + ".db"); // what was acknowledged is on disk, and still matches
    for (int k = 0; k < acceptedBatches.size(); k++) {
      assertAcceptedAgain(acceptedBatches.get(k), acks.get(k), "seed " + seed + ", after a restart, batch " + k);
    }
    heph.close();
    heph = null;
    return new int[] {acceptedBatches.size(), refusedBatches.size()};
  }

  private void assertAcceptedAgain(RandomPushes.Batch batch, PushAck first, String context) {
    String before = state();
    HubResponse r = push(batch.body());
    assertThat(r.status()).as("%s: %s", context, r.json()).isEqualTo(200);
    assertThat(Wire.readPushAck(r.json())).as(context)
        .isEqualTo(new PushAck(first.accepted(), 0, first.seq(), first.hlc()));
    assertThat(state()).as(context).isEqualTo(before);
  }

  private void assertRefused(HubResponse r, String before, String context) {
    assertThat(r.status()).as("%s: %s", context, r.json()).isEqualTo(400);
    WireError error = Wire.readError(r.json());
    assertThat(error.code()).as(context).isEqualTo("invalid_op");
    assertThat(error.message()).as(context).containsAnyOf("Unicode", "UTF-8");
    assertThat(state()).as("%s: the hub changed", context).isEqualTo(before);
  }

  /** Each op is in the hub's log as exactly its canonical JSON: the text sent, unchanged. */
  private void assertStoredExactly(List<Op> ops, String context) {
    List<LoggedOp> log = heph.hubStore().after(0, Integer.MAX_VALUE);
    for (Op op : ops) {
      List<LoggedOp> row = log.stream().filter(r -> r.hlc().equals(op.hlc().toString())).toList();
      assertThat(row).as(context).hasSize(1);
      assertThat(row.getFirst().json()).as(context).isEqualTo(OpWriter.toJson(op));
    }
  }

  /** The hub's op log and every node's JSON. */
  private String state() {
    StringJoiner out = new StringJoiner("\n");
    for (LoggedOp row : heph.hubStore().after(0, Integer.MAX_VALUE)) {
      out.add(row.seq() + " " + row.json());
    }
    heph.list(new NodeFilter(true, null, null, null), NodeView.JSON, out::add);
    return out.toString();
  }

  private HubResponse push(byte[] body) {
    return hub.handle("POST", "/sync/push", null, "application/json", body.length, new ByteArrayInputStream(body));
  }

  private String hlc(int counter) {
    return String.format("%015d-%05d-%s", millis, counter, ORIGIN);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
