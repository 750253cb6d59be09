package dev.heph.sync.spoke;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Op;
import dev.heph.core.store.LogRestamp;
import dev.heph.core.store.OpLog;
import dev.heph.core.text.Utf8;
import dev.heph.sync.Protocol;
import dev.heph.sync.wire.HubInfo;
import dev.heph.sync.wire.PullPage;
import dev.heph.sync.wire.PushAck;
import dev.heph.sync.wire.Wire;
import dev.heph.sync.wire.WireError;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.List;

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
  private final HubTransport hub;
  private final FaultPoint faults;
  private final int pageSize;
  /** The clocks as of this exchange's {@code /sync/info}: the words of any clock-drift failure. */
  private ClockAdvice clocks;

  /** {@code pageSize}: ops per pull page (tests use small pages to exercise paging). */
  public Spoke(Heph heph, HubTransport hub, FaultPoint faults, int pageSize) {
    this.heph = heph;
    this.hub = hub;
    this.faults = faults;
    this.pageSize = pageSize;
  }

  public Spoke(Heph heph, HubTransport hub) {
    this(heph, hub, FaultPoint.NONE, Protocol.PULL_PAGE);
  }

  /** One full exchange with the hub. Throws {@link HephException.SyncFailure} when it cannot finish. */
  public SyncReport sync() {
    HubInfo info = info();
    clocks = reading(info);
    SyncReport pulled = pullPhase(info);
    int pushed = pushAll();
    return new SyncReport(pulled.hub(), pulled.pulled(), pulled.applied(), pushed, pulled.reset());
  }

  /**
   * Recovery for a device whose clock once ran ahead: checks that this device's clock now agrees
   * with the hub's (else refuses, changing nothing), pulls so that the hub's position is known,
   * re-stamps this device's unacknowledged ops stamped beyond what the hub would take, then
   * pushes. Ops stamped within the hub's bound keep their stamps: the hub may hold them already
   * (an acknowledgement lost on the way), and a copy under a new stamp would be a duplicate.
   */
  public RestampReport restamp() {
    HubInfo info = info();
    clocks = reading(info);
    if (clocks.deviceAhead()) {
      throw failure("clock_ahead", clocks.restampRefused());
    }
    SyncReport pulled = pullPhase(info);
    // Whatever the hub took up to now is stamped at most its bound after its clock, which has
    // moved on by about as much as ours since it answered.
    long hubNow = clocks.hubMillis() + Math.max(0, heph.wallClock().millis() - clocks.deviceMillis());
    LogRestamp.Result restamped;
    try {
      restamped = heph.restamp(hubNow + ClockAdvice.HUB_BOUND_MILLIS, tx -> SyncCursors.load(tx).pushSeq());
    } catch (HephException.InvalidInput e) {
      throw failure("restamp_refused", e.getMessage());
    }
    int pushed = pushAll();
    return new RestampReport(new SyncReport(pulled.hub(), pulled.pulled(), pulled.applied(), pushed, pulled.reset()),
        restamped.ops(), restamped.nodes());
  }

  /** Checks the cursors against the hub (resetting them when its history changed) and pulls every page. */
  private SyncReport pullPhase(HubInfo info) {
    SyncCursors cursors = heph.store().read(SyncCursors::load);
    boolean reset = false;
    if (cursors.hubId() == null) {
      cursors = SyncCursors.fresh(info.hubId(), info.epoch(), false);
    } else if (!cursors.hubId().equals(info.hubId()) || !cursors.epoch().equals(info.epoch()) || !positionsHold(cursors)) {
      cursors = SyncCursors.fresh(info.hubId(), info.epoch(), true);
      reset = true;
    }
    save(cursors);
    int pulled = 0;
    int applied = 0;
    for (int attempt = 0; ; attempt++) {
      try {
        int[] counts = pullAll(cursors);
        pulled += counts[0];
        applied += counts[1];
        break;
      } catch (CursorMismatch e) {
        if (attempt >= MAX_RESETS) {
          throw failure("history_unstable", "hub " + hub.describe() + " keeps changing its history; try again later");
        }
        cursors = SyncCursors.fresh(info.hubId(), info.epoch(), true);
        save(cursors);
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
      throw failure("bad_response", "hub " + hub.describe() + " reported its time as '" + info.time()
          + "', not an ISO-8601 instant");
    }
  }

  /** Asks the hub who it is; fails unless it answers as a heph hub speaking this protocol. */
  public HubInfo info() {
    HubTransport.Reply reply = send("GET", "/sync/info", null);
    HubInfo info;
    try {
      if (reply.status() != 200) {
        throw new IllegalArgumentException("HTTP status " + reply.status());
      }
      info = Wire.readInfo(reply.body());
    } catch (IllegalArgumentException e) {
      throw failure("not_a_hub", hub.describe() + " does not answer like a heph hub (" + e.getMessage() + ")");
    }
    if (info.protocol() != Protocol.VERSION) {
      throw failure("protocol_unsupported", "hub " + hub.describe() + " speaks sync protocol " + info.protocol()
          + "; this heph speaks " + Protocol.VERSION);
    }
    return info;
  }

  /** Checks, without moving anything, that the hub still holds what both cursors point at. */
  private boolean positionsHold(SyncCursors c) {
    return holds(c.pullSeq(), c.pullHlc()) && holds(c.ackSeq(), c.ackHlc());
  }

  private boolean holds(long seq, String hlc) {
    if (seq == 0) {
      return true;
    }
    try {
      pullPage(seq, hlc, 0);
      return true;
    } catch (CursorMismatch e) {
      return false;
    }
  }

  /**
   * Pulls pages until the hub has no more; returns {pulled, applied}. The next page is fetched
   * while this one is applied, so the network and the disk work at the same time.
   */
  private int[] pullAll(SyncCursors start) {
    int[] counts = new int[2];
    long seq = start.pullSeq();
    PullPage page = pullPage(seq, start.pullHlc(), pageSize);
    while (true) {
      if (page.ops().isEmpty()) {
        return counts;
      }
      if (page.next() <= seq) {
        throw failure("bad_response", "hub " + hub.describe() + " answered a page that does not advance the cursor");
      }
      String pageHlc = page.ops().getLast().hlc().toString();
      long pageSeq = page.next();
      CompletableFuture<PullPage> next = page.more()
          ? CompletableFuture.supplyAsync(() -> pullPage(pageSeq, pageHlc, pageSize), PREFETCH)
          : null;
      try {
        counts[0] += page.ops().size();
        counts[1] += heph.applyRemote(page.ops(), start.hubId(), tx -> {
          faults.reached(FaultPoint.PULL_APPLIED);
          SyncCursors.load(tx).pulled(pageSeq, pageHlc).save(tx);
        });
      } catch (HephException.ClockDrift e) {
        if (next != null) {
          next.handle((p, f) -> null).join();
        }
        Hlc latest = page.ops().stream().map(Op::hlc).max(Hlc::compareTo).orElseThrow();
        long ahead = latest.millis() - heph.wallClock().millis();
        throw new HephException.ClockDrift(clocks.pullRefused(latest.origin(), latest.toString(), ahead), ahead);
      } catch (RuntimeException e) {
        if (next != null) {
          next.handle((p, f) -> null).join(); // no request of this sync may outlive it
        }
        throw e;
      }
      if (next == null) {
        return counts;
      }
      seq = pageSeq;
      try {
        page = next.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
  }

  /** Runs page prefetches; virtual threads, as each mostly waits on the network. */
  private static final Executor PREFETCH = task -> Thread.ofVirtual().name("heph-pull").start(task);


  private PullPage pullPage(long after, String at, int limit) {
    String query = "/sync/pull?after=" + after + (after > 0 ? "&at=" + URLEncoder.encode(at, StandardCharsets.UTF_8) : "")
        + "&limit=" + limit;
    HubTransport.Reply reply = send("GET", query, null);
    if (reply.status() == 409) {
      throw new CursorMismatch();
    }
    requireOk(reply, "pull");
    try {
      return Wire.readPullPage(reply.body());
    } catch (IllegalArgumentException | HephException.InvalidOp e) {
      throw failure("bad_response", "hub " + hub.describe() + " sent an unreadable page: " + e.getMessage());
    }
  }

  /** Pushes this replica's ops past the push cursor in bounded batches; returns how many. */
  private int pushAll() {
    int pushed = 0;
    while (true) {
      SyncCursors cursors = heph.store().read(SyncCursors::load);
      List<OpLog.Row> batch = nextBatch(cursors);
      if (batch.isEmpty()) {
        finishPush();
        return pushed;
      }
      HubTransport.Reply reply = send("POST", "/sync/push", Wire.pushBody(batch));
      if (reply.status() == 400 && Wire.readError(reply.body()) instanceof WireError error
          && error.code().equals("clock_drift")) {
        throw failure("hub_refused", "hub " + hub.describe() + " refused the push (clock_drift): "
            + clocks.pushRefused(batch.stream().mapToLong(Spoke::stampedMillis).max().orElseThrow(),
                stampedMillis(cursors.pullHlc())));
      }
      requireOk(reply, "push");
      PushAck ack;
      try {
        ack = Wire.readPushAck(reply.body());
      } catch (IllegalArgumentException e) {
        throw failure("bad_response", "hub " + hub.describe() + " sent an unreadable push answer: " + e.getMessage());
      }
      if (ack.seq() <= 0 || batch.stream().noneMatch(row -> row.hlc().equals(ack.hlc()))) {
        throw failure("bad_response", "hub " + hub.describe() + " acknowledged op " + ack.hlc()
            + ", which is not in the batch sent");
      }
      faults.reached(FaultPoint.PUSH_ACKED);
      long localSeq = batch.getLast().seq();
      heph.store().write(tx -> {
        SyncCursors.load(tx).pushed(localSeq, ack.seq(), ack.hlc()).save(tx);
        return null;
      });
      pushed += batch.size();
    }
  }

  /**
   * Nothing is left to push: every op up to the log's end is pushed or came from this hub. The
   * local push cursor moves to the end, so the next sync does not scan the pulled ops again (a
   * replica that only pulls would otherwise rescan its whole history on every sync).
   */
  private void finishPush() {
    heph.store().write(tx -> {
      SyncCursors now = SyncCursors.load(tx);
      boolean nothingLeft = tx.opLog().afterExcept(now.pushSeq(), now.pushSkipsSource(), 1).isEmpty();
      if (nothingLeft) {
        long end = tx.opLog().maxSeq();
        SyncCursors done = now.pushAll() ? now.pushAllDone() : now;
        (end > done.pushSeq() ? done.pushed(end, done.ackSeq(), done.ackHlc()) : done).save(tx);
      }
      return null;
    });
  }

  /** The next push batch: at most MAX_PUSH_OPS ops and about PUSH_BATCH_BYTES bytes. */
  private List<OpLog.Row> nextBatch(SyncCursors cursors) {
    List<OpLog.Row> rows = heph.store().read(tx -> tx.opLog().afterExcept(cursors.pushSeq(),
        cursors.pushSkipsSource(), Protocol.MAX_PUSH_OPS));
    List<OpLog.Row> batch = new ArrayList<>(rows.size());
    long bytes = 0;
    for (OpLog.Row row : rows) {
      bytes += row.json().length() + 1;
      if (!batch.isEmpty() && bytes > Protocol.PUSH_BATCH_BYTES) {
        break;
      }
      batch.add(row);
    }
    return batch;
  }

  /** The wall-clock part of an hlc text (0 for none). */
  private static long stampedMillis(String hlc) {
    return hlc == null ? 0 : Hlc.parse(hlc).millis();
  }

  private static long stampedMillis(OpLog.Row row) {
    return stampedMillis(row.hlc());
  }

  private void save(SyncCursors cursors) {
    heph.store().write(tx -> {
      cursors.save(tx);
      return null;
    });
  }

  private HubTransport.Reply send(String method, String pathAndQuery, byte[] body) {
    try {
      return hub.exchange(method, pathAndQuery, body);
    } catch (Utf8.Malformed e) {
      throw failure("bad_response", "hub " + hub.describe() + " sent an answer that is not valid UTF-8: " + e.getMessage());
    } catch (IOException e) {
      String cause = switch (e) {
        case java.net.http.HttpConnectTimeoutException t -> "timed out connecting (is the host up?)";
        case java.net.ConnectException c -> "connection refused (is hephd running there?)";
        case java.net.http.HttpTimeoutException t -> "no answer in time";
        default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      };
      throw new HephException.SyncFailure("hub_unreachable", "cannot reach hub " + hub.describe() + ": " + cause, e);
    }
  }

  private void requireOk(HubTransport.Reply reply, String what) {
    if (reply.status() == 200) {
      return;
    }
    WireError error = Wire.readError(reply.body());
    if (error == null) {
      throw failure("not_a_hub", hub.describe() + " answered the " + what + " with HTTP " + reply.status()
          + " and no heph error; is it a heph hub?");
    }
    throw failure("hub_refused", "hub " + hub.describe() + " refused the " + what + " (HTTP " + reply.status() + ", "
        + error.code() + "): " + error.message());
  }

  private static HephException.SyncFailure failure(String code, String message) {
    return new HephException.SyncFailure(code, message, null);
  }

  /** The hub does not hold what a cursor points at. */
  private static final class CursorMismatch extends RuntimeException {
    CursorMismatch() {
      super(null, null, false, false);
    }
  }
}
