package dev.heph.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The op log by sequence number, as sync needs it: a hub serves pages after a seq, a spoke pushes
 * its own ops after its push cursor. Each query is one indexed range scan: the cost follows the
 * page size, never the length of the history.
 */
public final class OpLog {
  /** One stored op: its local sequence number, its hlc, and its canonical JSON. */
  public record Row(long seq, String hlc, String json) {}

  private final Tx tx;

  OpLog(Tx tx) {
    this.tx = tx;
  }

  /** The highest sequence number (0 when the log is empty). */
  public long maxSeq() throws SQLException {
    try (ResultSet rs = tx.statement("SELECT coalesce(max(seq), 0) FROM ops").executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The hlc of the op stored at {@code seq}, or null when there is none. */
  public String hlcAt(long seq) throws SQLException {
    PreparedStatement ps = tx.statement("SELECT hlc FROM ops WHERE seq = ?");
    ps.setLong(1, seq);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** The sequence number of the op with this hlc, or -1. */
  public long seqOf(String hlc) throws SQLException {
    PreparedStatement ps = tx.statement("SELECT seq FROM ops WHERE hlc = ?");
    ps.setString(1, hlc);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  /** Up to {@code limit} ops after {@code seq}, in seq order. */
  public List<Row> after(long seq, int limit) throws SQLException {
    PreparedStatement ps = tx.statement("SELECT seq, hlc, body FROM ops WHERE seq > ? ORDER BY seq LIMIT ?");
    ps.setLong(1, seq);
    ps.setInt(2, limit);
    return rows(ps);
  }

  /** Takes rows one by one; returning false stops the scan before that row is kept. */
  @FunctionalInterface
  public interface RowSink {
    boolean take(Row row);
  }

  /**
   * Hands up to {@code limit} ops after {@code seq}, in seq order, to {@code sink} until it
   * declines one: a reader bounded by bytes (a hub's pull page) never loads what it would not send.
   */
  public void scanAfter(long seq, int limit, RowSink sink) throws SQLException {
    scanAfterExcept(seq, null, limit, sink);
  }

  /**
   * As {@link #scanAfter}, skipping ops that came from {@code source} (null: none skipped): what a
   * spoke pushes, read only as far as its batch's byte bound.
   */
  public void scanAfterExcept(long seq, String source, int limit, RowSink sink) throws SQLException {
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
      while (rs.next() && sink.take(new Row(rs.getLong(1), rs.getString(2), rs.getString(3)))) {
        // the sink keeps what it takes
      }
    }
  }

  /**
   * Up to {@code limit} ops after {@code seq} that did not come from {@code source} (null: every
   * op), in seq order: what a spoke pushes to the hub it got {@code source}'s ops from.
   */
  public List<Row> afterExcept(long seq, String source, int limit) throws SQLException {
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
  public long countAfterExcept(long seq, String source) throws SQLException {
    PreparedStatement ps = tx.statement(
        "SELECT count(*) FROM ops WHERE seq > ? AND (source IS NULL OR source != ?)");
    ps.setLong(1, seq);
    ps.setString(2, source == null ? "" : source);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<Row> rows(PreparedStatement ps) throws SQLException {
    List<Row> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    }
    return out;
  }
}
