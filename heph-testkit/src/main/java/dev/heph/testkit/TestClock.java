package dev.heph.testkit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A wall clock the test sets and moves by hand (also backwards), for {@code Heph.Options} and the hub. */
public final class TestClock extends Clock {
  private long millis;

  public TestClock(long millis) {
    this.millis = millis;
  }

  public TestClock(Instant at) {
    this(at.toEpochMilli());
  }

  public void set(long millis) {
    this.millis = millis;
  }

  public void advance(long deltaMillis) {
    this.millis += deltaMillis;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("test clock is UTC only");
  }
}
