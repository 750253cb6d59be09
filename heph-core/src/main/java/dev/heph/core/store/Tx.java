package dev.heph.core.store;

import dev.heph.core.clock.Hlc;
import dev.heph.core.merge.MergeEngine;
import dev.heph.core.merge.MergeState;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One open transaction on a {@link SqliteStore}: applies ops through the merge engine and answers
 * queries. Prepared statements are cached for the transaction's life and closed with it.
 */
public final class Tx {
  private final Connection conn;
  private final String origin;
  private final LongSupplier wallMillis;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private SqliteMergeState mergeState;
  private NodeQueries queries;
  private OpLog opLog;
  private CommandJournal journal;

  Tx(Connection conn, String origin, LongSupplier wallMillis) {
    this.conn = conn;
    this.origin = origin;
    this.wallMillis = wallMillis;
  }

  /** The wall clock, in unix millis. */
  long wallMillis() {
    return wallMillis.getAsLong();
  }

  /** This device's origin id. */
  public String origin() {
    return origin;
  }

  /**
   * Applies one op (made here when {@code source} is null, else received from that hub).
   * Returns false when the op was already in the log: applying twice changes nothing.
   */
  public boolean apply(Op op, String source) {
    return MergeEngine.apply(mergeState(), op, source);
  }

  /** Applies an op made on this device by the command this transaction runs, journaling it (see {@link CommandJournal}). */
  public boolean applyLocal(Op op) {
    journal().localOp();
    return apply(op, null);
  }

  /** The journal of local commands, this transaction's own included. */
  public CommandJournal journal() {
    if (journal == null) {
      journal = new CommandJournal(this);
    }
    return journal;
  }

  /** Flushes, then journals the command this transaction ran (if it made ops): the last step before commit. */
  void beforeCommit() throws SQLException {
    flush();
    if (journal != null) {
      journal.record();
    }
  }

  /** Applies ops received from {@code source} (null: made here) in order; returns how many were new. */
  public int applyAll(List<Op> ops, String source) {
    int applied = 0;
    for (Op op : ops) {
      if (apply(op, source)) {
        applied++;
      }
    }
    return applied;
  }

  /** The current heads of a register (or elements of a set), in hlc order, as this transaction sees them. */
  public List<MergeState.Entry> heads(String node, Field field) {
    return List.copyOf(mergeState().entries(node, field));
  }

  private SqliteMergeState mergeState() {
    if (mergeState == null) {
      mergeState = new SqliteMergeState(this);
    }
    return mergeState;
  }

  /** Writes what applied ops left in the merge cache; queries and commit see it after this. */
  void flush() {
    if (mergeState != null) {
      mergeState.flush();
    }
  }

  /** Read queries over the materialized state (what was applied in this transaction included). */
  public NodeQueries queries() {
    flush();
    if (queries == null) {
      queries = new NodeQueries(this);
    }
    return queries;
  }

  /** Taskwarrior-style reports over the materialized state: urgency, projects, tags. */
  public ReportQueries reports() {
    flush();
    return new ReportQueries(this);
  }

  /** The op log by sequence number, for sync. */
  OpLog opLog() {
    flush();
    if (opLog == null) {
      opLog = new OpLog(this);
    }
    return opLog;
  }

  /** The greatest hlc in the op log: the floor for the next local reading. */
  public Hlc latestHlc() throws SQLException {
    try (ResultSet rs = statement("SELECT max(hlc) FROM ops").executeQuery()) {
      String text = rs.next() ? rs.getString(1) : null;
      return text == null ? null : Hlc.parse(text);
    }
  }

  /** A value from the meta table, or null. */
  String meta(String key) throws SQLException {
    PreparedStatement ps = statement("SELECT value FROM meta WHERE key = ?");
    ps.setString(1, key);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Sets (or with null, removes) a value in the meta table. */
  void putMeta(String key, String value) throws SQLException {
    if (value == null) {
      PreparedStatement ps = statement("DELETE FROM meta WHERE key = ?");
      ps.setString(1, key);
      ps.executeUpdate();
      return;
    }
    PreparedStatement ps = statement(
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    ps.setString(1, key);
    ps.setString(2, value);
    ps.executeUpdate();
  }

  /** The cached prepared statement for {@code sql}. */
  PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = conn.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  void close() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // The transaction is over either way; a statement that fails to close holds no data.
      }
    }
    statements.clear();
  }
}
