package dev.heph.core.store;

import dev.heph.core.clock.Hlc;
import dev.heph.core.merge.MergeState;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@link MergeState} over the store's tables, inside the caller's transaction. */
final class SqliteMergeState implements MergeState {
  private final Tx tx;

  SqliteMergeState(Tx tx) {
    this.tx = tx;
  }

  /**
   * Appends with the next sequence number, which is at least the wall clock in microseconds.
   * Sequence numbers stay strictly increasing, and a log restored from an old copy continues
   * above every number it handed out before the copy was restored (given a clock that moved on),
   * so a cursor from the lost history can never match an op of the new one by coincidence.
   */
  @Override
  public boolean appendToLog(Op op, String source) {
    return update("INSERT INTO ops(seq, hlc, node, body, source)"
        + " VALUES (max((SELECT coalesce(max(seq), 0) FROM ops) + 1, ?), ?, ?, ?, ?) ON CONFLICT(hlc) DO NOTHING",
        tx.wallMillis() * 1000, op.hlc().toString(), op.node(), OpCodec.toJson(op), source) == 1;
  }

  @Override
  public boolean isShadowed(String node, Field field, Hlc hlc) {
    try {
      PreparedStatement ps = tx.statement("SELECT 1 FROM shadowed WHERE node = ? AND field = ? AND hlc = ?");
      ps.setString(1, node);
      ps.setString(2, field.wireName());
      ps.setString(3, hlc.toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new StoreSqlException(e);
    }
  }

  @Override
  public void shadow(String node, Field field, Hlc hlc) {
    String f = field.wireName();
    String h = hlc.toString();
    update("INSERT OR IGNORE INTO shadowed(node, field, hlc) VALUES (?, ?, ?)", node, f, h);
    update("DELETE FROM entries WHERE node = ? AND field = ? AND hlc = ?", node, f, h);
  }

  @Override
  public void addEntry(String node, Field field, Entry entry) {
    update("INSERT OR IGNORE INTO entries(node, field, hlc, value) VALUES (?, ?, ?, ?)",
        node, field.wireName(), entry.hlc().toString(), entry.valueJson());
  }

  @Override
  public List<Entry> entries(String node, Field field) {
    try {
      PreparedStatement ps = tx.statement("SELECT hlc, value FROM entries WHERE node = ? AND field = ? ORDER BY hlc");
      ps.setString(1, node);
      ps.setString(2, field.wireName());
      List<Entry> out = new ArrayList<>(2);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Entry(Hlc.parse(rs.getString(1)), rs.getString(2)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreSqlException(e);
    }
  }

  @Override
  public void touchNode(String node, Hlc hlc) {
    update("INSERT INTO nodes(id, updated) VALUES (?, ?)"
        + " ON CONFLICT(id) DO UPDATE SET updated = max(updated, excluded.updated)", node, hlc.toString());
  }

  @Override
  public void recordCreate(String node, String kind, Hlc hlc) {
    update("UPDATE nodes SET kind = ?, created = ? WHERE id = ? AND (created IS NULL OR created > ?)",
        kind, hlc.toString(), node, hlc.toString());
  }

  @Override
  public void writeRegister(String node, Field field, String visibleValueJson, boolean conflicted) {
    // Column names come from the closed Field enum, never from input.
    String sql = "UPDATE nodes SET " + field.wireName() + " = ?, conflict_mask = (conflict_mask & ~"
        + field.bit() + ") | " + (conflicted ? field.bit() : 0) + " WHERE id = ?";
    Object column = ValueColumns.toColumn(field, visibleValueJson);
    update(sql, column, node);
  }

  @Override
  public void writeSet(String node, Field field, List<String> valueJsons) {
    update("UPDATE nodes SET " + field.wireName() + " = ? WHERE id = ?",
        "[" + String.join(",", valueJsons) + "]", node);
  }

  private int update(String sql, Object... args) {
    try {
      PreparedStatement ps = tx.statement(sql);
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreSqlException(e);
    }
  }
}
