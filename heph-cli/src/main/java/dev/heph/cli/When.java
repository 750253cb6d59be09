package dev.heph.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * How a stored moment reads in a table. Moments are an all-day date ({@code 2026-12-01}, the
 * person's day wherever they are) or a UTC instant ({@code 2026-12-01T15:00:00Z}, shown in the
 * local zone). Relative forms follow Taskwarrior's: {@code 2d}, {@code -3h}, {@code 5w},
 * {@code 4mo}, {@code 1.2y}; an all-day date due today reads {@code today}.
 */
final class When {
  private When() {}

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

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
      return LOCAL.format(Instant.parse(moment).atZone(now.getZone()));
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
