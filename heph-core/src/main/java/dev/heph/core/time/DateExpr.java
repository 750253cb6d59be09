package dev.heph.core.time;

import dev.heph.core.HephException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/**
 * A date as a person types it, before it is pinned to a clock: a named date ({@code today},
 * {@code eom}), a weekday ({@code fri}: the next one), a duration from now ({@code +3d},
 * {@code -2w}, {@code 4h}) or an ISO date or date-time. {@link #resolve} gives Taskwarrior 2.6's
 * meaning (docs/filters.md lists each); parsing is separate so that a filter's bad date is refused
 * before any query runs.
 */
public sealed interface DateExpr {

  /** The moment this expression names at {@code now} in {@code zone} (Taskwarrior's meaning). */
  Moment resolve(Instant now, ZoneId zone);

  /**
   * The value to store when a person types this into a date field: expressions that name a day
   * ({@code today}, {@code fri}, {@code +3d}, {@code 2026-12-01}) give an all-day date, counting
   * whole days from today; the others ({@code now}, {@code eod}, {@code 4h}, a date-time) an instant.
   */
  Moment input(Instant now, ZoneId zone);

  /** {@code now}, {@code today}, {@code eom}...: see {@link Name}. */
  record Named(Name name) implements DateExpr {
    @Override
    public Moment resolve(Instant now, ZoneId zone) {
      LocalDate today = LocalDate.ofInstant(now, zone);
      return switch (name) {
        case NOW -> new Moment.At(now);
        case TODAY, SOD -> new Moment.Day(today);
        case YESTERDAY -> new Moment.Day(today.minusDays(1));
        case TOMORROW -> new Moment.Day(today.plusDays(1));
        case SOW -> new Moment.Day(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
        case SOM -> new Moment.Day(today.withDayOfMonth(1));
        case SOY -> new Moment.Day(today.withDayOfYear(1));
        case EOD -> lastSecond(today, zone);
        case EOW -> lastSecond(today.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY)), zone);
        case EOM -> lastSecond(today.with(TemporalAdjusters.lastDayOfMonth()), zone);
        case EOY -> lastSecond(today.with(TemporalAdjusters.lastDayOfYear()), zone);
      };
    }

    @Override
    public Moment input(Instant now, ZoneId zone) {
      return resolve(now, zone);
    }

    private static Moment lastSecond(LocalDate day, ZoneId zone) {
      return new Moment.At(day.plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(1));
    }
  }

  /** The named dates. Weeks run Monday to Sunday, as {@code task calc sow} shows in 2.6.2. */
  enum Name {
    /** This second. */
    NOW,
    /** The start of today. */
    TODAY,
    /** Start of day: the same as today. */
    SOD,
    /** The last second of today (23:59:59). */
    EOD,
    /** The start of yesterday. */
    YESTERDAY,
    /** The start of tomorrow. */
    TOMORROW,
    /** The start of this week's Monday. */
    SOW,
    /** The last second of this week's Sunday. */
    EOW,
    /** The start of this month's first day. */
    SOM,
    /** The last second of this month. */
    EOM,
    /** The start of this year. */
    SOY,
    /** The last second of this year. */
    EOY
  }

  /** The next such weekday, strictly after today ({@code sat} on a Saturday is a week on). */
  record Weekday(DayOfWeek day) implements DateExpr {
    @Override
    public Moment resolve(Instant now, ZoneId zone) {
      return new Moment.Day(LocalDate.ofInstant(now, zone).with(TemporalAdjusters.next(day)));
    }

    @Override
    public Moment input(Instant now, ZoneId zone) {
      return resolve(now, zone);
    }
  }

  /**
   * A signed duration from now: {@code amount} of {@code unit}. Taskwarrior counts a month as 30
   * days and a year as 365.
   */
  record Offset(long amount, Unit unit) implements DateExpr {
    @Override
    public Moment resolve(Instant now, ZoneId zone) {
      return new Moment.At(now.plus(unit.length.multipliedBy(amount)));
    }

    @Override
    public Moment input(Instant now, ZoneId zone) {
      if (unit.length.toSeconds() % 86_400 != 0) {
        return resolve(now, zone);
      }
      return new Moment.Day(LocalDate.ofInstant(now, zone).plusDays(unit.length.toDays() * amount));
    }
  }

  /** Duration units, with the words that name them. */
  enum Unit {
    SECONDS(Duration.ofSeconds(1), "s", "sec", "secs", "second", "seconds"),
    MINUTES(Duration.ofMinutes(1), "min", "mins", "minute", "minutes"),
    HOURS(Duration.ofHours(1), "h", "hr", "hrs", "hour", "hours"),
    DAYS(Duration.ofDays(1), "d", "day", "days"),
    WEEKS(Duration.ofDays(7), "w", "wk", "wks", "week", "weeks"),
    MONTHS(Duration.ofDays(30), "m", "mo", "mos", "month", "months"),
    YEARS(Duration.ofDays(365), "y", "yr", "yrs", "year", "years");

    private final Duration length;
    private final List<String> words;

    Unit(Duration length, String... words) {
      this.length = length;
      this.words = List.of(words);
    }

    static Unit named(String word) {
      for (Unit u : values()) {
        if (u.words.contains(word)) {
          return u;
        }
      }
      return null;
    }
  }

  /** An ISO date: an all-day value. */
  record Date(LocalDate date) implements DateExpr {
    @Override
    public Moment resolve(Instant now, ZoneId zone) {
      return new Moment.Day(date);
    }

    @Override
    public Moment input(Instant now, ZoneId zone) {
      return resolve(now, zone);
    }
  }

  /** An ISO date-time: with {@code Z} or an offset it is exact; without, it is read in the person's zone. */
  record DateTime(LocalDateTime local, ZoneOffset offset) implements DateExpr {
    @Override
    public Moment resolve(Instant now, ZoneId zone) {
      return new Moment.At(offset == null ? local.atZone(zone).toInstant() : local.toInstant(offset));
    }

    @Override
    public Moment input(Instant now, ZoneId zone) {
      return resolve(now, zone);
    }
  }

  /** What {@link #parse} accepts, for error messages. */
  String ACCEPTED = "use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z], now, today, yesterday, tomorrow,"
      + " sod/eod, sow/eow, som/eom, soy/eoy, a weekday, or a duration such as +3d, -2w, 4h";

  /**
   * Reads what a person typed, in any case; a bad date is an {@link HephException.InvalidInput}
   * naming it and saying what is accepted.
   */
  static DateExpr parse(String text) {
    DateExpr e = tryParse(text);
    if (e == null) {
      throw new HephException.InvalidInput("bad date '" + text + "': " + ACCEPTED);
    }
    return e;
  }

  /** As {@link #parse}, or null when the text is not a date. */
  static DateExpr tryParse(String text) {
    return DateParser.parse(text);
  }
}
