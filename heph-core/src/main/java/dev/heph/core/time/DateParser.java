package dev.heph.core.time;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the text of a {@link DateExpr}; null when it is not one. */
final class DateParser {
  private DateParser() {}

  /** A signed or unsigned count and a unit word: {@code +3d}, {@code -2w}, {@code 4h}, {@code 10min}. */
  private static final Pattern OFFSET = Pattern.compile("([+-]?)(\\d+)([a-z]+)");

  static DateExpr parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    for (DateExpr.Name n : DateExpr.Name.values()) {
      if (n.name().toLowerCase(Locale.ROOT).equals(t)) {
        return new DateExpr.Named(n);
      }
    }
    for (DayOfWeek day : DayOfWeek.values()) {
      if (t.length() >= 3 && day.name().toLowerCase(Locale.ROOT).startsWith(t)) {
        return new DateExpr.Weekday(day);
      }
    }
    Matcher m = OFFSET.matcher(t);
    if (m.matches()) {
      DateExpr.Unit unit = DateExpr.Unit.named(m.group(3));
      if (unit == null || m.group(2).length() > 6) {
        return null;
      }
      long n = Long.parseLong(m.group(2));
      return new DateExpr.Offset(m.group(1).equals("-") ? -n : n, unit);
    }
    try {
      if (t.length() == 10) {
        return new DateExpr.Date(LocalDate.parse(t));
      }
      if (t.length() > 10 && (t.charAt(10) == 't' || t.charAt(10) == ' ')) {
        String upper = (t.substring(0, 10) + "T" + t.substring(11)).toUpperCase(Locale.ROOT);
        if (upper.endsWith("Z") || upper.lastIndexOf('+') > 10 || upper.lastIndexOf('-') > 10) {
          OffsetDateTime odt = OffsetDateTime.parse(upper);
          return new DateExpr.DateTime(odt.toLocalDateTime(), odt.getOffset());
        }
        return new DateExpr.DateTime(LocalDateTime.parse(upper), null);
      }
    } catch (DateTimeParseException e) {
      return null;
    }
    return null;
  }

  /** A signed or unsigned count and a unit word: {@code +3d}, {@code -2w}, {@code 4h}, {@code 10min}. */
}
