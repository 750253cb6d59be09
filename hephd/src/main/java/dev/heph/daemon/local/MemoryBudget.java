package dev.heph.daemon.local;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes that all clients together may hold in requests not yet answered; a take beyond it fails. */
final class MemoryBudget {
  private final long max;
  private final AtomicLong used = new AtomicLong();

  MemoryBudget(long max) {
    this.max = max;
  }

  /** Takes {@code bytes} if they fit, else takes nothing and returns false. */
  boolean tryTake(long bytes) {
    while (true) {
      long now = used.get();
      if (now + bytes > max) {
        return false;
      }
      if (used.compareAndSet(now, now + bytes)) {
        return true;
      }
    }
  }

  void give(long bytes) {
    used.addAndGet(-bytes);
  }

  long max() {
    return max;
  }
}
