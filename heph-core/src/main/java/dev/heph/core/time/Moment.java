package dev.heph.core.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * A point in time as heph stores it: an all-day {@link Day} (ISO {@code YYYY-MM-DD}, zone-free)
 * or an exact {@link At} (a UTC instant with seconds, {@code YYYY-MM-DDTHH:MM:SSZ}). Where an exact
 * time is needed, a day stands for its first second in the person's zone, as in Taskwarrior.
 */
public sealed interface Moment {

  /** The stored text: {@code 2026-12-01} or {@code 2026-12-01T10:00:00Z}. */
  String text();

  /** The instant this moment stands for in {@code zone}: a day's start there, or the instant itself. */
  Instant start(ZoneId zone);

  /** The day this moment falls on in {@code zone}. */
  LocalDate day(ZoneId zone);

  /** An all-day value. */
  record Day(LocalDate date) implements Moment {
    @Override
    public String text() {
      return date.toString();
    }

    @Override
    public Instant start(ZoneId zone) {
      return date.atStartOfDay(zone).toInstant();
    }

    @Override
    public LocalDate day(ZoneId zone) {
      return date;
    }
  }

  /** An exact time, whole seconds (finer parts are dropped: heph stores seconds, as Taskwarrior does). */
  record At(Instant instant) implements Moment {
    public At {
      instant = instant.truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public String text() {
      return instant.toString();
    }

    @Override
    public Instant start(ZoneId zone) {
      return instant;
    }

    @Override
    public LocalDate day(ZoneId zone) {
      return LocalDate.ofInstant(instant, zone);
    }
  }

  /** Reads a stored moment (either form); null for null. */
  static Moment parse(String stored) {
    if (stored == null) {
      return null;
    }
    return stored.length() == 10 ? new Day(LocalDate.parse(stored)) : new At(Instant.parse(stored));
  }
}
