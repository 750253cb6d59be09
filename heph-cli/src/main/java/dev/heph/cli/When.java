package dev.heph.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How every human view prints an instant: local time to the minute ({@code 2026-11-28 14:03}),
 * with "3h ago" or "in 5m" beside it where the distance matters. {@code --json} keeps ISO-8601
 * UTC and never comes here.
 */
final class When {
  private When() {}

  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  /** A history lists several changes a minute: its lines keep the seconds. */
  private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** {@code 2026-11-28 14:03} in this machine's time zone. */
  static String local(Instant at) {
    return MINUTE.format(at.atZone(ZoneId.systemDefault()));
  }

  /** {@code 2026-11-28 14:03:27} in this machine's time zone, for histories. */
  static String localSeconds(Instant at) {
    return SECOND.format(at.atZone(ZoneId.systemDefault()));
  }

  /** {@code 2026-11-28 14:03 (3h ago)}. */
  static String localAndRelative(Instant at, Instant now) {
    return local(at) + " (" + relative(at, now) + ")";
  }

  /** An ISO-8601 instant (as the daemon's JSON carries it) in local time and relative; other text as it is. */
  static String localAndRelative(String iso, Instant now) {
    try {
      return localAndRelative(Instant.parse(iso), now);
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /** {@code just now}, {@code 40s ago}, {@code 5m ago}, {@code 3h ago}, {@code 2d ago}, or {@code in 5m}. */
  static String relative(Instant at, Instant now) {
    Duration d = Duration.between(at, now);
    boolean future = d.isNegative();
    long s = d.abs().toSeconds();
    if (s < 1) {
      return "just now";
    }
    String amount = s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" : s < 86_400 ? s / 3600 + "h" : s / 86_400 + "d";
    return future ? "in " + amount : amount + " ago";
  }
}
