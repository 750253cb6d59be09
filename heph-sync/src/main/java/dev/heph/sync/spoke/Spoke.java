package dev.heph.sync.spoke;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.HephException.SyncFailure.Kind;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Op;
import dev.heph.core.sync.LoggedOp;
import dev.heph.core.sync.Restamped;
import dev.heph.core.sync.SpokeStore;
import dev.heph.core.sync.SyncCursors;
import dev.heph.sync.Protocol;
import dev.heph.sync.wire.HubInfo;
import dev.heph.sync.wire.PullPage;
import dev.heph.sync.wire.PushAck;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A replica's side of sync: one {@link #sync()} checks that the hub's history still matches the
 * cursors, pulls every page after the pull cursor (each page and its cursor in one transaction),
 * then pushes its own ops after the push cursor in bounded batches, recording the cursor only
 * after the hub's acknowledgement. Any step may fail or be repeated: apply is idempotent and
 * cursors only move after what they cover is safely stored.
 */
public final class Spoke {
  /** A hub that keeps changing history under us mid-sync is given up on after this many resets. */
  private static final int MAX_RESETS = 3;

  private final Heph heph;
  private final SpokeStore store;
  private final HubClient hub;
  private final FaultPoint faults;
  private final int pageSize;
  private final long batchBytes;
  /** The clocks as of this exchange's {@code /sync/info}: the words of any clock-drift failure. */
  private ClockAdvice clocks;

  /** {@code pageSize}: ops per pull page (tests use small pages to exercise paging). */
  public Spoke(Heph heph, HubClient hub, FaultPoint faults, int pageSize) {
    this(heph, hub, faults, pageSize, APPLY_BATCH_BYTES);
  }

  /** {@code batchBytes}: ops of a page applied per transaction, in bytes (tests split pages finely). */
  public Spoke(Heph heph, HubClient hub, FaultPoint faults, int pageSize, long batchBytes) {
    this.heph = heph;
    this.store = heph.spokeStore();
    this.hub = hub;
    this.faults = faults;
    this.pageSize = pageSize;
    this.batchBytes = batchBytes;
  }

  public Spoke(Heph heph, HubClient hub) {
    this(heph, hub, FaultPoint.NONE, Protocol.PULL_PAGE);
  }

  /** One full exchange with the hub. Throws {@link HephException.SyncFailure} when it cannot finish. */
  public SyncReport sync() {
    return reported(() -> {
      HubInfo info = hub.info();
      clocks = reading(info);
      SyncReport pulled = pullPhase(info);
      int pushed = pushAll();
      return new SyncReport(pulled.hub(), pulled.pulled(), pulled.applied(), pushed, pulled.reset());
    });
  }

  /**
   * Recovery for a device whose clock once ran ahead: checks that this device's clock now agrees
   * with the hub's (else refuses, changing nothing), pulls so that the hub's position is known,
   * re-stamps this device's unacknowledged ops stamped beyond what the hub would take, then
   * pushes. Ops stamped within the hub's bound keep their stamps: the hub may hold them already
   * (an acknowledgement lost on the way), and a copy under a new stamp would be a duplicate.
   */
  public RestampReport restamp() {
    return reported(this::restampExchange);
  }

  private RestampReport restampExchange() {
    HubInfo info = hub.info();
    clocks = reading(info);
    if (clocks.deviceAhead()) {
      throw failure(Kind.CLOCK_AHEAD, clocks.restampRefused());
    }
    SyncReport pulled = pullPhase(info);
    // Whatever the hub took up to now is stamped at most its bound after its clock, which has
    // moved on by about as much as ours since it answered.
    long hubNow = clocks.hubMillis() + Math.max(0, heph.wallClock().millis() - clocks.deviceMillis());
    Restamped restamped;
    try {
      restamped = store.restamp(hubNow + ClockAdvice.HUB_BOUND_MILLIS);
    } catch (HephException.InvalidInput e) {
      throw failure(Kind.RESTAMP_REFUSED, e.getMessage());
    }
    int pushed = pushAll();
    return new RestampReport(new SyncReport(pulled.hub(), pulled.pulled(), pulled.applied(), pushed, pulled.reset()),
        restamped.ops(), restamped.nodes());
  }

  /** Checks the cursors against the hub (resetting them when its history changed) and pulls every page. */
  private SyncReport pullPhase(HubInfo info) {
    SyncCursors cursors = store.cursors();
    boolean reset = false;
    if (cursors.hubId() == null) {
      cursors = SyncCursors.fresh(info.hubId(), info.epoch(), false);
    } else if (!cursors.hubId().equals(info.hubId()) || !cursors.epoch().equals(info.epoch()) || !positionsHold(cursors)) {
      cursors = SyncCursors.fresh(info.hubId(), info.epoch(), true);
      reset = true;
    }
    store.saveCursors(cursors);
    int pulled = 0;
    int applied = 0;
    for (int attempt = 0; ; attempt++) {
      try {
        int[] counts = pullAll(cursors);
        pulled += counts[0];
        applied += counts[1];
        break;
      } catch (HubError.CursorMismatch e) {
        if (attempt >= MAX_RESETS) {
          throw failure(Kind.HISTORY_UNSTABLE, "hub " + hub.describe() + " keeps changing its history; try again later");
        }
        cursors = SyncCursors.fresh(info.hubId(), info.epoch(), true);
        store.saveCursors(cursors);
        reset = true;
      }
    }
    return new SyncReport(hub.describe(), pulled, applied, 0, reset);
  }

  /** This device's clock next to the hub's, as the hub just told it. */
  private ClockAdvice reading(HubInfo info) {
    long device = heph.wallClock().millis();
    try {
      return new ClockAdvice(device, Instant.parse(info.time()).toEpochMilli());
    } catch (DateTimeParseException e) {
      throw failure(Kind.BAD_RESPONSE, "hub " + hub.describe() + " reported its time as '" + info.time()
          + "', not an ISO-8601 instant");
    }
  }

  /** Asks the hub who it is; fails unless it answers as a heph hub speaking this protocol. */
  public HubInfo info() {
    return reported(hub::info);
  }

  /** Runs an exchange with the hub; a failure of the hub client is reported as a sync failure. */
  private static <T> T reported(Supplier<T> exchange) {
    try {
      return exchange.get();
    } catch (HubError e) {
      throw new HephException.SyncFailure(e.kind(), e.getMessage(), e.getCause());
    }
  }

  /** Checks, without moving anything, that the hub still holds what both cursors point at. */
  private boolean positionsHold(SyncCursors c) {
    return holds(c.pullSeq(), c.pullHlc()) && holds(c.ackSeq(), c.ackHlc());
  }

  private boolean holds(long seq, String hlc) {
    return seq == 0 || hub.holds(new HubClient.Cursor(seq, hlc));
  }

  /**
   * Pulls pages until the hub has no more; returns {pulled, applied}. A page is read as it
   * arrives and applied in batches of about {@code batchBytes}; its last batch and the cursor are
   * written in one transaction, so the cursor moves only once the whole page is stored (a page cut
   * short leaves some of its ops stored, which the next pull brings again, harmlessly). Pages are
   * read on a thread of their own ({@link PageReader}), the next one while this one's last batch
   * is stored, so the network and the disk work at the same time.
   */
  private int[] pullAll(SyncCursors start) {
    int[] counts = new int[2];
    long seq = start.pullSeq();
    try (PageReader pages = new PageReader((after, at, earlier) -> hub.pull(new HubClient.Cursor(after, at), pageSize,
        new HubClient.Batches(batchBytes, earlier)), seq, start.pullHlc())) {
      while (true) {
        switch (pages.next()) {
          case PageReader.Batch(List<Op> ops) -> {
            counts[0] += ops.size();
            counts[1] += applied(() -> store.applyPulled(ops, start.hubId()), ops);
          }
          case PageReader.Failed(Throwable error) -> throw rethrown(error);
          case PageReader.End(PullPage page) -> {
            if (page.ops().isEmpty()) {
              return counts;
            }
            if (page.next() <= seq) {
              throw failure(Kind.BAD_RESPONSE, "hub " + hub.describe() + " answered a page that does not advance the cursor");
            }
            String pageHlc = page.ops().getLast().hlc().toString();
            long pageSeq = page.next();
            if (page.more()) {
              pages.readNext(pageSeq, pageHlc);
            }
            counts[0] += page.ops().size();
            counts[1] += applied(() -> store.applyPage(page.ops(), start.hubId(), pageSeq, pageHlc,
                () -> faults.reached(FaultPoint.PULL_APPLIED)), page.ops());
            if (!page.more()) {
              return counts;
            }
            seq = pageSeq;
          }
        }
      }
    }
  }

  /** Applies pulled {@code ops}; one refused for its clock is reported in words that say whose clock looks wrong. */
  private int applied(IntSupplier apply, List<Op> ops) {
    try {
      return apply.getAsInt();
    } catch (HephException.ClockDrift e) {
      Hlc latest = ops.stream().map(Op::hlc).max(Hlc::compareTo).orElseThrow();
      long ahead = latest.millis() - heph.wallClock().millis();
      throw new HephException.ClockDrift(clocks.pullRefused(latest.origin(), latest.toString(), ahead), ahead);
    }
  }

  /** A failure of the page reader's thread, thrown again as it was. */
  private static RuntimeException rethrown(Throwable error) {
    return switch (error) {
      case Error e -> throw e;
      case RuntimeException e -> e;
      default -> new IllegalStateException(error);
    };
  }

  /**
   * Ops of a page held in memory at once, in bytes of their JSON: a page of any size (an older hub
   * bounds pages by count only) goes through a small heap.
   */
  public static final long APPLY_BATCH_BYTES = 1 << 20;

  /** Pushes this replica's ops past the push cursor in bounded batches; returns how many. */
  private int pushAll() {
    int pushed = 0;
    while (true) {
      SyncCursors cursors = store.cursors();
      // At most MAX_PUSH_OPS ops and about PUSH_BATCH_BYTES bytes, read from the log no further
      // than that: a thousand maximum-size ops would not fit a small heap.
      List<LoggedOp> batch = store.pending(cursors, Protocol.MAX_PUSH_OPS, Protocol.PUSH_BATCH_BYTES);
      if (batch.isEmpty()) {
        // Nothing is left: the push cursor moves to the log's end, so the next sync does not scan
        // the pulled ops again (a replica that only pulls would otherwise rescan its whole history).
        store.finishPush();
        return pushed;
      }
      PushAck ack;
      try {
        ack = hub.push(batch);
      } catch (HubError.Refused e) {
        if (!e.clockDrift()) {
          throw e;
        }
        throw failure(Kind.HUB_REFUSED, "hub " + hub.describe() + " refused the push (clock_drift): "
            + clocks.pushRefused(batch.stream().mapToLong(Spoke::stampedMillis).max().orElseThrow(),
                stampedMillis(cursors.pullHlc())));
      }
      if (ack.seq() <= 0 || batch.stream().noneMatch(row -> row.hlc().equals(ack.hlc()))) {
        throw failure(Kind.BAD_RESPONSE, "hub " + hub.describe() + " acknowledged op " + ack.hlc()
            + ", which is not in the batch sent");
      }
      faults.reached(FaultPoint.PUSH_ACKED);
      long localSeq = batch.getLast().seq();
      store.recordAck(localSeq, ack.seq(), ack.hlc(), ack.base());
      pushed += batch.size();
    }
  }

  /** The wall-clock part of an hlc text (0 for none). */
  private static long stampedMillis(String hlc) {
    return hlc == null ? 0 : Hlc.parse(hlc).millis();
  }

  private static long stampedMillis(LoggedOp row) {
    return stampedMillis(row.hlc());
  }

  private static HephException.SyncFailure failure(Kind kind, String message) {
    return new HephException.SyncFailure(kind, message, null);
  }
}
