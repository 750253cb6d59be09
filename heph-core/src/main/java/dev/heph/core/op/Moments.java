package dev.heph.core.op;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The two stored forms of a moment ({@code due}, {@code scheduled}, {@code wait}, {@code until},
 * {@code start}, an annotation's entry): an all-day ISO date {@code 2026-12-01}, zone-free, or a
 * UTC instant to the second {@code 2026-12-01T09:30:00Z}. Each form sorts as text; fixed widths
 * keep every replica's bytes identical for the same moment.
 */
public final class Moments {
  private Moments() {}

  /** What the stored forms look like, for error messages. */
  public static final String FORMS = "an ISO date like 2026-12-01 or a UTC instant like 2026-12-01T09:30:00Z";

  /** True for either stored form. */
  public static boolean isMoment(String s) {
    return isDate(s) || isInstant(s);
  }

  /** True for an ISO date {@code YYYY-MM-DD}. */
  public static boolean isDate(String s) {
    if (s.length() != 10) {
      return false;
    }
    try {
      return LocalDate.parse(s).toString().equals(s);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** True for a UTC instant with seconds and no fraction: {@code YYYY-MM-DDTHH:MM:SSZ}. */
  public static boolean isInstant(String s) {
    if (s.length() != 20 || s.charAt(19) != 'Z') {
      return false;
    }
    try {
      return instant(LocalDateTime.parse(s.substring(0, 19)).toInstant(ZoneOffset.UTC)).equals(s);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** The stored form of an instant, truncated to the second. */
  public static String instant(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString(); // ISO_INSTANT: seconds always, a fraction only when non-zero
  }
}
