package dev.heph.sync.hub;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.op.Op;
import dev.heph.core.sync.Appended;
import dev.heph.core.sync.HubStore;
import dev.heph.sync.Protocol;
import dev.heph.sync.wire.HubInfo;
import dev.heph.sync.wire.PushAck;
import dev.heph.sync.wire.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The hub's side of sync protocol v1, free of any HTTP server: routes a request to info, push or
 * pull and answers a status and JSON. It works over a {@link HubStore} (the op log whose sequence
 * numbers are the cursors spokes pull by), whose store lets any number of request threads in.
 *
 * <p>Client input never causes a 500: malformed or oversize requests get 400/413/415 with a JSON
 * error naming the problem, and a refused batch changes nothing.
 */
public final class Hub {
  private final HubStore store;
  private final Clock clock;
  private final String epoch;
  private final long pageBytes;

  /** The hub serving a replica's log (the replica materializes what it receives, like any other). */
  public Hub(Heph heph) {
    this(heph, Protocol.PULL_PAGE_BYTES);
  }

  /** A hub whose pull pages hold at most {@code pageBytes} of ops (tests use small pages). */
  public Hub(Heph heph, long pageBytes) {
    this(heph.hubStore(), heph.wallClock(), pageBytes);
  }

  /** A hub over {@code store}, telling spokes the time by {@code clock}. */
  public Hub(HubStore store, Clock clock, long pageBytes) {
    this.store = store;
    this.clock = clock;
    this.pageBytes = pageBytes;
    this.epoch = store.epoch();
  }

  /** This hub's id: its store's origin id. */
  public String hubId() {
    return store.hubId();
  }

  public String epoch() {
    return epoch;
  }

  /** Routes one request. {@code query} is the raw query string (may be null). */
  public HubResponse handle(String method, String path, String query, String contentType, long contentLength,
      InputStream body) {
    return answered(() -> switch (path) {
      case "/sync/info" -> method.equals("GET") ? info() : notAllowed(method, path, "GET");
      case "/sync/push" -> method.equals("POST") ? push(contentType, contentLength, body)
          : notAllowed(method, path, "POST");
      case "/sync/pull" -> method.equals("GET") ? pull(Query.parse(query)) : notAllowed(method, path, "GET");
      default -> refused(new Refusal.NoRoute("no route " + path + " (routes: /sync/info, /sync/push, /sync/pull)"));
    });
  }

  /** Runs a route; whatever it refuses, or any heph error, is answered through {@link HubErrors}. */
  private static HubResponse answered(java.util.function.Supplier<HubResponse> route) {
    try {
      return route.get();
    } catch (Query.BadQuery e) {
      return refused(new Refusal.BadRequest(e.getMessage()));
    } catch (HephException e) {
      return refused(new Refusal.Failed(e));
    }
  }

  /** {@code GET /sync/info}. */
  public HubResponse info() {
    return answered(() -> new HubResponse(200, Wire.info(new HubInfo(Protocol.VERSION, hubId(), epoch,
        store.maxSeq(), clock.instant().toString()))));
  }

  /**
   * {@code POST /sync/push}: all ops of the batch are applied, or none. The answer's
   * {@code seq}/{@code hlc} is the highest position any op of the batch holds in this hub's log.
   */
  public HubResponse push(String contentType, long contentLength, InputStream body) {
    return answered(() -> pushChecked(contentType, contentLength, body));
  }

  private HubResponse pushChecked(String contentType, long contentLength, InputStream body) {
    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      return refused(new Refusal.UnsupportedMediaType("push bodies must be application/json, got "
          + (contentType == null ? "no content type" : contentType)));
    }
    if (contentLength > Protocol.MAX_PUSH_BYTES) {
      return tooLarge(contentLength + " bytes");
    }
    List<Op> ops;
    try (InputStream bounded = new BoundedInputStream(body, Protocol.MAX_PUSH_BYTES)) {
      ops = Wire.readPush(bounded, Protocol.MAX_PUSH_OPS);
    } catch (BoundedInputStream.TooLarge e) {
      return tooLarge("more than " + Protocol.MAX_PUSH_BYTES + " bytes");
    } catch (Wire.TooManyOps e) {
      return refused(new Refusal.TooManyOps(e.getMessage()));
    } catch (IOException e) {
      return refused(new Refusal.BadRequest("could not read the request body: " + e.getMessage()));
    }
    if (ops.isEmpty()) {
      return new HubResponse(200, Wire.pushAck(new PushAck(0, 0, store.maxSeq(), "")));
    }
    Appended appended;
    try {
      appended = store.append(ops); // every op's clock is vetted before anything is written
    } catch (HephException.ClockDrift e) {
      throw new HephException.ClockDrift(e.getMessage() + "; this hub's clock reads " + clock.instant()
          + ": the device's clock is ahead or the hub's is behind (a device whose clock was wrong recovers, once it is"
          + " right, with `heph sync --restamp`)", e.aheadMillis());
    }
    return new HubResponse(200, Wire.pushAck(new PushAck(ops.size(), appended.applied(), appended.seq(),
        appended.hlc(), appended.base())));
  }

  /**
   * {@code GET /sync/pull?after=SEQ&at=HLC&limit=N}: a page after a cursor that proves itself, of
   * at most {@code limit} ops and {@link Protocol#PULL_PAGE_BYTES} bytes (but at least one op),
   * written out as it is read from the store.
   */
  public HubResponse pull(Map<String, String> query) {
    long after = Query.nonNegativeLong(query, "after", 0);
    String at = query.getOrDefault("at", "");
    int limit = (int) Math.min(Query.nonNegativeLong(query, "limit", Protocol.PULL_PAGE), Protocol.MAX_PULL_LIMIT);
    for (String key : query.keySet()) {
      if (!key.equals("after") && !key.equals("at") && !key.equals("limit")) {
        throw new Query.BadQuery("unknown query parameter '" + key + "' (expected after, at, limit)");
      }
    }
    if (after > 0 && at.isEmpty()) {
      throw new Query.BadQuery("'at' (the hlc of the op at seq 'after') is required when after > 0");
    }
    return pull(after, at, limit);
  }

  /** A pull page after {@code (after, at)} of at most {@code limit} ops, for parameters already checked. */
  public HubResponse pull(long after, String at, int limit) {
    return answered(() -> pullChecked(after, at, limit));
  }

  private HubResponse pullChecked(long after, String at, int limit) {
    String stored = after == 0 ? at : store.hlcAt(after);
    if (!at.equals(stored)) {
      return refused(new Refusal.CursorMismatch("this hub holds " + (stored == null ? "no op" : "op " + stored)
          + " at seq " + after + ", not " + at + ": its history changed (restored or replaced); re-sync in full"));
    }
    return HubResponse.streamed(200, new PageWriter(store, after, limit, pageBytes, epoch));
  }

  private static HubResponse tooLarge(String size) {
    return refused(new Refusal.BodyTooLarge("push body of " + size + " exceeds the limit of " + Protocol.MAX_PUSH_BYTES
        + " bytes; send smaller batches"));
  }

  private static HubResponse notAllowed(String method, String path, String allowed) {
    return refused(new Refusal.MethodNotAllowed(method + " is not allowed on " + path + "; use " + allowed));
  }

  private static HubResponse refused(Refusal refusal) {
    return HubErrors.of(refusal).response();
  }
}
