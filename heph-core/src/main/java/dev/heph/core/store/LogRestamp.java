package dev.heph.core.store;

import dev.heph.core.HephException;
import dev.heph.core.clock.Hlc;
import dev.heph.core.merge.MergeEngine;
import dev.heph.core.merge.MergeState;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpReader;
import dev.heph.core.op.OpWriter;
import dev.heph.core.op.Value;
import dev.heph.core.sync.LoggedOp;
import dev.heph.core.sync.Restamped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Re-stamps this device's unpushed ops that carry a clock reading from the future, inside the
 * caller's write transaction: each gets a fresh hlc (in the old order, so causal order holds),
 * every {@code prev} naming a re-stamped op is rewritten to its new stamp, and the nodes they touch
 * are rebuilt from the log. The log's greatest hlc, which is the floor of the next local reading,
 * drops with them. Refuses (and the caller's transaction rolls back) when that cannot be done
 * without changing an op some other replica may hold.
 */
final class LogRestamp {
  private final Tx tx;

  LogRestamp(Tx tx) {
    this.tx = tx;
  }

  /**
   * Re-stamps this device's ops after local seq {@code pushedUpTo}, not received from anywhere,
   * whose stamp is later than {@code aheadOfMillis}; {@code next} issues the fresh readings (the
   * device's clock). Every new stamp must be at most {@code aheadOfMillis}, or nothing changes.
   */
  Restamped run(long pushedUpTo, long aheadOfMillis, UnaryOperator<Hlc> next) throws SQLException {
    String origin = tx.origin();
    String limit = new Hlc(aheadOfMillis, Hlc.MAX_COUNTER, "ffffffffffffffff").toString();
    List<LoggedOp> ahead = new ArrayList<>();
    PreparedStatement select = tx.statement(
        "SELECT seq, hlc, body FROM ops WHERE seq > ? AND source IS NULL AND hlc > ? AND substr(hlc, 23) = ?");
    select.setLong(1, pushedUpTo);
    select.setString(2, limit);
    select.setString(3, origin);
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        ahead.add(new LoggedOp(rs.getLong(1), rs.getString(2), rs.getString(3)));
      }
    }
    if (ahead.isEmpty()) {
      return new Restamped(0, 0);
    }
    ahead.sort(Comparator.comparing(LoggedOp::hlc)); // this device's own order of making them
    Hlc floor = keptMaximum(pushedUpTo, limit, origin);
    if (floor != null && floor.compareTo(Hlc.parse(ahead.getFirst().hlc())) > 0) {
      throw new HephException.InvalidInput("cannot re-stamp: op " + floor + ", which is not this device's to change"
          + " (pushed already, or from another device), is itself stamped after them; nothing was changed");
    }
    Map<Hlc, Hlc> renamed = new HashMap<>();
    Set<String> nodes = new LinkedHashSet<>();
    Hlc last = floor;
    for (LoggedOp row : ahead) {
      Op op = OpReader.parse(row.json());
      last = next.apply(last);
      if (last.millis() > aheadOfMillis) {
        throw new HephException.InvalidInput("cannot re-stamp: this device's clock still reads " + last.instant()
            + ", later than the latest stamp the hub takes now (" + Instant.ofEpochMilli(aheadOfMillis)
            + "); fix the clock first; nothing was changed");
      }
      renamed.put(op.hlc(), last);
      Op restamped = stamped(op, last, renamed);
      PreparedStatement update = tx.statement("UPDATE ops SET hlc = ?, body = ? WHERE seq = ?");
      update.setString(1, last.toString());
      update.setString(2, OpWriter.toJson(restamped));
      update.setLong(3, row.seq());
      update.executeUpdate();
      nodes.add(op.node());
    }
    for (String node : nodes) {
      rebuild(node, renamed.keySet());
    }
    return new Restamped(ahead.size(), nodes.size());
  }

  /** The greatest hlc that stays: re-stamped ops must come after it. */
  private Hlc keptMaximum(long pushedUpTo, String limit, String origin) throws SQLException {
    PreparedStatement ps = tx.statement("SELECT max(hlc) FROM ops WHERE NOT"
        + " (seq > ? AND source IS NULL AND hlc > ? AND substr(hlc, 23) = ?)");
    ps.setLong(1, pushedUpTo);
    ps.setString(2, limit);
    ps.setString(3, origin);
    try (ResultSet rs = ps.executeQuery()) {
      String text = rs.next() ? rs.getString(1) : null;
      return text == null ? null : Hlc.parse(text);
    }
  }

  /** The op under its new stamp, its {@code prev} naming re-stamped ops by their new stamps. */
  private static Op stamped(Op op, Hlc hlc, Map<Hlc, Hlc> renamed) {
    UnaryOperator<List<Hlc>> rename = prev -> prev.stream().map(h -> renamed.getOrDefault(h, h)).toList();
    return switch (op) {
      case Op.Create c -> new Op.Create(hlc, c.node(), c.kind());
      case Op.Set s -> new Op.Set(hlc, s.node(), s.field(), s.value(), rename.apply(s.prev()));
      case Op.Add a -> new Op.Add(hlc, a.node(), a.field(), a.value());
      case Op.Remove r -> new Op.Remove(hlc, r.node(), r.field(), r.value(), rename.apply(r.prev()));
    };
  }

  /**
   * Drops the node's materialized row, heads and shadows and replays its ops from the log. An op
   * that stays as it was but names a re-stamped one would now name nothing: that cannot happen
   * (nothing else has seen the re-stamped ops), and if it did, nothing is changed.
   */
  private void rebuild(String node, Set<Hlc> oldStamps) throws SQLException {
    PreparedStatement fts = tx.statement("INSERT INTO nodes_fts(nodes_fts, rowid, title, body)"
        + " SELECT 'delete', rowid, title, body FROM nodes WHERE id = ?");
    fts.setString(1, node);
    fts.executeUpdate();
    for (String table : List.of("DELETE FROM nodes WHERE id = ?", "DELETE FROM entries WHERE node = ?",
        "DELETE FROM shadowed WHERE node = ?")) {
      PreparedStatement ps = tx.statement(table);
      ps.setString(1, node);
      ps.executeUpdate();
    }
    Replay replay = new Replay(new SqliteMergeState(tx));
    PreparedStatement ops = tx.statement("SELECT body FROM ops WHERE node = ? ORDER BY seq");
    ops.setString(1, node);
    try (ResultSet rs = ops.executeQuery()) {
      while (rs.next()) {
        Op op = OpReader.parse(rs.getString(1));
        List<Hlc> prev = switch (op) {
          case Op.Set s -> s.prev();
          case Op.Remove r -> r.prev();
          case Op.Create c -> List.of();
          case Op.Add a -> List.of();
        };
        for (Hlc named : prev) {
          if (oldStamps.contains(named)) {
            throw new HephException.InvalidInput("cannot re-stamp: op " + op.hlc() + ", which stays as it is, names"
                + " op " + named + "; nothing was changed");
          }
        }
        MergeEngine.apply(replay, op, null);
      }
    }
    replay.state.flush();
  }

  /** The merge state with the log left alone: the ops being replayed are in it already. */
  private record Replay(SqliteMergeState state) implements MergeState {
    @Override
    public boolean appendToLog(Op op, String source) {
      return true;
    }

    @Override
    public boolean isShadowed(String node, Field field, Hlc hlc) {
      return state.isShadowed(node, field, hlc);
    }

    @Override
    public void shadow(String node, Field field, Hlc hlc) {
      state.shadow(node, field, hlc);
    }

    @Override
    public void addEntry(String node, Field field, Entry entry) {
      state.addEntry(node, field, entry);
    }

    @Override
    public List<Entry> entries(String node, Field field) {
      return state.entries(node, field);
    }

    @Override
    public void touchNode(String node, Hlc hlc) {
      state.touchNode(node, hlc);
    }

    @Override
    public void recordCreate(String node, String kind, Hlc hlc) {
      state.recordCreate(node, kind, hlc);
    }

    @Override
    public void writeRegister(String node, Field field, Value visible, boolean conflicted) {
      state.writeRegister(node, field, visible, conflicted);
    }

    @Override
    public void writeSet(String node, Field field, List<Value> values, boolean conflicted) {
      state.writeSet(node, field, values, conflicted);
    }
  }
}
