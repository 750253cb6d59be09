package dev.heph.core.clock;

import dev.heph.core.HephException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Issues HLC readings for one device and vets readings received from others.
 *
 * <p>The clock keeps no state of its own: the caller passes the greatest HLC it has stored (the
 * op log's maximum, read inside the write transaction). That makes readings unique and monotonic
 * across processes sharing one database, and makes every received op advance the clock as soon as
 * it is stored, with no separate "receive" bookkeeping to forget.
 */
public final class HybridClock {

  /** How far ahead of our wall clock a received reading may be, unless configured otherwise. */
  public static final Duration DEFAULT_MAX_DRIFT = Duration.ofMinutes(5);

  private final String origin;
  private final LongSupplier wallMillis;
  private final long maxDriftMillis;

  public HybridClock(String origin, LongSupplier wallMillis, Duration maxDrift) {
    if (!Hlc.isOrigin(origin)) {
      throw new IllegalArgumentException("origin must be 16 lowercase hex digits: " + origin);
    }
    this.origin = origin;
    this.wallMillis = wallMillis;
    this.maxDriftMillis = maxDrift.toMillis();
  }

  public String origin() {
    return origin;
  }

  /**
   * The next reading after {@code latestSeen} (null when nothing was seen): the wall clock when it
   * is ahead, else the same millis with the counter bumped. A wall clock that steps back never
   * makes readings go back.
   */
  public Hlc next(Hlc latestSeen) {
    long now = wallMillis.getAsLong();
    if (latestSeen == null || now > latestSeen.millis()) {
      return new Hlc(now, 0, origin);
    }
    if (latestSeen.counter() < Hlc.MAX_COUNTER) {
      return new Hlc(latestSeen.millis(), latestSeen.counter() + 1, origin);
    }
    return new Hlc(latestSeen.millis() + 1, 0, origin);
  }

  /**
   * Refuses a received reading too far ahead of this machine's clock: accepting it would drag
   * every later local reading forward with it.
   */
  public void vet(Hlc received) {
    long ahead = received.millis() - wallMillis.getAsLong();
    if (ahead > maxDriftMillis) {
      throw new HephException.ClockDrift(
          "clock of device " + received.origin() + " is " + describe(ahead) + " ahead of this machine's"
              + " (op " + received + "; at most " + describe(maxDriftMillis) + " is accepted)",
          ahead);
    }
  }

  static String describe(long millis) {
    Duration d = Duration.ofMillis(millis);
    if (d.toDays() >= 2) {
      return d.toDays() + " days";
    }
    if (d.toHours() >= 2) {
      return d.toHours() + " hours";
    }
    if (d.toMinutes() >= 2) {
      return d.toMinutes() + " minutes";
    }
    return String.format("%.1f seconds", millis / 1000.0);
  }
}
