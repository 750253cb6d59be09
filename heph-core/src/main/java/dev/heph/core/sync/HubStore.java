package dev.heph.core.sync;

import dev.heph.core.op.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a hub needs of its store, each call one transaction: its identity (id and epoch), its op
 * log by sequence number, and the idempotent append of a pushed batch. The hub's request handling
 * depends on this alone, so that another engine can hold a hub's log; the SQLite replica's is
 * handed out by {@link dev.heph.core.Heph#hubStore()}. Safe to call from several threads.
 */
public interface HubStore {

  /** This hub's id (a SQLite hub: its replica's origin id). */
  String hubId();

  /**
   * This log's epoch, made (randomly) on first use and kept: a hub restored from a copy of another
   * file, or a new file, has another one, which tells spokes their cursors do not apply.
   */
  String epoch();

  /** The highest sequence number (0 for an empty log). */
  long maxSeq();

  /** The hlc of the op at {@code seq}, or null when the log holds none there: how a cursor proves itself. */
  String hlcAt(long seq);

  /**
   * Appends a pushed batch, all or none: ops already held are skipped (a re-send changes nothing),
   * each op is vetted for clock drift before anything is written
   * ({@link dev.heph.core.HephException.ClockDrift}). Sequence numbers only grow, and a reader
   * never sees part of a batch. {@code ops} is not empty.
   */
  Appended append(List<Op> ops);

  /**
   * Hands up to {@code limit} ops after {@code seq}, in seq order, to {@code take} until it
   * returns false for one (that one is not kept): a reader bounded by bytes never loads what it
   * would not send.
   */
  void scan(long seq, int limit, Predicate<LoggedOp> take);

  /** Up to {@code limit} ops after {@code seq}, in seq order. */
  default List<LoggedOp> after(long seq, int limit) {
    List<LoggedOp> out = new ArrayList<>();
    scan(seq, limit, out::add);
    return out;
  }
}
