package dev.heph.core.store;

import dev.heph.core.sync.LoggedOp;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The op log by sequence number, as sync needs it: a hub serves pages after a seq, a spoke pushes
 * its own ops after its push cursor. Each query is one indexed range scan: the cost follows the
 * page size, never the length of the history.
 */
final class OpLog {

  private final Tx tx;

  OpLog(Tx tx) {
    this.tx = tx;
  }

  /** The highest sequence number (0 when the log is empty). */
  long maxSeq() throws SQLException {
    try (ResultSet rs = tx.statement("SELECT coalesce(max(seq), 0) FROM ops").executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The hlc of the op stored at {@code seq}, or null when there is none. */
  String hlcAt(long seq) throws SQLException {
    PreparedStatement ps = tx.statement("SELECT hlc FROM ops WHERE seq = ?");
    ps.setLong(1, seq);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** The sequence number of the op with this hlc, or -1. */
  long seqOf(String hlc) throws SQLException {
    PreparedStatement ps = tx.statement("SELECT seq FROM ops WHERE hlc = ?");
    ps.setString(1, hlc);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  /** Up to {@code limit} ops after {@code seq}, in seq order. */
  List<LoggedOp> after(long seq, int limit) throws SQLException {
    PreparedStatement ps = tx.statement("SELECT seq, hlc, body FROM ops WHERE seq > ? ORDER BY seq LIMIT ?");
    ps.setLong(1, seq);
    ps.setInt(2, limit);
    return rows(ps);
  }

  /**
   * Hands up to {@code limit} ops after {@code seq}, in seq order, to {@code sink} until it
   * declines one: a reader bounded by bytes (a hub's pull page) never loads what it would not send.
   */
  void scanAfter(long seq, int limit, Predicate<LoggedOp> sink) throws SQLException {
    scanAfterExcept(seq, null, limit, sink);
  }

  /**
   * As {@link #scanAfter}, skipping ops that came from {@code source} (null: none skipped): what a
   * spoke pushes, read only as far as its batch's byte bound.
   */
  void scanAfterExcept(long seq, String source, int limit, Predicate<LoggedOp> sink) throws SQLException {
    PreparedStatement ps = source == null
        ? tx.statement("SELECT seq, hlc, body FROM ops WHERE seq > ? ORDER BY seq LIMIT ?")
        : tx.statement("SELECT seq, hlc, body FROM ops WHERE seq > ? AND (source IS NULL OR source != ?) ORDER BY seq LIMIT ?");
    int i = 1;
    ps.setLong(i++, seq);
    if (source != null) {
      ps.setString(i++, source);
    }
    ps.setInt(i, limit);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next() && sink.test(new LoggedOp(rs.getLong(1), rs.getString(2), rs.getString(3)))) {
        // the sink keeps what it takes
      }
    }
  }

  /**
   * Up to {@code limit} ops after {@code seq} that did not come from {@code source} (null: every
   * op), in seq order: what a spoke pushes to the hub it got {@code source}'s ops from.
   */
  List<LoggedOp> afterExcept(long seq, String source, int limit) throws SQLException {
    if (source == null) {
      return after(seq, limit);
    }
    PreparedStatement ps = tx.statement(
        "SELECT seq, hlc, body FROM ops WHERE seq > ? AND (source IS NULL OR source != ?) ORDER BY seq LIMIT ?");
    ps.setLong(1, seq);
    ps.setString(2, source);
    ps.setInt(3, limit);
    return rows(ps);
  }

  /** How many ops after {@code seq} did not come from {@code source}: the push backlog. */
  long countAfterExcept(long seq, String source) throws SQLException {
    PreparedStatement ps = tx.statement(
        "SELECT count(*) FROM ops WHERE seq > ? AND (source IS NULL OR source != ?)");
    ps.setLong(1, seq);
    ps.setString(2, source == null ? "" : source);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The rows of a {@code SELECT seq, hlc, body} query. */
  static List<LoggedOp> rows(PreparedStatement ps) throws SQLException {
    List<LoggedOp> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new LoggedOp(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    }
    return out;
  }
}
