package dev.heph.sync.spoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The words of clock-drift advice: spans a person reads at a glance, and which side is named. */
class ClockAdviceTest {
  static long ms(Duration d) {
    return d.toMillis();
  }

  @Test
  void spansRoundToTheirLastUnit() {
    assertThat(ClockAdvice.span(ms(Duration.ofDays(3).minusMinutes(1)))).isEqualTo("3 days");
    assertThat(ClockAdvice.span(ms(Duration.ofDays(1)))).isEqualTo("1 day");
    assertThat(ClockAdvice.span(ms(Duration.ofDays(5).plusHours(4).plusMinutes(20)))).isEqualTo("5 days 4 h");
    assertThat(ClockAdvice.span(ms(Duration.ofHours(3).plusMinutes(12).plusSeconds(10)))).isEqualTo("3 h 12 min");
    assertThat(ClockAdvice.span(ms(Duration.ofMinutes(59).plusSeconds(40)))).isEqualTo("1 h");
    assertThat(ClockAdvice.span(ms(Duration.ofMinutes(12).plusSeconds(20)))).isEqualTo("12 min");
    assertThat(ClockAdvice.span(45_400)).isEqualTo("45 s");
    assertThat(ClockAdvice.span(-5)).isEqualTo("0 s");
  }

  @Test
  void eachCaseNamesTheSideWhoseClockLooksWrong() {
    long hub = 1_780_000_000_000L;
    long threeHours = ms(Duration.ofHours(3).plusMinutes(12));
    ClockAdvice deviceAhead = new ClockAdvice(hub + threeHours, hub);
    assertThat(deviceAhead.pushRefused(hub + threeHours, hub - 1000))
        .startsWith("this device's clock is 3 h 12 min ahead of the hub's").contains("heph sync --restamp");
    assertThat(deviceAhead.pushRefused(hub + threeHours, hub + threeHours))
        .startsWith("the hub's clock looks 3 h 12 min behind this device's").contains("ask the hub's operator");
    assertThat(new ClockAdvice(hub + 2_000, hub).pushRefused(hub + ms(Duration.ofDays(5)), 0))
        .startsWith("this device's clock is right now").contains("5 days ahead").contains("heph sync --restamp");
    assertThat(new ClockAdvice(hub - threeHours, hub).pushRefused(hub + ms(Duration.ofDays(1)), 0))
        .contains("1 day ahead of the hub's clock").contains("now 3 h 12 min behind it");
    assertThat(new ClockAdvice(hub - threeHours, hub).pullRefused("0123456789abcdef", "op-x", threeHours))
        .startsWith("this device's clock is 3 h 12 min behind the hub's").contains("fix this device's clock");
    assertThat(new ClockAdvice(hub, hub).pullRefused("0123456789abcdef", "op-x", threeHours))
        .contains("from device 0123456789abcdef is stamped 3 h 12 min ahead").contains("fix that device's clock");
    assertThat(deviceAhead.restampRefused()).contains("still 3 h 12 min ahead").contains("nothing was changed");
  }
}
