package dev.heph.core.op;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.clock.Hlc;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recurrence rules, series positions and what the {@code recur} and {@code series} fields accept. */
class RecurrenceTest {

  private static String nth(String rule, String anchor, long n) {
    return Recurrence.parse(rule).occurrence(anchor, n);
  }

  @Test
  void eachRuleStepsFromTheAnchor() {
    assertThat(nth("daily", "2026-02-27", 2)).isEqualTo("2026-03-01");
    assertThat(nth("weekly", "2026-02-27", 1)).isEqualTo("2026-03-06");
    assertThat(nth("3d", "2026-02-27", 2)).isEqualTo("2026-03-05");
    assertThat(nth("2w", "2026-01-01", 3)).isEqualTo("2026-02-12");
    assertThat(nth("fortnight", "2026-01-01", 1)).isEqualTo("2026-01-15");
    assertThat(nth("quarterly", "2026-01-31", 1)).isEqualTo("2026-04-30");
    assertThat(nth("2q", "2026-01-31", 1)).isEqualTo("2026-07-31");
    assertThat(nth("yearly", "2028-02-29", 1)).isEqualTo("2029-02-28");
    assertThat(nth("yearly", "2028-02-29", 4)).isEqualTo("2032-02-29");
    assertThat(nth("2y", "2026-05-01", 2)).isEqualTo("2030-05-01");
  }

  @Test
  void monthlyKeepsTheAnchorsDayWhereTheMonthHasIt() {
    List<String> dues = java.util.stream.LongStream.range(0, 5).mapToObj(n -> nth("monthly", "2026-01-31", n)).toList();
    assertThat(dues).containsExactly("2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31");
  }

  @Test
  void weekdaysSkipSaturdayAndSunday() {
    // 2026-06-03 is a Wednesday.
    List<String> fromWednesday = java.util.stream.LongStream.range(0, 8)
        .mapToObj(n -> nth("weekdays", "2026-06-03", n)).toList();
    assertThat(fromWednesday).containsExactly("2026-06-03", "2026-06-04", "2026-06-05", "2026-06-08", "2026-06-09",
        "2026-06-10", "2026-06-11", "2026-06-12");
    assertThat(nth("weekdays", "2026-06-06", 0)).isEqualTo("2026-06-06"); // a Saturday anchor stays itself
    assertThat(nth("weekdays", "2026-06-06", 1)).isEqualTo("2026-06-08");
    assertThat(nth("weekdays", "2026-06-07", 5)).isEqualTo("2026-06-12");
    assertThat(nth("weekdays", "2026-06-05", 10)).isEqualTo("2026-06-19");
  }

  @Test
  void instantsStepInUtcAndKeepTheirTime() {
    assertThat(nth("monthly", "2026-01-31T09:30:00Z", 1)).isEqualTo("2026-02-28T09:30:00Z");
    assertThat(nth("weekdays", "2026-06-05T23:00:00Z", 1)).isEqualTo("2026-06-08T23:00:00Z");
  }

  @Test
  void onlyTheDocumentedWordsAreRules() {
    for (String ok : List.of("daily", "day", "weekly", "week", "biweekly", "fortnight", "monthly", "month", "bimonthly",
        "quarterly", "semiannual", "yearly", "year", "annual", "biannual", "biyearly", "weekdays", "1d", "9999d", "12w",
        "18m", "2y", "4q")) {
      assertThat(Recurrence.parse(ok)).as(ok).isNotNull();
      assertThat(Field.RECUR.rejects(Value.text(ok))).as(ok).isNull();
    }
    for (String bad : List.of("", "Daily", "0d", "07d", "10000d", "d", "3", "3x", "3 d", "+3d", "-1w", "every day",
        "weekly ", "3334q")) {
      assertThat(Recurrence.parse(bad)).as(bad).isNull();
      assertThat(Field.RECUR.rejects(Value.text(bad))).as(bad).startsWith("must be daily, weekly");
    }
    assertThat(Field.RECUR.rejects(Value.NULL)).isNull();
    assertThat(Recurrence.normalize(" Monthly ")).isEqualTo("monthly");
  }

  @Test
  void untilLetsEveryMomentOfItsDayThrough() {
    assertThat(Recurrence.isAfter("2026-03-01", "2026-02-28")).isTrue();
    assertThat(Recurrence.isAfter("2026-02-28", "2026-02-28")).isFalse();
    assertThat(Recurrence.isAfter("2026-02-28T23:59:59Z", "2026-02-28")).isFalse();
    assertThat(Recurrence.isAfter("2026-03-01T00:00:00Z", "2026-02-28")).isTrue();
    assertThat(Recurrence.isAfter("2026-02-28", "2026-02-28T12:00:00Z")).isFalse();
    assertThat(Recurrence.isAfter("2026-03-01", "2026-02-28T12:00:00Z")).isTrue();
  }

  @Test
  void aSeriesPositionRoundTripsAndNothingElseIsOne() {
    String id = "019e7044-8800-73d5-9abb-d89cb8196f0e";
    Series s = new Series(id, 12, "2026-01-31");
    assertThat(Series.parse(s.text())).isEqualTo(s);
    assertThat(s.next()).isEqualTo(new Series(id, 13, "2026-01-31"));
    assertThat(Series.parse(id + "/0/2026-01-31T09:30:00Z")).isEqualTo(new Series(id, 0, "2026-01-31T09:30:00Z"));
    for (String bad : List.of(id, id + "/1", id + "/01/2026-01-31", id + "/-1/2026-01-31", id + "/1/2026-02-30",
        id + "/1/tomorrow", id.toUpperCase() + "/1/2026-01-31", id + "/12345678/2026-01-31")) {
      assertThat(Series.parse(bad)).as(bad).isNull();
      assertThat(Field.SERIES.rejects(Value.text(bad))).as(bad).isNotNull();
    }
  }

  @Test
  void derivedNodeIdsAndStampsDependOnlyOnTheirInputs() {
    String series = "019e7044-8800-73d5-9abb-d89cb8196f0e";
    Hlc created = Hlc.parse("001780000000000-00000-a000000000000001");
    String id = dev.heph.core.recur.NextInstance.nodeId(series, 1, created);
    assertThat(NodeId.isValid(id)).isTrue();
    assertThat(id).startsWith("019e7044-8801-8"); // the next millisecond, version 8
    assertThat(dev.heph.core.recur.NextInstance.nodeId(series, 1, created)).isEqualTo(id);
    assertThat(dev.heph.core.recur.NextInstance.nodeId(series, 2, created)).isNotEqualTo(id);
  }
}
