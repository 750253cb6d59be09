package dev.heph.core;

import dev.heph.core.op.Field;
import dev.heph.core.op.Moments;
import dev.heph.core.text.Unicode;
import dev.heph.core.time.DateExpr;
import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * Turns what a person types into field values, with errors that say what is accepted. Shared by
 * every front end (CLI, RPC) so that all accept the same words. Free text must be valid Unicode
 * ({@link Unicode}): this is where a program's bad string is refused, naming the field.
 */
public final class Inputs {
  private Inputs() {}

  /** True for the words that unset an optional field. */
  public static boolean isUnset(String s) {
    return s.isEmpty() || s.equalsIgnoreCase("none");
  }

  /**
   * A due date: ISO {@code 2026-12-01}, {@code today}, {@code tomorrow}, {@code +3d}/{@code +2w},
   * or a weekday name (the next one after today).
   */
  public static String dueDate(String s, LocalDate today) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.equals("today")) {
        return today.toString();
      }
      if (t.equals("tomorrow")) {
        return today.plusDays(1).toString();
      }
      if (t.matches("\\+\\d{1,4}[dw]")) {
        int n = Integer.parseInt(t.substring(1, t.length() - 1));
        return (t.endsWith("w") ? today.plusWeeks(n) : today.plusDays(n)).toString();
      }
      for (DayOfWeek day : DayOfWeek.values()) {
        String name = day.name().toLowerCase(Locale.ROOT);
        if (t.length() >= 3 && name.startsWith(t)) {
          return today.with(TemporalAdjusters.next(day)).toString();
        }
      }
      if (t.length() == 10) {
        return LocalDate.parse(t).toString();
      }
    } catch (DateTimeParseException e) {
      // fall through to the message below
    }
    throw new HephException.InvalidInput("bad date '" + s
        + "': use YYYY-MM-DD (e.g. 2026-12-01), today, tomorrow, +3d, +2w or a weekday");
  }

  /**
   * A moment as a person types it, in its stored form ({@link Moments}): what names a day
   * ({@code 2026-12-01}, {@code today}, {@code fri}, {@code +3d}) gives an all-day date; an ISO
   * date-time ({@code 2026-12-01T09:30}, seconds optional, {@code T} or a space) is in the
   * person's zone unless it carries an offset or {@code Z}, and is stored as the UTC instant, as
   * are {@code now}, {@code eod}, {@code eom}, {@code 4h}. The grammar is {@link DateExpr}'s.
   */
  public static String moment(String s, ZonedDateTime now) {
    return DateExpr.parse(s).input(now.toInstant(), now.getZone()).text();
  }

  /** A project: dot-separated names without spaces ({@code Home.Garden}). */
  public static String project(String s) {
    String p = Unicode.requireValid("project", s).strip();
    if (!Field.isProject(p)) {
      throw new HephException.InvalidInput("bad project '" + s
          + "': use names without spaces, separated by dots (e.g. Home.Garden)");
    }
    return text("project", p);
  }

  /** A UDA name: one word without '=' (e.g. estimate). */
  public static String udaKey(String s) {
    String k = Unicode.requireValid("uda name", s).strip();
    if (!Field.isUdaKey(k)) {
      throw new HephException.InvalidInput("bad uda name '" + s + "': use one word without spaces or '='");
    }
    return text("uda name", k);
  }

  /** An annotation's text: not blank, valid Unicode, at most {@link Field#MAX_TEXT} chars. */
  public static String annotation(String s) {
    String t = text("annotation", s);
    if (t == null || t.isBlank()) {
      throw new HephException.InvalidInput("annotation must not be empty");
    }
    return t.strip();
  }

  /** A priority: H, M or L, in any case. */
  public static String priority(String s) {
    String p = s.strip().toUpperCase(Locale.ROOT);
    if (!Field.PRIORITIES.contains(p)) {
      throw new HephException.InvalidInput("bad priority '" + s + "': use H, M or L");
    }
    return p;
  }

  /** A task status: open, doing, done or cancelled. */
  public static String status(String s) {
    String st = s.strip().toLowerCase(Locale.ROOT);
    if (!Field.STATUSES.contains(st)) {
      throw new HephException.InvalidInput("bad status '" + s + "': use open, doing, done or cancelled");
    }
    return st;
  }

  /** A node kind: task or note. */
  public static String kind(String s) {
    String k = s.strip().toLowerCase(Locale.ROOT);
    if (!k.equals("task") && !k.equals("note")) {
      throw new HephException.InvalidInput("bad kind '" + s + "': use task or note");
    }
    return k;
  }

  /** A title: not blank, one line, valid Unicode. */
  public static String title(String s) {
    Unicode.requireValid("title", s);
    if (s == null || s.isBlank()) {
      throw new HephException.InvalidInput("title must not be empty");
    }
    if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
      throw new HephException.InvalidInput("title must be one line; put longer text in the body");
    }
    if (s.length() > MAX_TITLE) {
      throw new HephException.InvalidInput("title is " + s.length() + " characters long; at most " + MAX_TITLE
          + " are allowed (put longer text in the body)");
    }
    return s.strip();
  }

  /** Longest title, in chars. */
  public static final int MAX_TITLE = 1000;

  /** A body (or any free text): valid Unicode, at most {@link Field#MAX_TEXT} chars. */
  public static String text(String what, String s) {
    Unicode.requireValid(what, s);
    if (s != null && s.length() > Field.MAX_TEXT) {
      throw new HephException.InvalidInput(what + " is " + s.length() + " characters long; at most " + Field.MAX_TEXT
          + " are allowed");
    }
    return s;
  }

  /** A tag: not blank, no whitespace or commas, at most {@link Field#MAX_TEXT} chars. */
  public static String tag(String s) {
    String t = Unicode.requireValid("tag", s).strip();
    if (t.startsWith("+")) {
      t = t.substring(1);
    }
    if (t.isEmpty() || !t.chars().noneMatch(c -> Character.isWhitespace(c) || c == ',')) {
      throw new HephException.InvalidInput("bad tag '" + s + "': tags are single words without commas");
    }
    return text("tag", t);
  }

  /** A link type: a non-blank word, at most {@link Field#MAX_TEXT} chars. */
  public static String linkType(String s) {
    String t = Unicode.requireValid("link type", s).strip();
    if (t.isEmpty() || t.chars().anyMatch(Character::isWhitespace)) {
      throw new HephException.InvalidInput("bad link type '" + s + "': use a single word such as 'blocks'");
    }
    return text("link type", t);
  }
}
