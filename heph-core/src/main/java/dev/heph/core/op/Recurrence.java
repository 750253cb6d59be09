package dev.heph.core.op;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * A recurrence rule, the value of the {@code recur} field: every {@code count} {@code unit}s, or
 * every weekday (Monday to Friday). Occurrence {@code n} of a series is computed from the series'
 * anchor (its first due), never from the previous one, so a month-end series stays at month ends
 * (Jan 31, Feb 28, Mar 31) and no error accumulates.
 *
 * <p>Accepted words: {@code daily}, {@code weekly}, {@code monthly}, {@code yearly}, {@code weekdays},
 * {@code Nd}, {@code Nw}, {@code Nm}, {@code Ny} (N from 1 to 9999), and Taskwarrior's synonyms
 * {@code day}, {@code week}, {@code month}, {@code year}, {@code annual}, {@code biweekly} and
 * {@code fortnight} (2w), {@code bimonthly} (2m), {@code quarterly} (3m), {@code semiannual} (6m),
 * {@code biannual} and {@code biyearly} (2y), {@code Nq} (3N months). The stored text is what was
 * typed, lowercased; every replica reads it the same way.
 */
public record Recurrence(int count, ChronoUnit unit, boolean weekdays) {

  /** What {@link #parse} accepts, for error messages. */
  public static final String FORMS = "daily, weekly, monthly, yearly, weekdays, or Nd, Nw, Nm, Ny (e.g. 2w)";

  private static final int MAX_COUNT = 9999;

  private static final Map<String, Recurrence> WORDS = Map.ofEntries(
      Map.entry("daily", every(1, ChronoUnit.DAYS)), Map.entry("day", every(1, ChronoUnit.DAYS)),
      Map.entry("weekly", every(1, ChronoUnit.WEEKS)), Map.entry("week", every(1, ChronoUnit.WEEKS)),
      Map.entry("biweekly", every(2, ChronoUnit.WEEKS)), Map.entry("fortnight", every(2, ChronoUnit.WEEKS)),
      Map.entry("monthly", every(1, ChronoUnit.MONTHS)), Map.entry("month", every(1, ChronoUnit.MONTHS)),
      Map.entry("bimonthly", every(2, ChronoUnit.MONTHS)), Map.entry("quarterly", every(3, ChronoUnit.MONTHS)),
      Map.entry("semiannual", every(6, ChronoUnit.MONTHS)),
      Map.entry("yearly", every(1, ChronoUnit.YEARS)), Map.entry("year", every(1, ChronoUnit.YEARS)),
      Map.entry("annual", every(1, ChronoUnit.YEARS)), Map.entry("biannual", every(2, ChronoUnit.YEARS)),
      Map.entry("biyearly", every(2, ChronoUnit.YEARS)),
      Map.entry("weekdays", new Recurrence(1, ChronoUnit.DAYS, true)));

  private static Recurrence every(int count, ChronoUnit unit) {
    return new Recurrence(count, unit, false);
  }

  /** The rule this text names, or null when it names none (see the class comment for the words). */
  public static Recurrence parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 10) {
      return null;
    }
    Recurrence word = WORDS.get(text);
    if (word != null) {
      return word;
    }
    char last = text.charAt(text.length() - 1);
    String digits = text.substring(0, text.length() - 1);
    if (digits.isEmpty() || digits.length() > 4 || digits.charAt(0) == '0' || !digits.chars().allMatch(Character::isDigit)) {
      return null;
    }
    int n = Integer.parseInt(digits);
    return switch (last) {
      case 'd' -> every(n, ChronoUnit.DAYS);
      case 'w' -> every(n, ChronoUnit.WEEKS);
      case 'm' -> every(n, ChronoUnit.MONTHS);
      case 'q' -> n * 3 <= MAX_COUNT ? every(n * 3, ChronoUnit.MONTHS) : null;
      case 'y' -> every(n, ChronoUnit.YEARS);
      default -> null;
    };
  }

  /** The stored form of what a person typed ({@code Monthly} → {@code monthly}), or null when it is no rule. */
  public static String normalize(String typed) {
    String t = typed.strip().toLowerCase(Locale.ROOT);
    return parse(t) == null ? null : t;
  }

  /**
   * Occurrence {@code n} (0 is the anchor itself) of a series anchored at {@code anchor}, a moment in
   * either stored form ({@link Moments}), in the same form.
   * Instants are stepped in UTC: every replica must compute the same due, whatever its zone.
   */
  public String occurrence(String anchor, long n) {
    if (anchor.length() == 10) {
      return step(LocalDate.parse(anchor), n).toString();
    }
    ZonedDateTime at = Instant.parse(anchor).atZone(ZoneOffset.UTC);
    LocalDate day = step(at.toLocalDate(), n);
    return Moments.instant(day.atTime(at.toLocalTime()).toInstant(ZoneOffset.UTC));
  }

  private LocalDate step(LocalDate anchor, long n) {
    if (weekdays) {
      return nthWeekday(anchor, n);
    }
    return anchor.plus(Math.multiplyExact((long) count, n), unit);
  }

  /** The anchor for n = 0, else the n-th Monday-to-Friday day after it. */
  private static LocalDate nthWeekday(LocalDate anchor, long n) {
    if (n == 0) {
      return anchor;
    }
    // Count from the Friday on or before the anchor (a weekend anchor counts from that Friday).
    int dow = anchor.getDayOfWeek().getValue(); // 1 = Monday ... 7 = Sunday
    LocalDate friday = anchor.minusDays(dow >= 5 ? dow - 5 : dow + 2);
    long skipped = dow >= 5 ? 0 : dow; // weekdays from that Friday (excluded) up to the anchor (included)
    long k = skipped + n; // the k-th weekday after that Friday
    long weeks = (k - 1) / 5;
    long day = (k - 1) % 5 + 1; // 1 = Monday ... 5 = Friday
    return friday.plusWeeks(weeks).plusDays(day + 2);
  }

  /**
   * Whether moment {@code a} comes after moment {@code b}. Two dates or two instants compare as
   * they sort; a date against an instant counts as that whole day in UTC (an {@code until} date
   * lets every instant of its day through), the same on every replica.
   */
  public static boolean isAfter(String a, String b) {
    if (a.length() == b.length()) {
      return a.compareTo(b) > 0;
    }
    if (a.length() == 10) { // a date against an instant: after it when the day begins after it
      return LocalDate.parse(a).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(Instant.parse(b));
    }
    return !Instant.parse(a).isBefore(LocalDate.parse(b).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
