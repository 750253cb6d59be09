package dev.heph.core.clock;

import dev.heph.core.HephException;
import java.time.Instant;

/**
 * A hybrid logical clock reading: wall-clock millis, a logical counter and the origin device.
 *
 * <p>Its text form is fixed width ({@code 001764028800123-00000-9f3a6c01d2e4b758}) so that string
 * order equals clock order; that text is also the identity of the op stamped with it.
 */
public record Hlc(long millis, int counter, String origin) implements Comparable<Hlc> {

  /** Width of the text form: 15 digits, dash, 5 digits, dash, 16 hex digits. */
  public static final int TEXT_LENGTH = 15 + 1 + 5 + 1 + 16;

  public static final long MAX_MILLIS = 999_999_999_999_999L;
  public static final int MAX_COUNTER = 99_999;

  public Hlc {
    if (millis < 0 || millis > MAX_MILLIS) {
      throw new IllegalArgumentException("hlc millis out of range: " + millis);
    }
    if (counter < 0 || counter > MAX_COUNTER) {
      throw new IllegalArgumentException("hlc counter out of range: " + counter);
    }
    if (!isOrigin(origin)) {
      throw new IllegalArgumentException("hlc origin must be 16 lowercase hex digits: " + origin);
    }
  }

  /** Parses the fixed-width text form, refusing anything else with a message naming the text. */
  public static Hlc parse(String text) {
    if (text == null || text.length() != TEXT_LENGTH || text.charAt(15) != '-' || text.charAt(21) != '-') {
      throw new HephException.InvalidOp("bad hlc '" + text + "': expected 15 digits-5 digits-16 hex digits");
    }
    long millis = 0;
    for (int i = 0; i < 15; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new HephException.InvalidOp("bad hlc '" + text + "': millis must be digits");
      }
      millis = millis * 10 + (c - '0');
    }
    int counter = 0;
    for (int i = 16; i < 21; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new HephException.InvalidOp("bad hlc '" + text + "': counter must be digits");
      }
      counter = counter * 10 + (c - '0');
    }
    String origin = text.substring(22);
    if (!isOrigin(origin)) {
      throw new HephException.InvalidOp("bad hlc '" + text + "': origin must be 16 lowercase hex digits");
    }
    return new Hlc(millis, counter, origin);
  }

  /** True when {@code s} is a device id: exactly 16 lowercase hex digits. */
  public static boolean isOrigin(String s) {
    if (s == null || s.length() != 16) {
      return false;
    }
    for (int i = 0; i < 16; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The wall-clock part as an instant. */
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public int compareTo(Hlc other) {
    int byMillis = Long.compare(millis, other.millis);
    if (byMillis != 0) {
      return byMillis;
    }
    int byCounter = Integer.compare(counter, other.counter);
    return byCounter != 0 ? byCounter : origin.compareTo(other.origin);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(TEXT_LENGTH);
    String m = Long.toString(millis);
    sb.repeat('0', 15 - m.length()).append(m).append('-');
    String c = Integer.toString(counter);
    sb.repeat('0', 5 - c.length()).append(c).append('-').append(origin);
    return sb.toString();
  }
}
