package dev.heph.core.store;

import dev.heph.core.HephException;
import dev.heph.core.clock.Hlc;
import dev.heph.core.merge.MergeState;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpWriter;
import dev.heph.core.op.Value;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link MergeState} over the store's tables, inside the caller's transaction, with a write-back
 * cache: a batch of ops touching the same nodes reads each node once and writes each node row,
 * head and shadow once, at {@link #flush()} (before any query and before commit). Applying a
 * pulled page of thousands of ops thus costs a few statements per op, not a dozen.
 */
final class SqliteMergeState implements MergeState {
  private final Tx tx;
  private final Map<String, NodeState> nodes = new LinkedHashMap<>();

  SqliteMergeState(Tx tx) {
    this.tx = tx;
  }

  /** Names one entry or shadow of a node: a field and the hlc of the op that wrote it. */
  private record EntryKey(Field field, Hlc hlc) {}

  /** One node as this transaction sees it, with what must be written back. */
  private static final class NodeState {
    final String id;
    final boolean inDb;
    String kind;
    String created;
    String updated;
    int conflictMask;
    final EnumMap<Field, Object> columns = new EnumMap<>(Field.class);
    final EnumMap<Field, List<Entry>> entries = new EnumMap<>(Field.class);
    final Set<EntryKey> addedEntries = new HashSet<>();
    final Set<EntryKey> removedEntries = new HashSet<>();
    final Set<EntryKey> shadows = new HashSet<>();
    final List<EntryKey> newShadows = new ArrayList<>();
    boolean dirty;

    NodeState(String id, boolean inDb) {
      this.id = id;
      this.inDb = inDb;
    }
  }

  /**
   * Appends with the next sequence number, which is at least the wall clock in microseconds.
   * Sequence numbers stay strictly increasing, and a log restored from an old copy continues
   * above every number it handed out before the copy was restored (given a clock that moved on),
   * so a cursor from the lost history can never match an op of the new one by coincidence.
   */
  @Override
  public boolean appendToLog(Op op, String source) {
    String body = OpWriter.toJson(op);
    if (update("INSERT INTO ops(seq, hlc, node, body, source)"
        + " VALUES (max((SELECT coalesce(max(seq), 0) FROM ops) + 1, ?), ?, ?, ?, ?) ON CONFLICT(hlc) DO NOTHING",
        tx.wallMillis() * 1000, op.hlc().toString(), op.node(), body, source) == 1) {
      return true;
    }
    // The hlc is an op's identity: the same hlc with another body means two devices share an
    // origin id (a database file copied to a second device). Dropping it would diverge silently.
    try {
      PreparedStatement ps = tx.statement("SELECT body FROM ops WHERE hlc = ?");
      ps.setString(1, op.hlc().toString());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && !rs.getString(1).equals(body)) {
          throw new HephException.InvalidOp("op " + op.hlc() + " differs from the op already stored under the same"
              + " hlc: two devices share the origin id " + op.hlc().origin() + " (was a database file copied?)");
        }
      }
    } catch (SQLException e) {
      throw new StoreSqlException(e);
    }
    return false;
  }

  @Override
  public void touchNode(String node, Hlc hlc) {
    NodeState n = node(node);
    String h = hlc.toString();
    if (n.updated == null || h.compareTo(n.updated) > 0) {
      n.updated = h;
    }
    n.dirty = true;
  }

  @Override
  public void recordCreate(String node, String kind, Hlc hlc) {
    NodeState n = node(node);
    String h = hlc.toString();
    if (n.created == null || h.compareTo(n.created) < 0) {
      n.created = h;
      n.kind = kind;
    }
  }

  @Override
  public boolean isShadowed(String node, Field field, Hlc hlc) {
    NodeState n = node(node);
    if (n.shadows.contains(new EntryKey(field, hlc))) {
      return true;
    }
    if (!n.inDb) {
      return false;
    }
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
    NodeState n = node(node);
    EntryKey key = new EntryKey(field, hlc);
    if (n.shadows.add(key)) {
      n.newShadows.add(key);
    }
    List<Entry> list = entries(node, field);
    if (list.removeIf(e -> e.hlc().equals(hlc))) {
      if (!n.addedEntries.remove(key)) {
        n.removedEntries.add(key);
      }
    }
  }

  @Override
  public void addEntry(String node, Field field, Entry entry) {
    NodeState n = node(node);
    List<Entry> list = entries(node, field);
    for (Entry e : list) {
      if (e.hlc().equals(entry.hlc())) {
        return;
      }
    }
    int at = 0;
    while (at < list.size() && list.get(at).hlc().compareTo(entry.hlc()) < 0) {
      at++;
    }
    list.add(at, entry);
    n.addedEntries.add(new EntryKey(field, entry.hlc()));
  }

  @Override
  public List<Entry> entries(String node, Field field) {
    NodeState n = node(node);
    List<Entry> list = n.entries.get(field);
    if (list == null) {
      list = n.inDb ? loadEntries(node, field) : new ArrayList<>(2);
      n.entries.put(field, list);
    }
    return list;
  }

  @Override
  public void writeRegister(String node, Field field, Value visible, boolean conflicted) {
    NodeState n = node(node);
    n.columns.put(field, ValueColumns.toColumn(field, visible));
    n.conflictMask = (n.conflictMask & ~field.bit()) | (conflicted ? field.bit() : 0);
    n.dirty = true;
  }

  @Override
  public void writeSet(String node, Field field, List<Value> values, boolean conflicted) {
    NodeState n = node(node);
    n.columns.put(field, ValueColumns.toSetColumn(field, values));
    n.conflictMask = (n.conflictMask & ~field.bit()) | (conflicted ? field.bit() : 0);
    n.dirty = true;
  }

  /** Writes every cached change to the tables. Called before queries and before commit. */
  void flush() {
    if (nodes.isEmpty()) {
      return;
    }
    try {
      for (NodeState n : nodes.values()) {
        flushEntries(n);
        if (n.dirty) {
          flushRow(n);
        }
      }
    } catch (SQLException e) {
      throw new StoreSqlException(e);
    }
    nodes.clear();
  }

  private void flushEntries(NodeState n) throws SQLException {
    for (EntryKey s : n.newShadows) {
      update("INSERT OR IGNORE INTO shadowed(node, field, hlc) VALUES (?, ?, ?)", n.id, s.field().wireName(),
          s.hlc().toString());
    }
    for (EntryKey key : n.removedEntries) {
      update("DELETE FROM entries WHERE node = ? AND field = ? AND hlc = ?", n.id, key.field().wireName(),
          key.hlc().toString());
    }
    for (Map.Entry<Field, List<Entry>> e : n.entries.entrySet()) {
      Field field = e.getKey();
      for (Entry entry : e.getValue()) {
        if (n.addedEntries.contains(new EntryKey(field, entry.hlc()))) {
          update("INSERT OR IGNORE INTO entries(node, field, hlc, value) VALUES (?, ?, ?, ?)", n.id, field.wireName(),
              entry.hlc().toString(), entry.value().json());
        }
      }
    }
  }

  private void flushRow(NodeState n) throws SQLException {
    if (!n.inDb) {
      Field[] fields = Field.values();
      Object[] args = new Object[fields.length + 5];
      args[0] = n.id;
      args[1] = n.kind;
      int i = 2;
      for (Field f : fields) {
        Object v = n.columns.get(f);
        args[i++] = v != null ? v : ValueColumns.emptyColumn(f);
      }
      args[i++] = n.created;
      args[i++] = n.updated;
      args[i] = n.conflictMask;
      update(INSERT_NODE, args);
      return;
    }
    StringBuilder sql = new StringBuilder("UPDATE nodes SET kind = ?, created = ?, updated = ?, conflict_mask = ?");
    List<Object> args = new ArrayList<>(List.of(nullable(n.kind), nullable(n.created), n.updated, n.conflictMask));
    for (Map.Entry<Field, Object> c : n.columns.entrySet()) {
      sql.append(", ").append(c.getKey().wireName()).append(" = ?"); // names from the closed Field enum
      args.add(nullable(c.getValue()));
    }
    sql.append(" WHERE id = ?");
    args.add(n.id);
    update(sql.toString(), args.toArray());
  }

  /** Inserts a node row: every field's column (names from the closed Field enum), in field order. */
  private static final String INSERT_NODE = "INSERT INTO nodes(id, kind, "
      + String.join(", ", java.util.Arrays.stream(Field.values()).map(Field::wireName).toList())
      + ", created, updated, conflict_mask) VALUES (" + "?, ".repeat(Field.values().length + 4) + "?)";

  private static Object nullable(Object v) {
    return v == null ? NULL : v;
  }

  /** Marks an SQL NULL in argument lists (List.of refuses null). */
  private static final Object NULL = new Object();

  private NodeState node(String id) {
    NodeState n = nodes.get(id);
    if (n != null) {
      return n;
    }
    try {
      PreparedStatement ps = tx.statement("SELECT kind, created, updated, conflict_mask FROM nodes WHERE id = ?");
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          n = new NodeState(id, true);
          n.kind = rs.getString(1);
          n.created = rs.getString(2);
          n.updated = rs.getString(3);
          n.conflictMask = rs.getInt(4);
        } else {
          n = new NodeState(id, false);
        }
      }
    } catch (SQLException e) {
      throw new StoreSqlException(e);
    }
    nodes.put(id, n);
    return n;
  }

  private List<Entry> loadEntries(String node, Field field) {
    try {
      PreparedStatement ps = tx.statement("SELECT hlc, value FROM entries WHERE node = ? AND field = ? ORDER BY hlc");
      ps.setString(1, node);
      ps.setString(2, field.wireName());
      List<Entry> out = new ArrayList<>(2);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Entry(Hlc.parse(rs.getString(1)), ValueColumns.toValue(rs.getString(2))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreSqlException(e);
    }
  }

  private int update(String sql, Object... args) {
    try {
      PreparedStatement ps = tx.statement(sql);
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        if (a == NULL) {
          ps.setNull(i + 1, java.sql.Types.NULL);
        } else {
          ps.setObject(i + 1, a);
        }
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreSqlException(e);
    }
  }
}
