package dev.heph.sync.spoke;

import dev.heph.core.op.Op;
import dev.heph.core.sync.LoggedOp;
import dev.heph.sync.wire.HubInfo;
import dev.heph.sync.wire.PullPage;
import dev.heph.sync.wire.PushAck;
import java.util.List;
import java.util.function.Consumer;

/**
 * A hub as the spoke sees it: who it is, pages of its log after a cursor, pushes it acknowledges.
 * Every failure is a {@link HubError}. {@link HttpHubClient} is the real one; tests and the
 * simulation put an in-process hub (and faults) behind the same interface.
 */
public interface HubClient {
  /** A position in the hub's log: a seq and the hlc of the op the hub holds there (ignored at seq 0). */
  record Cursor(long seq, String hlc) {}

  /** Where a page's ops go as they arrive: full batches of about {@code bytes} of op JSON, in order. */
  record Batches(long bytes, Consumer<List<Op>> consumer) {}

  /** The hub's id, epoch, position and clock; fails unless it answers as a hub speaking this protocol. */
  HubInfo info();

  /**
   * The page of at most {@code limit} ops after {@code after}, read as it arrives: all but its
   * last batch go to {@code batches}; the page returned holds the rest and the page's end.
   * Throws {@link HubError.CursorMismatch} when the hub does not hold {@code after}.
   */
  PullPage pull(Cursor after, int limit, Batches batches);

  /** Whether the hub still holds {@code at} (a page of no ops: moves nothing). */
  default boolean holds(Cursor at) {
    try {
      pull(at, 0, new Batches(Long.MAX_VALUE, batch -> {}));
      return true;
    } catch (HubError.CursorMismatch e) {
      return false;
    }
  }

  /** Sends ops (their stored JSON, as it is) and returns the hub's acknowledgement. */
  PushAck push(List<LoggedOp> batch);

  /** Where the hub is, for messages. */
  String describe();
}
