package dev.heph.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.HephException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each named date, duration and ISO form at a pinned "now" in a zone east of UTC, so that a
 * mistake between the person's day and UTC's shows. Expected values follow {@code task calc} 2.6.2.
 */
class DateExprTest {

  /** A Saturday, 06:43:32 in Paris. */
  static final Instant NOW = Instant.parse("2026-11-28T05:43:32Z");
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "now,        2026-11-28T05:43:32Z, 2026-11-28T05:43:32Z",
      "NOW,        2026-11-28T05:43:32Z, 2026-11-28T05:43:32Z",
      "today,      2026-11-28,           2026-11-28",
      "sod,        2026-11-28,           2026-11-28",
      "eod,        2026-11-28T22:59:59Z, 2026-11-28T22:59:59Z",
      "yesterday,  2026-11-27,           2026-11-27",
      "tomorrow,   2026-11-29,           2026-11-29",
      "sow,        2026-11-23,           2026-11-23",
      "eow,        2026-11-29T22:59:59Z, 2026-11-29T22:59:59Z",
      "som,        2026-11-01,           2026-11-01",
      "eom,        2026-11-30T22:59:59Z, 2026-11-30T22:59:59Z",
      "soy,        2026-01-01,           2026-01-01",
      "eoy,        2026-12-31T22:59:59Z, 2026-12-31T22:59:59Z",
      "mon,        2026-11-30,           2026-11-30",
      "friday,     2026-12-04,           2026-12-04",
      "sun,        2026-11-29,           2026-11-29",
      "sat,        2026-12-05,           2026-12-05",
      "+3d,        2026-12-01T05:43:32Z, 2026-12-01",
      "3d,         2026-12-01T05:43:32Z, 2026-12-01",
      "-2w,        2026-11-14T05:43:32Z, 2026-11-14",
      "2w,         2026-12-12T05:43:32Z, 2026-12-12",
      "1m,         2026-12-28T05:43:32Z, 2026-12-28",
      "1y,         2027-11-28T05:43:32Z, 2027-11-28",
      "4h,         2026-11-28T09:43:32Z, 2026-11-28T09:43:32Z",
      "-30min,     2026-11-28T05:13:32Z, 2026-11-28T05:13:32Z",
      "2026-12-01, 2026-12-01,           2026-12-01",
      "2026-12-01T10:00,       2026-12-01T09:00:00Z, 2026-12-01T09:00:00Z",
      "2026-12-01T10:00:30,    2026-12-01T09:00:30Z, 2026-12-01T09:00:30Z",
      "2026-12-01T10:00:00Z,   2026-12-01T10:00:00Z, 2026-12-01T10:00:00Z",
      "2026-12-01T10:00+05:00, 2026-12-01T05:00:00Z, 2026-12-01T05:00:00Z",
  })
  void resolvesAsTaskwarriorDoes(String text, String filterMoment, String stored) {
    DateExpr e = DateExpr.parse(text);
    assertThat(e.resolve(NOW, PARIS).text()).isEqualTo(filterMoment);
    assertThat(e.input(NOW, PARIS).text()).isEqualTo(stored);
  }

  @ParameterizedTest(name = "{0} at {1} -> {2}")
  @CsvSource({
      // 23:30 UTC is already tomorrow in Paris: the person's day counts.
      "today,    2026-11-28T23:30:00Z, 2026-11-29",
      "eom,      2026-11-30T23:30:00Z, 2026-12-31T22:59:59Z",
      // The day summer time starts in Paris has 23 hours: its last second is 21:59:59Z.
      "eod,      2026-03-29T05:00:00Z, 2026-03-29T21:59:59Z",
      "sow,      2026-11-30T10:00:00Z, 2026-11-30",
      "eow,      2026-11-29T10:00:00Z, 2026-11-29T22:59:59Z",
      // Whole seconds: what heph stores and Taskwarrior compares.
      "now,      2026-11-28T05:43:32.900Z, 2026-11-28T05:43:32Z",
  })
  void theZoneDecidesTheDay(String text, String now, String expected) {
    assertThat(DateExpr.parse(text).resolve(Instant.parse(now), PARIS).text()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "someday", "2026-13-01", "2026-02-30", "3x", "+d", "mo", "2026-12-01T25:00",
      "1234567d", "12/01/2026"})
  void refusesWhatIsNotADate(String text) {
    assertThat(DateExpr.tryParse(text)).isNull();
    assertThatThrownBy(() -> DateExpr.parse(text)).isInstanceOf(HephException.InvalidInput.class)
        .hasMessageStartingWith("bad date '" + text + "': use YYYY-MM-DD");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-12-01", "2026-12-01T10:00:00Z"})
  void storedMomentsReadBack(String stored) {
    assertThat(Moment.parse(stored).text()).isEqualTo(stored);
  }
}
