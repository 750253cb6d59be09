package dev.heph.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * How human views print time; {@code --json} keeps ISO-8601 UTC and never comes here. Instants
 * (when a change was made, a daemon's last sync) read in local time to the minute,
 * {@code 2026-11-28 14:03}, with "3h ago" beside them where the distance matters. A task's
 * moments are an all-day date ({@code 2026-12-01}, the person's day wherever they are) or a UTC
 * instant ({@code 2026-12-01T15:00:00Z}, shown in the local zone); in tables they read relative, as
 * Taskwarrior's do: {@code 2d}, {@code -3h}, {@code 5w}, {@code 4mo}, {@code 1.2y}, and an all-day
 * date due today reads {@code today}.
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

  /** A moment relative to {@code now}: {@code 2d}, {@code -3h}, {@code today}; as stored when it cannot be read. */
  static String relative(String moment, ZonedDateTime now) {
    if (moment == null) {
      return "";
    }
    try {
      if (isDate(moment)) {
        long days = ChronoUnit.DAYS.between(now.toLocalDate(), LocalDate.parse(moment));
        return days == 0 ? "today" : vague(days * 86_400);
      }
      return vague(Duration.between(now.toInstant(), Instant.parse(moment)).getSeconds());
    } catch (DateTimeParseException e) {
      return moment; // a value from a newer or odd device: shown as it is
    }
  }

  /** A moment in the local zone: a date as it is, an instant as {@code 2026-12-01 16:00}. */
  static String local(String moment, ZonedDateTime now) {
    if (moment == null || isDate(moment)) {
      return moment == null ? "" : moment;
    }
    try {
      return MINUTE.format(Instant.parse(moment).atZone(now.getZone()));
    } catch (DateTimeParseException e) {
      return moment;
    }
  }

  /** How a due moment colours its row: overdue, due today, or neither. */
  static Style dueStyle(String due, ZonedDateTime now) {
    if (due == null) {
      return Style.NONE;
    }
    try {
      if (isDate(due)) {
        // ISO dates order as text: no parsing for each row of a long list
        int c = due.compareTo(now.toLocalDate().toString());
        return c < 0 ? Style.OVERDUE : c == 0 ? Style.DUE_TODAY : Style.NONE;
      }
      Instant at = Instant.parse(due);
      if (at.isBefore(now.toInstant())) {
        return Style.OVERDUE;
      }
      return at.atZone(now.getZone()).toLocalDate().equals(now.toLocalDate()) ? Style.DUE_TODAY : Style.NONE;
    } catch (DateTimeParseException e) {
      return Style.NONE;
    }
  }

  /** Taskwarrior's vague duration (ISO8601p::formatVague), signed. */
  static String vague(long seconds) {
    String sign = seconds < 0 ? "-" : "";
    long s = Math.abs(seconds);
    long day = 86_400;
    if (s >= 365 * day) {
      return sign + String.format(java.util.Locale.ROOT, "%.1fy", s / (365.0 * day));
    }
    if (s >= 90 * day) {
      return sign + s / (30 * day) + "mo";
    }
    if (s >= 14 * day) {
      return sign + s / (7 * day) + "w";
    }
    if (s >= day) {
      return sign + s / day + "d";
    }
    if (s >= 3600) {
      return sign + s / 3600 + "h";
    }
    if (s >= 60) {
      return sign + s / 60 + "min";
    }
    return sign + s + "s";
  }

  private static boolean isDate(String moment) {
    return moment.length() == 10;
  }
}
