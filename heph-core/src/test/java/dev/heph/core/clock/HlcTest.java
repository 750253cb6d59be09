package dev.heph.core.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.HephException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * The hybrid logical clock: its fixed-width text form, parsing, and the clock rules.
 *
 * <p>Replaying a failure: jqwik prints the seed of a failing run ({@code seed = ...}); put it into
 * the property's annotation, e.g. {@code @Property(tries = 1000, seed = "-8734563423")}, rerun, and
 * remove it afterwards.
 */
class HlcTest {

  static final String ORIGIN = "9f3a6c01d2e4b758";

  @Provide
  Arbitrary<Hlc> hlcs() {
    // Small ranges mixed with the full one, so that equal millis and equal counters occur often.
    Arbitrary<Long> millis = Arbitraries.oneOf(Arbitraries.longs().between(0, 3),
        Arbitraries.longs().between(0, Hlc.MAX_MILLIS), Arbitraries.of(Hlc.MAX_MILLIS, 1_764_028_800_123L));
    Arbitrary<Integer> counter = Arbitraries.oneOf(Arbitraries.integers().between(0, 3),
        Arbitraries.integers().between(0, Hlc.MAX_COUNTER));
    Arbitrary<String> origin = Arbitraries.oneOf(Arbitraries.of("0000000000000000", "ffffffffffffffff", ORIGIN),
        Arbitraries.strings().withChars("0123456789abcdef").ofLength(16));
    return Combinators.combine(millis, counter, origin).as(Hlc::new);
  }

  @Property(tries = 1000)
  void textIsFixedWidthAndParsesBack(@ForAll("hlcs") Hlc hlc) {
    String text = hlc.toString();
    assertThat(text).hasSize(Hlc.TEXT_LENGTH).matches("[0-9]{15}-[0-9]{5}-[0-9a-f]{16}");
    assertThat(Hlc.parse(text)).isEqualTo(hlc);
  }

  @Property(tries = 1000)
  void stringOrderIsClockOrder(@ForAll("hlcs") Hlc a, @ForAll("hlcs") Hlc b) {
    assertThat(Integer.signum(a.toString().compareTo(b.toString()))).isEqualTo(Integer.signum(a.compareTo(b)));
    assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
  }

  @Example
  void textFormExample() {
    assertThat(new Hlc(1_764_028_800_123L, 0, ORIGIN).toString()).isEqualTo("001764028800123-00000-9f3a6c01d2e4b758");
    assertThat(new Hlc(0, Hlc.MAX_COUNTER, ORIGIN).toString()).isEqualTo("000000000000000-99999-9f3a6c01d2e4b758");
    assertThat(new Hlc(1_764_028_800_123L, 0, ORIGIN).instant().toEpochMilli()).isEqualTo(1_764_028_800_123L);
  }

  @Example
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

  @Example
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

  @Provide
  Arbitrary<List<Event>> events() {
    // Steps mostly standing still or going back, so that counters climb.
    Arbitrary<Long> step = Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(-5_000, 3),
        Arbitraries.longs().between(-1, 1));
    return Combinators.combine(step, Arbitraries.of(false, false, false, true),
            Arbitraries.longs().between(-5, 5), Arbitraries.integers().between(0, Hlc.MAX_COUNTER))
        .as(Event::new).list().ofMinSize(1).ofMaxSize(300);
  }

  @Property(tries = 300)
  void nextIsStrictlyMonotonicWhateverTheWallClockDoes(@ForAll("events") List<Event> events) {
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

  @Example
  void nextFollowsTheWallClockWhenItIsAhead() {
    AtomicLong wall = new AtomicLong(1000);
    HybridClock clock = new HybridClock(ORIGIN, wall::get, Duration.ofMinutes(5));
    assertThat(clock.next(null)).isEqualTo(new Hlc(1000, 0, ORIGIN));
    assertThat(clock.next(new Hlc(999, 77, "0000000000000001"))).isEqualTo(new Hlc(1000, 0, ORIGIN));
  }

  @Example
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

  @Example
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

  @Property(tries = 200)
  void aLongRunOnAStoppedClockStaysStrictlyIncreasing(@ForAll @IntRange(min = 99_990, max = 99_999) int startCounter,
      @ForAll @LongRange(min = 0, max = 3) long wallBehind) {
    AtomicLong wall = new AtomicLong(5000 - wallBehind);
    HybridClock clock = new HybridClock(ORIGIN, wall::get, Duration.ofMinutes(5));
    Hlc latest = new Hlc(5000, startCounter, ORIGIN);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Hlc next = clock.next(latest);
      assertThat(next).isGreaterThan(latest);
      texts.add(next.toString());
      latest = next;
    }
    assertThat(texts).isSorted().doesNotHaveDuplicates();
  }

  // ---------------------------------------------------------------------------------------------
  // HybridClock.vet

  @Example
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

  @Property(tries = 300)
  void vetAcceptsExactlyTheReadingsWithinTheBound(@ForAll @LongRange(min = -1_000_000, max = 1_000_000) long ahead,
      @ForAll @LongRange(min = 0, max = 600_000) long maxDriftMillis) {
    AtomicLong wall = new AtomicLong(1_764_028_800_000L);
    HybridClock clock = new HybridClock(ORIGIN, wall::get, Duration.ofMillis(maxDriftMillis));
    Hlc received = new Hlc(wall.get() + ahead, 3, "0123456789abcdef");
    if (ahead <= maxDriftMillis) {
      clock.vet(received);
    } else {
      assertThatThrownBy(() -> clock.vet(received)).isInstanceOfSatisfying(HephException.ClockDrift.class,
          e -> assertThat(e.aheadMillis()).isEqualTo(ahead));
    }
  }

  @Example
  void vetAcceptsReadingsAtTheBoundAndBehind() {
    AtomicLong wall = new AtomicLong(1_764_028_800_000L);
    HybridClock clock = new HybridClock(ORIGIN, wall::get, Duration.ofMinutes(5));
    clock.vet(new Hlc(wall.get() + Duration.ofMinutes(5).toMillis(), Hlc.MAX_COUNTER, "0123456789abcdef"));
    clock.vet(new Hlc(wall.get() + 1, 0, "0123456789abcdef"));
    clock.vet(new Hlc(wall.get() - Duration.ofDays(400).toMillis(), 0, "0123456789abcdef"));
  }

  @Example
  void clockRefusesABadOrigin() {
    assertThatThrownBy(() -> new HybridClock("XYZ", () -> 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 50)
  void sortingTextsSortsClocks(@ForAll @Size(min = 2, max = 50) List<@From("hlcs") Hlc> hlcs) {
    List<Hlc> byClock = hlcs.stream().sorted().toList();
    List<String> byText = hlcs.stream().map(Hlc::toString).sorted().toList();
    assertThat(byText).isEqualTo(byClock.stream().map(Hlc::toString).toList());
  }
}
