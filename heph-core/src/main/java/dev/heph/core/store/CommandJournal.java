package dev.heph.core.store;

import dev.heph.core.sync.LoggedOp;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Which ops each local command made: one row per write transaction that issued ops on this device,
 * naming the op-log range it appended (a transaction appends alone, so the range holds its ops and
 * nothing else). Local and never synced, like the working set. Rows name ops by sequence number,
 * not hlc: a re-stamp rewrites hlcs but keeps every op's place in the log.
 *
 * <p>Undo reads it as a stack: an undo is a command too (its row names the command it undid), the
 * next undo takes the latest command that is neither an undo nor undone.
 */
public final class CommandJournal {

  /** The schema step that adds the journal. */
  static final List<String> STEP = List.of(
      """
      CREATE TABLE journal (
        id INTEGER PRIMARY KEY,
        first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        undoes INTEGER)""",
      "CREATE INDEX journal_undoes ON journal(undoes) WHERE undoes IS NOT NULL");

  /** One local command: the op-log range it wrote, and the command it undid when it is an undo. */
  public record Entry(long id, long firstSeq, long lastSeq, Long undoes) {}

  /** Ops of undo commands and of commands undone: undo looks past them (they cancel out). */
  private static final String CANCELLED = "EXISTS (SELECT 1 FROM journal j WHERE o.seq BETWEEN j.first_seq"
      + " AND j.last_seq AND (j.undoes IS NOT NULL OR EXISTS (SELECT 1 FROM journal u WHERE u.undoes = j.id)))";

  private final Tx tx;
  /** The log's highest seq before this transaction's first local op; -1 while it made none. */
  private long floor = -1;
  private Long undoes;

  CommandJournal(Tx tx) {
    this.tx = tx;
  }

  /** Notes that this transaction issues a local op (called before each is appended). */
  void localOp() {
    if (floor < 0) {
      try {
        floor = tx.opLog().maxSeq();
      } catch (SQLException e) {
        throw new StoreSqlException(e);
      }
    }
  }

  /**
   * Marks this transaction's command as the undo of {@code entry}. It is journaled even when it
   * makes no op (everything was reverted already), so that the next undo goes further back.
   */
  public void undoing(Entry entry) {
    localOp();
    undoes = entry.id();
  }

  /** Writes this transaction's row, if it issued ops or undid a command; runs once, just before commit. */
  void record() throws SQLException {
    if (floor < 0) {
      return;
    }
    // An undo that made no op gets the empty range (floor + 1, floor).
    PreparedStatement ps = tx.statement("INSERT INTO journal(first_seq, last_seq, undoes)"
        + " SELECT coalesce(min(seq), ?1 + 1), coalesce(max(seq), ?1), ?2 FROM ops WHERE seq > ?1"
        + " HAVING count(*) > 0 OR ?2 IS NOT NULL");
    ps.setLong(1, floor);
    ps.setObject(2, undoes);
    ps.executeUpdate();
  }

  /** The latest command that is neither an undo nor undone, if any. */
  public Optional<Entry> lastUndoable() throws SQLException {
    PreparedStatement ps = tx.statement("SELECT id, first_seq, last_seq FROM journal j WHERE undoes IS NULL"
        + " AND NOT EXISTS (SELECT 1 FROM journal u WHERE u.undoes = j.id) ORDER BY id DESC LIMIT 1");
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(new Entry(rs.getLong(1), rs.getLong(2), rs.getLong(3), null)) : Optional.empty();
    }
  }

  /** The ops a command made, in the order it made them. */
  public List<LoggedOp> ops(Entry entry) throws SQLException {
    PreparedStatement ps = tx.statement("SELECT seq, hlc, body FROM ops WHERE seq BETWEEN ? AND ? ORDER BY seq");
    ps.setLong(1, entry.firstSeq());
    ps.setLong(2, entry.lastSeq());
    return OpLog.rows(ps);
  }

  /**
   * The ops on {@code node} that reached this log after {@code entry}, from any device, except
   * those of undo commands and of the commands they undid.
   */
  public List<LoggedOp> laterOps(String node, Entry entry) throws SQLException {
    PreparedStatement ps = tx.statement("SELECT o.seq, o.hlc, o.body FROM ops o WHERE o.node = ? AND o.seq > ?"
        + " AND NOT " + CANCELLED + " ORDER BY o.seq");
    ps.setString(1, node);
    ps.setLong(2, entry.lastSeq());
    return OpLog.rows(ps);
  }

  /** The canonical JSON of the op with this hlc, or null when the log has none. */
  public String opJson(String hlc) throws SQLException {
    PreparedStatement ps = tx.statement("SELECT body FROM ops WHERE hlc = ?");
    ps.setString(1, hlc);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
