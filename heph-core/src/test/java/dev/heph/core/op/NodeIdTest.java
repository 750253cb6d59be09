package dev.heph.core.op;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New node ids (UUIDv7, RFC 9562): known answers for given time and random bits, and proof that
 * all 74 random bits of an id really vary, from the kernel and from a seeded source. Fewer random
 * bits would make two devices' ids collide, and a collision silently merges two nodes.
 */
class NodeIdTest {

  static final long T0 = 1_780_000_000_000L; // 0x019e70448800
  static final int RANDOM_BITS = 74;

  @TempDir Path dir;

  // ---------------------------------------------------------------------------------------------
  // Known answers (expected texts worked out by hand from the RFC 9562 layout)

  @Test
  void allZeroRandomBitsLeaveOnlyTheTimeTheVersionAndTheVariant() {
    assertThat(NodeId.newId(0x0193a2b4c5d6L, new byte[10])).isEqualTo("0193a2b4-c5d6-7000-8000-000000000000");
  }

  @Test
  void allOneRandomBitsFillEveryRandomPositionAndNoOther() {
    byte[] ones = new byte[10];
    Arrays.fill(ones, (byte) 0xff);
    // Version nibble stays 7, variant bits stay 10 (so "b", not "f").
    assertThat(NodeId.newId(0x0193a2b4c5d6L, ones)).isEqualTo("0193a2b4-c5d6-7fff-bfff-ffffffffffff");
  }

  @Test
  void eachRandomByteLandsInItsPlace() {
    byte[] counting = HexFormat.of().parseHex("0102030405060708090a");
    assertThat(NodeId.newId(1_764_028_800_123L, counting)).isEqualTo("019ab84f-5c7b-7102-8304-05060708090a");
    // The 4 high bits of byte 0 and the 2 high bits of byte 2 are not used (they would
    // overwrite the version and the variant).
    byte[] highBitsSet = HexFormat.of().parseHex("f102c30405060708090a");
    assertThat(NodeId.newId(1_764_028_800_123L, highBitsSet)).isEqualTo("019ab84f-5c7b-7102-8304-05060708090a");
  }

  @Test
  void theTimeTakesThe48HighBits() {
    assertThat(NodeId.newId(0xffff_ffff_ffffL, new byte[10])).isEqualTo("ffffffff-ffff-7000-8000-000000000000");
    assertThat(NodeId.newId(0, new byte[10])).isEqualTo("00000000-0000-7000-8000-000000000000");
  }

  @Test
  void theFacadeMakesIdsFromItsClockAndItsSeededRandomSource() {
    // Two nextBytes(10) calls on Random(42) give 35 9d 41 ba f7 8a fe 0d e1 bb, then
    // 28 c0 45 0c e4 3c 08 4f 4b bb (each call draws whole ints: 2 bytes are skipped between).
    try (Heph heph = Heph.open(dir.resolve("seeded.db"),
        new Heph.Options(new TestClock(T0), Duration.ofMinutes(5), new Random(42)))) {
      assertThat(heph.add(NewNode.task("first")).id()).isEqualTo("019e7044-8800-759d-81ba-f78afe0de1bb");
      assertThat(heph.add(NewNode.task("second")).id()).isEqualTo("019e7044-8800-78c0-850c-e43c084f4bbb");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Every random bit varies

  @Test
  void everyRandomBitVariesAcrossIdsFromTheKernel() {
    assertEveryRandomBitVaries(idsOf(256, () -> NodeId.newId(T0)));
  }

  @Test
  void everyRandomBitVariesAcrossIdsFromASeededSource() {
    Random random = new Random(7);
    assertEveryRandomBitVaries(idsOf(256, () -> {
      byte[] bits = new byte[10];
      random.nextBytes(bits);
      return NodeId.newId(T0, bits);
    }));
  }

  @Test
  void everyRandomBitVariesAcrossIdsTheFacadeMakes() {
    // Both ways a replica is opened: ids from the kernel (the default) and from a seeded source.
    for (Random source : new Random[] {null, new Random(11)}) {
      TestClock clock = new TestClock(T0);
      try (Heph heph = Heph.open(dir.resolve((source == null ? "kernel" : "seeded") + ".db"),
          new Heph.Options(clock, Duration.ofMinutes(5), source))) {
        List<String> ids = idsOf(64, () -> heph.add(NewNode.task("x")).id());
        assertEveryRandomBitVaries(ids);
      }
    }
  }

  @Test
  void theRandomPositionsAreExactlyThe74BitsOutsideTimeVersionAndVariant() {
    // Guards the mask the checks above use: 128 - 48 (time) - 4 (version) - 2 (variant).
    assertThat(Long.bitCount(RANDOM_HI) + Long.bitCount(RANDOM_LO)).isEqualTo(RANDOM_BITS);
  }

  /** Bits 52..63 (rand_a) of the high half and 2..63 (rand_b) of the low half, from the top. */
  static final long RANDOM_HI = 0x0000_0000_0000_0fffL;
  static final long RANDOM_LO = 0x3fff_ffff_ffff_ffffL;

  private static List<String> idsOf(int count, Supplier<String> make) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(make.get());
    }
    return ids;
  }

  /**
   * Each of the 74 random positions is 0 in some id and 1 in another, while time, version and
   * variant are the same in all. With n ids from a fair source, a position stays fixed with
   * probability 2^(1-n): never, for the counts used here.
   */
  private static void assertEveryRandomBitVaries(List<String> ids) {
    long hiSeenOne = 0;
    long hiSeenZero = 0;
    long loSeenOne = 0;
    long loSeenZero = 0;
    for (String id : ids) {
      assertThat(NodeId.isValid(id)).as(id).isTrue();
      String hex = id.replace("-", "");
      long hi = Long.parseUnsignedLong(hex.substring(0, 16), 16);
      long lo = Long.parseUnsignedLong(hex.substring(16), 16);
      assertThat(hi >>> 16).as("time of %s", id).isEqualTo(T0);
      assertThat(hi >>> 12 & 0xf).as("version of %s", id).isEqualTo(7);
      assertThat(lo >>> 62).as("variant of %s", id).isEqualTo(0b10);
      hiSeenOne |= hi;
      hiSeenZero |= ~hi;
      loSeenOne |= lo;
      loSeenZero |= ~lo;
    }
    List<Integer> stuck = new ArrayList<>();
    for (int bit = 0; bit < 64; bit++) {
      long m = 1L << bit;
      if ((RANDOM_HI & m) != 0 && ((hiSeenOne & m) == 0 || (hiSeenZero & m) == 0)) {
        stuck.add(63 - bit); // position counted from the id's first bit
      }
      if ((RANDOM_LO & m) != 0 && ((loSeenOne & m) == 0 || (loSeenZero & m) == 0)) {
        stuck.add(127 - bit);
      }
    }
    assertThat(stuck).as("random bit positions that never changed over %d ids", ids.size()).isEmpty();
    assertThat(ids).doesNotHaveDuplicates();
  }
}
