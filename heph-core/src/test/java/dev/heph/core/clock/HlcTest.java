package dev.heph.core.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.HephException;
import dev.heph.core.Seeded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The hybrid logical clock: its fixed-width text form, parsing, and the clock rules.
 *
 * <p>The properties run on many seeded cases ({@link Seeded}); a failing case prints its seed and
 * the command that replays it, e.g. {@code mvn -pl heph-core -am test
 * -Dtest=HlcTest#stringOrderIsClockOrder -Dheph.seed=-8734563423}.
 */
class HlcTest {

  static final String ORIGIN = "9f3a6c01d2e4b758";

  /**
   * A random hlc: small ranges mixed with the full one and the extremes, so that equal millis,
   * equal counters and equal origins occur often.
   */
  static Hlc randomHlc(Random random) {
    long millis = switch (random.nextInt(3)) {
      case 0 -> random.nextLong(0, 4);
      case 1 -> random.nextLong(0, Hlc.MAX_MILLIS + 1);
      default -> random.nextBoolean() ? Hlc.MAX_MILLIS : 1_764_028_800_123L;
    };
    int counter = switch (random.nextInt(3)) {
      case 0 -> random.nextInt(0, 4);
      case 1 -> random.nextInt(0, Hlc.MAX_COUNTER + 1);
      default -> Hlc.MAX_COUNTER;
    };
    String origin;
    if (random.nextBoolean()) {
      origin = List.of("0000000000000000", "ffffffffffffffff", ORIGIN).get(random.nextInt(3));
    } else {
      StringBuilder hex = new StringBuilder(16);
      for (int i = 0; i < 16; i++) {
        hex.append("0123456789abcdef".charAt(random.nextInt(16)));
      }
      origin = hex.toString();
    }
    return new Hlc(millis, counter, origin);
  }

  /** Two hlcs drawn independently. */
  record Pair(Hlc a, Hlc b) {}

  @Test
  void textIsFixedWidthAndParsesBack() {
    Seeded.forAll("HlcTest#textIsFixedWidthAndParsesBack", 1000, HlcTest::randomHlc, (hlc, random) -> {
      String text = hlc.toString();
      assertThat(text).hasSize(Hlc.TEXT_LENGTH).matches("[0-9]{15}-[0-9]{5}-[0-9a-f]{16}");
      assertThat(Hlc.parse(text)).isEqualTo(hlc);
    });
  }

  @Test
  void stringOrderIsClockOrder() {
    Seeded.forAll("HlcTest#stringOrderIsClockOrder", 1000, r -> new Pair(randomHlc(r), randomHlc(r)), (p, random) -> {
      Hlc a = p.a();
      Hlc b = p.b();
      assertThat(Integer.signum(a.toString().compareTo(b.toString()))).isEqualTo(Integer.signum(a.compareTo(b)));
      assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
    });
  }

  @Test
  void textFormExample() {
    assertThat(new Hlc(1_764_028_800_123L, 0, ORIGIN).toString()).isEqualTo("001764028800123-00000-9f3a6c01d2e4b758");
    assertThat(new Hlc(0, Hlc.MAX_COUNTER, ORIGIN).toString()).isEqualTo("000000000000000-99999-9f3a6c01d2e4b758");
    assertThat(new Hlc(1_764_028_800_123L, 0, ORIGIN).instant().toEpochMilli()).isEqualTo(1_764_028_800_123L);
  }

  @Test
  void parseRefusesBadTexts() {
    List<String> bad = List.of(
        "",
        "001764028800123-00000-9f3a6c01d2e4b75",      // one short
        "001764028800123-00000-9f3a6c01d2e4b7580",    // one long
        "1764028800123-00000-9f3a6c01d2e4b75800",     // right length, wrong layout
        "001764028800123_00000-9f3a6c01d2e4b758",     // wrong separator
        "001764028800123-00000_9f3a6c01d2e4b758",
        "00176402880012x-00000-9f3a6c01d2e4b758",     // non-digit millis
        "+01764028800123-00000-9f3a6c01d2e4b758",     // sign
        "-01764028800123-00000-9f3a6c01d2e4b758",
        "001764028800123-0000a-9f3a6c01d2e4b758",     // non-digit counter
        "001764028800123--0001-9f3a6c01d2e4b758",
        "001764028800123-00000-9F3A6C01D2E4B758",     // uppercase origin
        "001764028800123-00000-9f3a6c01d2e4b75g",     // non-hex origin
        "001764028800123-00000-9f3a6c01d2e4b75-",
        "001764028800123-00000 9f3a6c01d2e4b758",
        "٠٠١764028800123-00000-9f3a6c01d2e4b758");    // non-ASCII digits
    for (String text : bad) {
      assertThatThrownBy(() -> Hlc.parse(text)).as(text)
          .isInstanceOf(HephException.InvalidOp.class)
          .hasMessageContaining("bad hlc '" + text + "'");
    }
    assertThatThrownBy(() -> Hlc.parse(null)).isInstanceOf(HephException.InvalidOp.class);
  }

  @Test
  void constructorRefusesOutOfRangeParts() {
    assertThatThrownBy(() -> new Hlc(-1, 0, ORIGIN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Hlc(Hlc.MAX_MILLIS + 1, 0, ORIGIN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Hlc(0, -1, ORIGIN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Hlc(0, Hlc.MAX_COUNTER + 1, ORIGIN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Hlc(0, 0, "ABCDEF0123456789")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Hlc(0, 0, null)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // HybridClock.next

  /** One event seen by the clock: the wall clock moves by {@code wallStep}, then a local or received reading. */
  record Event(long wallStep, boolean received, long receivedOffset, int receivedCounter) {}

  /** 1 to 300 events; wall clock steps mostly standing still or going back, so that counters climb. */
  static List<Event> randomEvents(Random random) {
    List<Event> events = new ArrayList<>();
    for (int n = 1 + random.nextInt(300); events.size() < n; ) {
      long step = switch (random.nextInt(3)) {
        case 0 -> 0;
        case 1 -> random.nextLong(-5_000, 4);
        default -> random.nextLong(-1, 2);
      };
      // A quarter of the received counters at an end of their range (the full one overflows).
      int counter = random.nextInt(4) == 0 ? (random.nextBoolean() ? Hlc.MAX_COUNTER : 0)
          : random.nextInt(0, Hlc.MAX_COUNTER + 1);
      events.add(new Event(step, random.nextInt(4) == 0, random.nextLong(-5, 6), counter));
    }
    return events;
  }

  @Test
  void nextIsStrictlyMonotonicWhateverTheWallClockDoes() {
    Seeded.forAll("HlcTest#nextIsStrictlyMonotonicWhateverTheWallClockDoes", 300, HlcTest::randomEvents,
        (events, random) -> nextIsStrictlyMonotonic(events));
  }

  private static void nextIsStrictlyMonotonic(List<Event> events) {
    AtomicLong wall = new AtomicLong(1_764_028_800_000L);
    HybridClock clock = new HybridClock(ORIGIN, wall::get, Duration.ofMinutes(5));
    Hlc latest = null;
    Hlc lastLocal = null;
    for (Event e : events) {
      wall.addAndGet(e.wallStep());
      if (e.received()) {
        Hlc other = new Hlc(Math.max(0, wall.get() + e.receivedOffset()), e.receivedCounter(), "0000000000000001");
        latest = latest == null || other.compareTo(latest) > 0 ? other : latest;
        continue;
      }
      Hlc next = clock.next(latest);
      assertThat(next.origin()).isEqualTo(ORIGIN);
      if (latest != null) {
        assertThat(next).isGreaterThan(latest);
      }
      if (lastLocal != null) {
        assertThat(next).isGreaterThan(lastLocal);
      }
      // Never behind the wall clock either.
      assertThat(next.millis()).isGreaterThanOrEqualTo(wall.get());
      latest = next;
      lastLocal = next;
    }
  }

  @Test
  void nextFollowsTheWallClockWhenItIsAhead() {
    AtomicLong wall = new AtomicLong(1000);
    HybridClock clock = new HybridClock(ORIGIN, wall::get, Duration.ofMinutes(5));
    assertThat(clock.next(null)).isEqualTo(new Hlc(1000, 0, ORIGIN));
    assertThat(clock.next(new Hlc(999, 77, "0000000000000001"))).isEqualTo(new Hlc(1000, 0, ORIGIN));
  }

  @Test
  void nextBumpsTheCounterWhenTheWallClockStandsStillOrStepsBack() {
    AtomicLong wall = new AtomicLong(1000);
    HybridClock clock = new HybridClock(ORIGIN, wall::get, Duration.ofMinutes(5));
    Hlc first = clock.next(null);
    Hlc second = clock.next(first);
    assertThat(second).isEqualTo(new Hlc(1000, 1, ORIGIN));
    wall.set(400);
    Hlc third = clock.next(second);
    assertThat(third).isEqualTo(new Hlc(1000, 2, ORIGIN));
    // A received reading ahead of us (other origin, same millis) is passed too.
    Hlc received = new Hlc(1000, 7, "ffffffffffffffff");
    assertThat(clock.next(received)).isEqualTo(new Hlc(1000, 8, ORIGIN)).isGreaterThan(received);
  }

  @Test
  void counterOverflowMovesToTheNextMillisecond() {
    AtomicLong wall = new AtomicLong(1000);
    HybridClock clock = new HybridClock(ORIGIN, wall::get, Duration.ofMinutes(5));
    Hlc full = new Hlc(1000, Hlc.MAX_COUNTER, "ffffffffffffffff");
    Hlc next = clock.next(full);
    assertThat(next).isEqualTo(new Hlc(1001, 0, ORIGIN)).isGreaterThan(full);
    assertThat(next.toString()).isGreaterThan(full.toString());
    // And the wall clock catching up with that millisecond does not go back.
    wall.set(1001);
    assertThat(clock.next(next)).isEqualTo(new Hlc(1001, 1, ORIGIN));
  }

  @Test
  void aLongRunOnAStoppedClockStaysStrictlyIncreasing() {
    // Every one of the 40 combinations (counter near its end, wall clock at or a little behind).
    for (int startCounter = 99_990; startCounter <= 99_999; startCounter++) {
      for (long wallBehind = 0; wallBehind <= 3; wallBehind++) {
        AtomicLong wall = new AtomicLong(5000 - wallBehind);
        HybridClock clock = new HybridClock(ORIGIN, wall::get, Duration.ofMinutes(5));
        Hlc latest = new Hlc(5000, startCounter, ORIGIN);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          Hlc next = clock.next(latest);
          assertThat(next).as("counter %d, wall %d behind", startCounter, wallBehind).isGreaterThan(latest);
          texts.add(next.toString());
          latest = next;
        }
        assertThat(texts).isSorted().doesNotHaveDuplicates();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // HybridClock.vet

  @Test
  void vetRefusesAReadingTooFarAheadSayingByHowMuch() {
    AtomicLong wall = new AtomicLong(1_764_028_800_000L);
    HybridClock clock = new HybridClock(ORIGIN, wall::get, Duration.ofMinutes(5));
    Hlc tenMinutesAhead = new Hlc(wall.get() + Duration.ofMinutes(10).toMillis(), 0, "0123456789abcdef");
    assertThatThrownBy(() -> clock.vet(tenMinutesAhead))
        .isInstanceOfSatisfying(HephException.ClockDrift.class, e -> {
          assertThat(e.aheadMillis()).isEqualTo(600_000);
          assertThat(e.code()).isEqualTo("clock_drift");
          assertThat(e.getMessage()).contains("10 minutes ahead").contains("0123456789abcdef")
              .contains(tenMinutesAhead.toString()).contains("at most 5 minutes");
        });

    Hlc threeDaysAhead = new Hlc(wall.get() + Duration.ofDays(3).toMillis(), 0, "0123456789abcdef");
    assertThatThrownBy(() -> clock.vet(threeDaysAhead)).isInstanceOf(HephException.ClockDrift.class)
        .hasMessageContaining("3 days ahead");

    Hlc fiveHoursAhead = new Hlc(wall.get() + Duration.ofHours(5).toMillis(), 0, "0123456789abcdef");
    assertThatThrownBy(() -> clock.vet(fiveHoursAhead)).isInstanceOf(HephException.ClockDrift.class)
        .hasMessageContaining("5 hours ahead");

    HybridClock strict = new HybridClock(ORIGIN, wall::get, Duration.ofSeconds(1));
    Hlc alittleAhead = new Hlc(wall.get() + 1_500, 0, "0123456789abcdef");
    assertThatThrownBy(() -> strict.vet(alittleAhead)).isInstanceOf(HephException.ClockDrift.class)
        .hasMessageContaining("1.5 seconds ahead");
  }

  /** How far a reading is ahead of the wall clock, and the drift bound it is vetted against. */
  record Drift(long ahead, long maxDriftMillis) {}

  static Drift randomDrift(Random random) {
    long maxDrift = random.nextLong(0, 600_001);
    // A quarter of the cases right at the bound (one under, on it, one over), where off-by-ones hide.
    long ahead = random.nextInt(4) == 0 ? maxDrift + random.nextLong(-1, 2) : random.nextLong(-1_000_000, 1_000_001);
    return new Drift(ahead, maxDrift);
  }

  @Test
  void vetAcceptsExactlyTheReadingsWithinTheBound() {
    Seeded.forAll("HlcTest#vetAcceptsExactlyTheReadingsWithinTheBound", 300, HlcTest::randomDrift, (d, random) -> {
      AtomicLong wall = new AtomicLong(1_764_028_800_000L);
      HybridClock clock = new HybridClock(ORIGIN, wall::get, Duration.ofMillis(d.maxDriftMillis()));
      Hlc received = new Hlc(wall.get() + d.ahead(), 3, "0123456789abcdef");
      if (d.ahead() <= d.maxDriftMillis()) {
        clock.vet(received);
      } else {
        assertThatThrownBy(() -> clock.vet(received)).isInstanceOfSatisfying(HephException.ClockDrift.class,
            e -> assertThat(e.aheadMillis()).isEqualTo(d.ahead()));
      }
    });
  }

  @Test
  void vetAcceptsReadingsAtTheBoundAndBehind() {
    AtomicLong wall = new AtomicLong(1_764_028_800_000L);
    HybridClock clock = new HybridClock(ORIGIN, wall::get, Duration.ofMinutes(5));
    clock.vet(new Hlc(wall.get() + Duration.ofMinutes(5).toMillis(), Hlc.MAX_COUNTER, "0123456789abcdef"));
    clock.vet(new Hlc(wall.get() + 1, 0, "0123456789abcdef"));
    clock.vet(new Hlc(wall.get() - Duration.ofDays(400).toMillis(), 0, "0123456789abcdef"));
  }

  @Test
  void clockRefusesABadOrigin() {
    assertThatThrownBy(() -> new HybridClock("XYZ", () -> 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static List<Hlc> randomHlcs(Random random) {
    List<Hlc> hlcs = new ArrayList<>();
    for (int n = 2 + random.nextInt(49); hlcs.size() < n; ) {
      hlcs.add(randomHlc(random));
    }
    return hlcs;
  }

  @Test
  void sortingTextsSortsClocks() {
    Seeded.forAll("HlcTest#sortingTextsSortsClocks", 50, HlcTest::randomHlcs, (hlcs, random) -> {
      List<Hlc> byClock = hlcs.stream().sorted().toList();
      List<String> byText = hlcs.stream().map(Hlc::toString).sorted().toList();
      assertThat(byText).isEqualTo(byClock.stream().map(Hlc::toString).toList());
    });
  }
}
