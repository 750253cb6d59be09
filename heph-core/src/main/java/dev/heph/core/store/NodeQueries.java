package dev.heph.core.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.Conflict;
import dev.heph.core.HephException;
import dev.heph.core.HistoryEntry;
import dev.heph.core.Node;
import dev.heph.core.NodeFilter;
import dev.heph.core.NodeView;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.OpReader;
import dev.heph.core.query.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Read queries over the materialized tables: one indexed query per request, never a replay. */
public final class NodeQueries {

  private final Tx tx;

  NodeQueries(Tx tx) {
    this.tx = tx;
  }

  /**
   * The full id of the node {@code ref} names: a working-set number (1 to {@value
   * WorkingSet#MAX_DIGITS} decimal digits, see {@link WorkingSet}), else a full id or a unique id
   * prefix, in any case, with or without its dashes. Every command that takes an id comes here.
   */
  public String resolve(String ref) throws SQLException {
    String p = ref.strip().toLowerCase(java.util.Locale.ROOT);
    if (!p.isEmpty() && p.length() <= WorkingSet.MAX_DIGITS && p.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return byNumber(ref, Integer.parseInt(p));
    }
    if (p.isEmpty() || !p.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-')) {
      throw new HephException.InvalidInput("'" + ref + "' is not a node number, id or id prefix (hex digits and dashes)");
    }
    String prefix = dashed(p.replace("-", ""));
    PreparedStatement ps = tx.statement(
        "SELECT id FROM nodes WHERE id >= ? AND id < ? AND kind IS NOT NULL ORDER BY id LIMIT 6");
    ps.setString(1, prefix);
    ps.setString(2, prefix + "~");
    List<String> matches = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        matches.add(rs.getString(1));
      }
    }
    if (matches.isEmpty()) {
      throw new HephException.NotFound("no node with id or prefix '" + ref + "'");
    }
    if (matches.size() > 1) {
      if (matches.size() > 5) {
        matches = new ArrayList<>(matches.subList(0, 5));
        matches.add("...");
      }
      throw new HephException.AmbiguousId(ref, matches);
    }
    return matches.getFirst();
  }

  private String byNumber(String ref, int num) throws SQLException {
    PreparedStatement ps = tx.statement("SELECT w.node FROM worknums w JOIN nodes n ON n.id = w.node WHERE w.num = ?");
    ps.setInt(1, num);
    try (ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        return rs.getString(1);
      }
    }
    throw new HephException.NotFound("no open node numbered " + num + " on this device (see heph list; to use '"
        + ref.strip() + "' as an id prefix, add a dash: '" + ref.strip() + "-')");
  }

  /** Hex digits with the dashes of a UUID put back (after the 8th, 12th, 16th and 20th digit). */
  private static String dashed(String hex) {
    StringBuilder sb = new StringBuilder(hex.length() + 4);
    for (int i = 0; i < hex.length(); i++) {
      if (i == 8 || i == 12 || i == 16 || i == 20) {
        sb.append('-');
      }
      sb.append(hex.charAt(i));
    }
    return sb.toString();
  }

  /**
   * The shortest prefix of {@code id} (at least 8 characters, and never one that reads as a
   * working-set number) that names it alone: one more character than it shares with its neighbours.
   */
  public String uniquePrefix(String id) throws SQLException {
    int shared = 0;
    for (String sql : List.of("SELECT max(id) FROM nodes WHERE id < ?", "SELECT min(id) FROM nodes WHERE id > ?")) {
      PreparedStatement ps = tx.statement(sql);
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        String other = rs.next() ? rs.getString(1) : null;
        if (other != null) {
          int common = 0;
          while (common < Math.min(id.length(), other.length()) && id.charAt(common) == other.charAt(common)) {
            common++;
          }
          shared = Math.max(shared, common);
        }
      }
    }
    return id.substring(0, Math.min(id.length(), Math.max(8, shared + 1)));
  }

  /** The node with this exact id, or null. */
  public Node node(String id) throws SQLException {
    return node(id, NodeView.NODE);
  }

  /** The node with this exact id in the given view, or null. */
  public <T> T node(String id, NodeView<T> view) throws SQLException {
    Projection<T> projection = Projection.of(view);
    PreparedStatement ps = tx.statement("SELECT " + projection.columns()
        + " FROM nodes n" + WorkingSet.JOIN + " WHERE n.id = ? AND n.kind IS NOT NULL");
    ps.setString(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? projection.map(rs) : null;
    }
  }

  /**
   * Streams the nodes matching both {@code filter} (list's flags) and {@code words} (a filter read
   * from the command line, its dates at {@code now} in {@code zone}), in id (creation) order. The
   * default view is {@link Filter.Live}: it also hides the tasks still waiting.
   */
  public <T> void list(NodeFilter filter, Filter words, Instant now, ZoneId zone, NodeView<T> view, Consumer<T> sink)
      throws SQLException {
    Projection<T> projection = Projection.of(view);
    StringBuilder sql = new StringBuilder("SELECT ").append(projection.columns())
        .append(" FROM nodes n").append(WorkingSet.JOIN).append(" WHERE kind IS NOT NULL");
    List<String> args = new ArrayList<>();
    Filter where = words;
    if (!filter.all()) {
      sql.append(" AND deleted = 0");
      if (filter.status() == null) {
        where = words instanceof Filter.Everything ? new Filter.Live() : new Filter.And(new Filter.Live(), words);
      }
    }
    if (filter.kind() != null) {
      sql.append(" AND kind = ?");
      args.add(filter.kind());
    }
    if (filter.status() != null) {
      sql.append(" AND status = ?");
      args.add(filter.status());
    }
    if (filter.tag() != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM entries e WHERE e.field = 'tags' AND e.value = ? AND e.node = n.id)");
      args.add(dev.heph.core.op.Json.quote(filter.tag()));
    }
    FilterSql condition = where instanceof Filter.Everything ? null : FilterSql.of(where, now, zone);
    if (condition != null) {
      sql.append(" AND (").append(condition.where()).append(')');
    }
    sql.append(" ORDER BY n.id");
    PreparedStatement ps = tx.statement(sql.toString());
    for (int i = 0; i < args.size(); i++) {
      ps.setString(i + 1, args.get(i));
    }
    if (condition != null) {
      condition.bind(ps, args.size() + 1);
    }
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        sink.accept(projection.map(rs));
      }
    }
  }

  /**
   * Streams the nodes {@code filter} matches at {@code now} in {@code zone}, in id (creation)
   * order: one query, the filter compiled to a condition on the columns (see {@link FilterSql}).
   */
  public <T> void query(Filter filter, Instant now, ZoneId zone, NodeView<T> view, Consumer<T> sink)
      throws SQLException {
    Projection<T> projection = Projection.of(view);
    FilterSql where = FilterSql.of(filter, now, zone);
    PreparedStatement ps = tx.statement("SELECT " + projection.columns() + " FROM nodes n" + WorkingSet.JOIN
        + " WHERE n.kind IS NOT NULL AND (" + where.where() + ") ORDER BY n.id");
    where.bind(ps, 1);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        sink.accept(projection.map(rs));
      }
    }
  }

  /** How many nodes {@code filter} matches at {@code now} in {@code zone}. */
  public long count(Filter filter, Instant now, ZoneId zone) throws SQLException {
    FilterSql where = FilterSql.of(filter, now, zone);
    PreparedStatement ps = tx.statement("SELECT count(*) FROM nodes n WHERE n.kind IS NOT NULL AND ("
        + where.where() + ")");
    where.bind(ps, 1);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The query plan SQLite picks for {@code filter} (one line per step), for tests that check index use. */
  public List<String> plan(Filter filter, Instant now, ZoneId zone) throws SQLException {
    FilterSql where = FilterSql.of(filter, now, zone);
    PreparedStatement ps = tx.statement("EXPLAIN QUERY PLAN SELECT n.id FROM nodes n WHERE n.kind IS NOT NULL AND ("
        + where.where() + ") ORDER BY n.id");
    where.bind(ps, 1);
    List<String> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString("detail"));
      }
    }
    return out;
  }

  /** The live nodes with a {@code depends} link to {@code id}, in id order. */
  public <T> List<T> dependents(String id, NodeView<T> view) throws SQLException {
    Projection<T> projection = Projection.of(view);
    PreparedStatement ps = tx.statement("SELECT " + projection.columns() + " FROM nodes n" + WorkingSet.JOIN
        + " WHERE n.id IN (SELECT e.node FROM entries e WHERE e.field = 'links' AND e.value = ?)"
        + " AND n.deleted = 0 AND n.kind IS NOT NULL ORDER BY n.id");
    ps.setString(1, new dev.heph.core.op.Value.Link(Node.DEPENDS, id).json());
    List<T> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(projection.map(rs));
      }
    }
    return out;
  }

  /** Live nodes whose title or body contain every word (as a word prefix), best match first. */
  public <T> List<T> search(String words, int limit, NodeView<T> view) throws SQLException {
    Projection<T> projection = Projection.of(view);
    StringBuilder match = new StringBuilder();
    // U+0000 would end SQLite's reading of the expression; the index takes it for a word break too.
    for (String word : words.trim().split("[\\s\\x00]+")) {
      if (!word.isEmpty()) {
        match.append(match.isEmpty() ? "" : " ").append('"').append(word.replace("\"", "\"\"")).append("\"*");
      }
    }
    if (match.isEmpty()) {
      throw new HephException.InvalidInput("search needs at least one word");
    }
    PreparedStatement ps = tx.statement("SELECT " + projection.columns()
        + " FROM nodes_fts f JOIN nodes n ON n.rowid = f.rowid" + WorkingSet.JOIN
        + " WHERE nodes_fts MATCH ? AND n.deleted = 0 AND n.kind IS NOT NULL ORDER BY rank, n.id LIMIT ?");
    ps.setString(1, match.toString());
    ps.setInt(2, limit);
    List<T> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(projection.map(rs));
      }
    }
    return out;
  }

  /** Every register that holds several different concurrent values, by node then field. */
  public List<Conflict> conflicts() throws SQLException {
    List<Conflict> out = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    try (ResultSet rs = tx.statement("SELECT " + Projection.NODE.columns() + " FROM nodes n" + WorkingSet.JOIN
        + " WHERE n.conflict_mask != 0 AND n.kind IS NOT NULL ORDER BY n.id").executeQuery()) {
      while (rs.next()) {
        nodes.add(Projection.NODE.map(rs));
      }
    }
    for (Node n : nodes) {
      for (String field : n.conflicts()) {
        Field f = Field.named(field);
        if (f == Field.UDAS) {
          out.addAll(udaConflicts(n));
        } else {
          out.add(conflict(n, f));
        }
      }
    }
    return out;
  }

  /**
   * The UDAs of a node that hold several different values, one conflict per name (field {@code
   * udas}, each candidate a {@code {"key","value"}} element), by name.
   */
  public List<Conflict> udaConflicts(Node node) throws SQLException {
    java.util.TreeMap<String, List<Conflict.Candidate>> byKey = new java.util.TreeMap<>();
    java.util.Map<String, java.util.Set<String>> values = new java.util.HashMap<>();
    for (var e : tx.heads(node.id(), Field.UDAS)) {
      dev.heph.core.op.Value.Uda uda = (dev.heph.core.op.Value.Uda) e.value();
      byKey.computeIfAbsent(uda.key(), k -> new ArrayList<>()).add(new Conflict.Candidate(e.hlc().toString(),
          e.hlc().origin(), e.hlc().instant(), uda.json()));
      values.computeIfAbsent(uda.key(), k -> new java.util.HashSet<>()).add(uda.value());
    }
    List<Conflict> out = new ArrayList<>();
    byKey.forEach((key, candidates) -> {
      if (values.get(key).size() > 1) {
        out.add(new Conflict(node.id(), node.title(), Field.UDAS.wireName(), candidates));
      }
    });
    return out;
  }

  /** The concurrent values of one register, or null when it is not in conflict. */
  public Conflict conflict(Node node, Field field) throws SQLException {
    if (!node.conflicts().contains(field.wireName())) {
      return null;
    }
    List<Conflict.Candidate> values = new ArrayList<>();
    for (var head : tx.heads(node.id(), field)) {
      values.add(new Conflict.Candidate(head.hlc().toString(), head.hlc().origin(), head.hlc().instant(),
          head.value().json()));
    }
    return new Conflict(node.id(), node.title(), field.wireName(), values);
  }

  /** A node's ops in hlc order. */
  public List<HistoryEntry> history(String id) throws SQLException {
    PreparedStatement ps = tx.statement("SELECT hlc, body, source FROM ops WHERE node = ? ORDER BY hlc");
    ps.setString(1, id);
    List<HistoryEntry> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Hlc hlc = Hlc.parse(rs.getString(1));
        String body = rs.getString(2);
        out.add(new HistoryEntry(hlc.toString(), hlc.instant(), hlc.origin(), OpSummary.of(OpReader.parse(body)),
            body, rs.getString(3) == null));
      }
    }
    return out;
  }

  /**
   * The shortest id prefix length (at least {@code minimum}) that tells every node apart, so that
   * tables can show short ids that the CLI will accept back.
   */
  public int uniquePrefixLength(int minimum) throws SQLException {
    int longest = minimum;
    String previous = null;
    try (ResultSet rs = tx.statement("SELECT id FROM nodes ORDER BY id").executeQuery()) {
      while (rs.next()) {
        String id = rs.getString(1);
        if (previous != null) {
          int common = 0;
          while (common < id.length() && id.charAt(common) == previous.charAt(common)) {
            common++;
          }
          longest = Math.max(longest, common + 1);
        }
        previous = id;
      }
    }
    return Math.min(longest, 36);
  }
}
