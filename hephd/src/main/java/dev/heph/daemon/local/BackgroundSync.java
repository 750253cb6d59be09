package dev.heph.daemon.local;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.sync.SyncService;
import dev.heph.sync.SyncStatus;
import dev.heph.sync.spoke.SyncReport;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a device in sync without being asked: every interval, about a second after any local
 * change (an RPC write, or a CLI write noticed through SQLite's data version), and with
 * exponential back-off while the hub cannot be reached. It has its own database connection, so
 * network waits never hold up RPC calls.
 */
public final class BackgroundSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("heph.sync");
  private static final Duration AFTER_CHANGE = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final Heph heph;
  private final SyncService service;
  private final String hubUrl;
  private final Duration interval;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final ReentrantLock syncing = new ReentrantLock();
  private volatile boolean stopped;
  private Thread thread;

  private Instant nextDue = Instant.now();
  private Instant lastAttempt;
  private Instant lastSuccess;
  private String lastError;
  private int failures;
  private long dataVersion;
  /** A change arrived while a sync ran: the next sync follows soon, not an interval later. */
  private boolean changedDuringSync;

  /** {@code hubUrl} null: use the one remembered in the database (none: no background sync). */
  public BackgroundSync(Heph heph, String hubUrl, Duration interval) {
    this.heph = heph;
    this.service = new SyncService(heph);
    this.hubUrl = hubUrl;
    this.interval = interval;
  }

  public void start() {
    dataVersion = heph.store().dataVersion();
    thread = Thread.ofPlatform().daemon().name("hephd-sync").start(this::loop);
  }

  /** A local change happened: sync soon (unless backing off from a dead hub). */
  public void changed() {
    lock.lock();
    try {
      changedDuringSync = true;
      Instant soon = Instant.now().plus(AFTER_CHANGE);
      if (failures == 0 && soon.isBefore(nextDue)) {
        nextDue = soon;
        wake.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (!stopped) {
      try {
        if (syncing.tryLock()) { // the connection is the sync's while one runs
          try {
            long version = heph.store().dataVersion();
            if (version != dataVersion) {
              dataVersion = version;
              changed();
            }
          } finally {
            syncing.unlock();
          }
        }
        boolean due;
        lock.lock();
        try {
          due = !Instant.now().isBefore(nextDue);
          if (!due) {
            wake.awaitNanos(Math.min(POLL.toNanos(), Duration.between(Instant.now(), nextDue).toNanos()));
          }
        } finally {
          lock.unlock();
        }
        if (due && !stopped) {
          try {
            syncNow();
          } catch (HephException e) {
            // recorded in the status; the next attempt is already scheduled
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("background sync loop: {}", e.toString());
        schedule(interval);
      }
    }
  }

  /** Runs one sync now (waiting for one in progress), records the outcome, schedules the next. */
  public SyncReport syncNow() {
    syncing.lock();
    try {
      lock.lock();
      try {
        changedDuringSync = false;
      } finally {
        lock.unlock();
      }
      lastAttempt = Instant.now();
      SyncReport report = service.sync(hubUrl);
      lastSuccess = Instant.now();
      lastError = null;
      failures = 0;
      lock.lock();
      try {
        schedule(changedDuringSync ? AFTER_CHANGE : interval);
      } finally {
        lock.unlock();
      }
      if (report.pulled() + report.pushed() > 0 || report.reset()) {
        LOG.info("synced with {}: pulled {} ({} new), pushed {}{}", report.hub(), report.pulled(), report.applied(),
            report.pushed(), report.reset() ? ", after a reset" : "");
      }
      return report;
    } catch (HephException.InvalidInput e) {
      lastError = e.getMessage(); // no hub configured (or a bad URL): nothing to back off from
      schedule(interval);
      throw e;
    } catch (HephException e) {
      failures++;
      lastError = e.getMessage();
      Duration backoff = Duration.ofSeconds(1L << Math.min(failures - 1, 16));
      schedule(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
      LOG.warn("sync failed (attempt {}, next in {} s): {}", failures, backoff.compareTo(MAX_BACKOFF) > 0
          ? MAX_BACKOFF.toSeconds() : backoff.toSeconds(), e.getMessage());
      throw e;
    } finally {
      syncing.unlock();
    }
  }

  private void schedule(Duration after) {
    lock.lock();
    try {
      nextDue = Instant.now().plus(after);
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The status as sync.status reports it; {@code stored} (cursors, backlog) is read by the caller
   * on its own connection, so a status never waits for a sync in progress.
   */
  public Status status(SyncStatus stored) {
    lock.lock();
    try {
      return new Status(hubUrl != null ? hubUrl : stored.hubUrl(), stored, lastAttempt, lastSuccess, lastError, failures,
          hubUrl == null && stored.hubUrl() == null ? null : nextDue);
    } finally {
      lock.unlock();
    }
  }

  /** Background sync's state. */
  public record Status(String hubUrl, SyncStatus stored, Instant lastAttempt, Instant lastSuccess, String lastError,
      int failures, Instant nextSync) {}

  @Override
  public void close() {
    stopped = true;
    service.abort(); // a hub that takes its time must not hold up the daemon's stop
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    heph.close();
  }
}
