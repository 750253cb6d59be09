package dev.heph.daemon;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down an address that keeps failing to authenticate. Each address may fail
 * {@link Limits#burst} times freely; the allowance comes back at one failure per
 * {@link Limits#refill}. An address that has used it up waits {@link Limits#delay} before each
 * of its requests is checked at all (successful ones too, so a client cannot skip the wait by
 * giving up early on a slow answer). The wait is bounded and holds only that request's virtual
 * thread. IPv6 addresses count per /64 (what one host usually owns). At most
 * {@link Limits#maxAddresses} addresses are tracked; the least recently seen is forgotten first.
 * Behind a reverse proxy every client shares the proxy's address, so one failing client slows
 * the others: that is the price of not trusting a forwarded-for header anyone can write.
 */
final class AuthThrottle {
  /** The bounds; see the class comment. */
  record Limits(int burst, Duration refill, Duration delay, int maxAddresses) {}

  /** An address's remaining allowance of failures, as of {@code atNanos}. */
  private static final class Bucket {
    double left;
    long atNanos;

    Bucket(int burst, long now) {
      left = burst;
      atNanos = now;
    }
  }

  private final Limits limits;
  private final Map<Object, Bucket> buckets;

  AuthThrottle(Limits limits) {
    this.limits = limits;
    this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Object, Bucket> eldest) {
        return size() > limits.maxAddresses();
      }
    };
  }

  /** Waits, when {@code address} has no failures left, before its request is checked. */
  void awaitTurn(InetAddress address) throws InterruptedException {
    boolean spent;
    synchronized (this) {
      Bucket bucket = buckets.get(key(address));
      spent = bucket != null && refilled(bucket) < 1;
    }
    if (spent) {
      Thread.sleep(limits.delay());
    }
  }

  /** Counts a failed check from {@code address}. */
  synchronized void failed(InetAddress address) {
    Bucket bucket = buckets.computeIfAbsent(key(address), k -> new Bucket(limits.burst(), System.nanoTime()));
    bucket.left = Math.max(0, refilled(bucket) - 1);
  }

  /** How many addresses are tracked (for tests). */
  synchronized int tracked() {
    return buckets.size();
  }

  private double refilled(Bucket bucket) {
    long now = System.nanoTime();
    double gained = (double) (now - bucket.atNanos) / limits.refill().toNanos();
    bucket.left = Math.min(limits.burst(), bucket.left + gained);
    bucket.atNanos = now;
    return bucket.left;
  }

  private static Object key(InetAddress address) {
    if (address instanceof Inet6Address v6 && !v6.isLoopbackAddress()) {
      return Arrays.toString(Arrays.copyOf(v6.getAddress(), 8)); // its /64
    }
    return address;
  }
}
