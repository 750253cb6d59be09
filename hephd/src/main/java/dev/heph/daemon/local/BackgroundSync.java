package dev.heph.daemon.local;

import dev.heph.core.CheckReport;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.sync.SyncService;
import dev.heph.sync.SyncStatus;
import dev.heph.sync.spoke.HubTrust;
import dev.heph.sync.spoke.SyncReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a device in sync without being asked: every interval, about a second after any local
 * change (an RPC write, or a CLI write noticed through SQLite's data version), and with
 * exponential back-off while the hub cannot be reached. The back-off is cut short when the hub
 * answers again: while waiting it out after the hub could not be reached, it asks the hub every
 * {@link #PROBE_EVERY} whether it answers ({@code GET /sync/info}, which moves nothing) and syncs
 * as soon as it does; {@code sync.now} syncs at once whatever the back-off. It has its own
 * database connection, so network waits never hold up RPC calls.
 *
 * <p>It also runs SQLite's quick check at start and then daily: damage found (or reported by
 * SQLite to any process) is remembered beside the database, and a replica known to be damaged is
 * not synced (see {@link SyncService}); syncing resumes by itself once a full {@code heph check}
 * passes.
 *
 * <p>Locks: {@code syncing} lets one sync (or check) run at a time; {@code lock} guards the
 * schedule and every status field, which the sync thread and the RPC threads asking for a status
 * read and write only while holding it.
 */
public final class BackgroundSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("heph.sync");
  private static final Duration AFTER_CHANGE = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  /** How often a daemon backing off from an unreachable hub asks whether it answers again. */
  static final Duration PROBE_EVERY = Duration.ofSeconds(1);
  /** How often the quick check runs (it reads every page: about 25 ms for 10,000 nodes). */
  private static final Duration QUICK_CHECK_EVERY = Duration.ofDays(1);

  private final Heph heph;
  private final SyncService service;
  private final String hubUrl;
  private final Duration interval;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final ReentrantLock syncing = new ReentrantLock();
  private volatile boolean stopped;
  private Thread thread;

  // Touched only while holding syncing (by whichever thread runs the sync or the check).
  private Instant nextCheck = Instant.now();
  /** The damage reported last, so that it is logged once, not at every due sync. */
  private String damageLogged;
  private long dataVersion;

  // Guarded by lock.
  private Instant nextDue = Instant.now();
  private Instant lastCheck;
  private Instant lastAttempt;
  private Instant lastSuccess;
  private String lastError;
  private int failures;
  /** A change arrived while a sync ran: the next sync follows soon, not an interval later. */
  private boolean changedDuringSync;
  /**
   * The last sync found the hub unreachable: ask it every {@link #PROBE_EVERY} whether it answers
   * again. Off after a sync that a probe started fails the same way (the hub answers its info but
   * not a sync): that one waits its back-off out, so a half-working hub is not asked every second.
   */
  private boolean probing;
  private boolean probeStarted;
  private Instant nextProbe = Instant.now();

  /**
   * {@code hubUrl} null: use the one remembered in the database (none: no background sync);
   * {@code trust}: the certificates an {@code https://} hub may present (null: as {@code heph login} kept them).
   */
  public BackgroundSync(Heph heph, String hubUrl, HubTrust trust, Duration interval) {
    this.heph = heph;
    this.service = new SyncService(heph, trust);
    this.hubUrl = hubUrl;
    this.interval = interval;
  }

  public void start() {
    dataVersion = heph.dataVersion();
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
            if (!Instant.now().isBefore(nextCheck)) {
              quickCheck();
            }
            long version = heph.dataVersion();
            if (version != dataVersion) {
              dataVersion = version;
              changed();
            }
            if (probeDue() && service.hubAnswers(hubUrl)) {
              hubAnswersAgain();
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

  /** Whether to ask the hub now whether it answers again: backing off from an unreachable one, a probe interval on. */
  private boolean probeDue() {
    lock.lock();
    try {
      Instant now = Instant.now();
      if (!probing || now.isBefore(nextProbe) || !now.isBefore(nextDue) || stopped) {
        return false;
      }
      nextProbe = now.plus(PROBE_EVERY);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The hub answers again: the back-off ends, the sync runs now. */
  private void hubAnswersAgain() {
    int failed;
    lock.lock();
    try {
      failed = failures;
      probeStarted = true;
      nextDue = Instant.now();
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    LOG.info("hub answers again after {} failed syncs; syncing now", failed);
  }

  /** SQLite's quick check on this connection; damage found is recorded (by the store) and logged. */
  private void quickCheck() {
    long t0 = System.nanoTime();
    nextCheck = Instant.now().plus(QUICK_CHECK_EVERY); // a check that fails to run is not retried in a loop
    List<CheckReport.Problem> problems = heph.quickCheck();
    lock.lock();
    try {
      lastCheck = Instant.now();
    } finally {
      lock.unlock();
    }
    if (problems.isEmpty()) {
      LOG.info("quick check of {}: ok ({} ms)", heph.path(), (System.nanoTime() - t0) / 1_000_000);
    } else {
      LOG.error("quick check of {} found damage; not syncing it any more: {}", heph.path(),
          problems.getFirst().message());
    }
  }

  /** Runs one sync now (waiting for one in progress), records the outcome, schedules the next. */
  public SyncReport syncNow() {
    syncing.lock();
    try {
      lock.lock();
      try {
        changedDuringSync = false;
        lastAttempt = Instant.now();
      } finally {
        lock.unlock();
      }
      SyncReport report = service.sync(hubUrl);
      damageLogged = null;
      lock.lock();
      try {
        lastSuccess = Instant.now();
        lastError = null;
        failures = 0;
        probing = false;
        probeStarted = false;
        schedule(changedDuringSync ? AFTER_CHANGE : interval);
      } finally {
        lock.unlock();
      }
      if (report.pulled() + report.pushed() > 0 || report.reset()) {
        // In a person's words, as heph sync says it: a change is one op on the wire.
        LOG.info("synced with {}: pulled {} ({} new), pushed {}{}", report.hub(), changes(report.pulled()),
            report.applied(), changes(report.pushed()), report.reset() ? ", after a reset" : "");
      }
      return report;
    } catch (HephException.InvalidInput e) {
      failed(e.getMessage(), false); // no hub configured (or a bad URL): nothing to back off from
      probeAfter(e);
      throw e;
    } catch (HephException e) {
      if (heph.knownDamage().isPresent()) {
        // Known damage: nothing to wait out, so no back-off; and one log line, not one per due sync.
        failed(e.getMessage(), false);
        probeAfter(e);
        if (!e.getMessage().equals(damageLogged)) {
          damageLogged = e.getMessage();
          LOG.error("not syncing: {}", e.getMessage());
        }
        throw e;
      }
      int attempt = failed(e.getMessage(), true);
      probeAfter(e);
      Duration backoff = backoff(attempt);
      LOG.warn("sync failed (attempt {}, next in {} s): {}", attempt, backoff.toSeconds(), e.getMessage());
      throw e;
    } finally {
      syncing.unlock();
    }
  }

  private static String changes(long n) {
    return n + (n == 1 ? " change" : " changes");
  }

  /**
   * Records a failed sync and schedules the next: after the interval, or ({@code backOff}) after a
   * delay that doubles with each failure in a row. Returns how many failures in a row there were.
   */
  private int failed(String error, boolean backOff) {
    lock.lock();
    try {
      lastError = error;
      if (backOff) {
        failures++;
      }
      schedule(backOff ? backoff(failures) : interval);
      return failures;
    } finally {
      lock.unlock();
    }
  }

  /**
   * After a failed sync: probe the hub while backing off if it could not be reached, unless a probe
   * started this very sync (then the hub answered its info but not the sync: wait the back-off out).
   */
  private void probeAfter(HephException e) {
    boolean unreachable = e instanceof HephException.SyncFailure f && f.kind() == HephException.SyncFailure.Kind.HUB_UNREACHABLE;
    lock.lock();
    try {
      probing = unreachable && !probeStarted;
      probeStarted = false;
      nextProbe = Instant.now().plus(PROBE_EVERY);
    } finally {
      lock.unlock();
    }
  }

  /** The wait after the {@code attempt}th failure in a row: 1 s, doubling, at most {@link #MAX_BACKOFF}. */
  private static Duration backoff(int attempt) {
    Duration backoff = Duration.ofSeconds(1L << Math.min(attempt - 1, 16));
    return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
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
          hubUrl == null && stored.hubUrl() == null ? null : nextDue, lastCheck, heph.knownDamage().orElse(null));
    } finally {
      lock.unlock();
    }
  }

  /** Background sync's state; {@code damaged} is why the replica is known to be damaged (null: it is not). */
  public record Status(String hubUrl, SyncStatus stored, Instant lastAttempt, Instant lastSuccess, String lastError,
      int failures, Instant nextSync, Instant lastCheck, String damaged) {}

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
