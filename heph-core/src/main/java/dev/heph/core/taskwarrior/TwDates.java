package dev.heph.core.taskwarrior;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Taskwarrior's date form ({@code 20261201T120000Z}, UTC) and heph's moments: an all-day ISO date
 * {@code 2026-12-01} (zone-free) or a UTC instant {@code 2026-12-01T12:00:00Z}.
 */
public final class TwDates {
  private TwDates() {}

  private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");

  /** heph's instant for a Taskwarrior date (its compact form, or an ISO instant); null when it is neither. */
  public static String toHeph(String tw) {
    try {
      if (tw.length() == 16 && tw.charAt(8) == 'T' && tw.endsWith("Z")) {
        return iso(LocalDateTime.parse(tw, COMPACT).toInstant(ZoneOffset.UTC));
      }
      return iso(Instant.parse(tw));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Taskwarrior's form of a heph moment; an all-day date is midnight where the person is ({@code zone}). */
  public static String toTaskwarrior(String moment, ZoneId zone) {
    Instant at = moment.length() == 10 ? LocalDate.parse(moment).atStartOfDay(zone).toInstant() : Instant.parse(moment);
    return COMPACT.format(at.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
  }

  /** heph's UTC instant text, to the second. */
  static String iso(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
  }
}
