package dev.heph.sync.spoke;

import dev.heph.core.clock.HybridClock;
import java.time.Duration;

/**
 * Words for a clock disagreement between this device and its hub, naming the side whose clock
 * looks wrong and what a person can do about it. A spoke knows three times: its own wall clock,
 * the hub's ({@code GET /sync/info}), and the stamps of ops (its own, and the newest the hub holds).
 */
record ClockAdvice(long deviceMillis, long hubMillis) {
  /** Clocks closer than this agree, for the purpose of advice (network delay, ordinary skew). */
  static final long AGREE_MILLIS = Duration.ofMinutes(1).toMillis();

  /** How far ahead of the hub's clock an op may be stamped and still be taken (the hub's drift bound). */
  static final long HUB_BOUND_MILLIS = HybridClock.DEFAULT_MAX_DRIFT.toMillis();

  static final String FIX_DEVICE = "fix this device's clock (e.g. `timedatectl set-ntp true`)";
  static final String RESTAMP = "`heph sync --restamp`";

  /** How far this device's clock is ahead of the hub's (negative: behind). */
  long skew() {
    return deviceMillis - hubMillis;
  }

  boolean deviceAhead() {
    return skew() > AGREE_MILLIS;
  }

  /**
   * The hub refused this device's ops, the latest stamped at {@code latestStamp}; the newest op
   * the hub is known to hold is stamped at {@code hubNewest} (0: none known).
   */
  String pushRefused(long latestStamp, long hubNewest) {
    String stampedAhead = span(latestStamp - hubMillis);
    if (deviceAhead() && hubNewest - hubMillis > AGREE_MILLIS) {
      return "the hub's clock looks " + span(skew()) + " behind this device's (it holds ops stamped up to "
          + span(hubNewest - hubMillis) + " after its own time, so its clock went back); ask the hub's operator to fix"
          + " its clock, then sync again";
    }
    if (deviceAhead()) {
      return "this device's clock is " + span(skew()) + " ahead of the hub's; " + FIX_DEVICE + ", then run " + RESTAMP
          + " to re-stamp the ops made meanwhile (nothing is lost)";
    }
    if (skew() < -AGREE_MILLIS) {
      return "this device's ops were stamped up to " + stampedAhead + " ahead of the hub's clock, and this device's"
          + " clock is now " + span(-skew()) + " behind it; " + FIX_DEVICE + ", then run " + RESTAMP;
    }
    return "this device's clock is right now (it agrees with the hub's) but its ops were stamped while the clock was " + stampedAhead + " ahead; run " + RESTAMP + " to re-stamp them (nothing is lost)";
  }

  /** This device refused an op from {@code device} stamped {@code aheadOfDevice} after its own clock. */
  String pullRefused(String device, String op, long aheadOfDevice) {
    if (skew() < -AGREE_MILLIS) {
      return "this device's clock is " + span(-skew()) + " behind the hub's, so op " + op + " from device " + device
          + " looks " + span(aheadOfDevice) + " ahead of it; " + FIX_DEVICE + ", then sync again";
    }
    return "op " + op + " from device " + device + " is stamped " + span(aheadOfDevice) + " ahead of this device's"
        + " clock, which agrees with the hub's: that device's clock ran ahead (or the hub's did when it took the op);"
        + " fix that device's clock and run " + RESTAMP + " there";
  }

  /** A re-stamp asked for while this device's clock is still ahead of the hub's. */
  String restampRefused() {
    return "this device's clock is still " + span(skew()) + " ahead of the hub's: re-stamping now would stamp the ops"
        + " in the future again. " + capitalized(FIX_DEVICE) + " (or, if the hub's clock is the wrong one, ask its"
        + " operator to fix it), then run " + RESTAMP + " again; nothing was changed";
  }

  /**
   * A span of time in words a person reads at a glance, rounded to its last unit: "3 days 4 h",
   * "3 h 12 min", "12 min", "40 s".
   */
  static String span(long millis) {
    long ms = Math.max(0, millis);
    if (ms >= DAY - HOUR / 2) {
      long hours = (ms + HOUR / 2) / HOUR;
      return plural(hours / 24, "day") + (hours % 24 > 0 ? " " + hours % 24 + " h" : "");
    }
    if (ms >= HOUR - MINUTE / 2) {
      long minutes = (ms + MINUTE / 2) / MINUTE;
      return minutes / 60 + " h" + (minutes % 60 > 0 ? " " + minutes % 60 + " min" : "");
    }
    if (ms >= MINUTE - 500) {
      return (ms + MINUTE / 2) / MINUTE + " min";
    }
    return (ms + 500) / 1000 + " s";
  }

  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
