package dev.heph.core.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.Conflict;
import dev.heph.core.HephException;
import dev.heph.core.HistoryEntry;
import dev.heph.core.Node;
import dev.heph.core.NodeFilter;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.OpCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Read queries over the materialized tables: one indexed query per request, never a replay. */
public final class NodeQueries {
  /** The node columns in {@link #toNode} order; every query aliases nodes as {@code n}. */
  private static final String COLUMNS = "n.id, n.kind, n.title, n.body, n.status, n.priority, n.due, n.recur,"
      + " n.tags, n.links, n.parent, n.deleted, n.created, n.updated, n.conflict_mask";

  private final Tx tx;

  NodeQueries(Tx tx) {
    this.tx = tx;
  }

  /** The full id of the one node whose id starts with {@code prefix}. */
  public String resolve(String prefix) throws SQLException {
    String p = prefix.strip().toLowerCase(java.util.Locale.ROOT);
    if (p.isEmpty() || !p.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-')) {
      throw new HephException.InvalidInput("'" + prefix + "' is not a node id or id prefix (hex digits and dashes)");
    }
    PreparedStatement ps = tx.statement(
        "SELECT id FROM nodes WHERE id >= ? AND id < ? AND kind IS NOT NULL ORDER BY id LIMIT 6");
    ps.setString(1, p);
    ps.setString(2, p + "~");
    List<String> matches = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        matches.add(rs.getString(1));
      }
    }
    if (matches.isEmpty()) {
      throw new HephException.NotFound("no node with id or prefix '" + prefix + "'");
    }
    if (matches.size() > 1) {
      if (matches.size() > 5) {
        matches = new ArrayList<>(matches.subList(0, 5));
        matches.add("...");
      }
      throw new HephException.AmbiguousId(prefix, matches);
    }
    return matches.getFirst();
  }

  /** The node with this exact id, or null. */
  public Node node(String id) throws SQLException {
    PreparedStatement ps = tx.statement("SELECT " + COLUMNS + " FROM nodes n WHERE n.id = ? AND n.kind IS NOT NULL");
    ps.setString(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? toNode(rs) : null;
    }
  }

  /** Streams the nodes matching {@code filter} in id (that is, creation) order. */
  public void list(NodeFilter filter, Consumer<Node> sink) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM nodes n WHERE kind IS NOT NULL");
    List<String> args = new ArrayList<>();
    if (!filter.all()) {
      sql.append(" AND deleted = 0");
      if (filter.status() == null) {
        sql.append(" AND (status IS NULL OR status NOT IN ('done', 'cancelled'))");
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
    sql.append(" ORDER BY n.id");
    PreparedStatement ps = tx.statement(sql.toString());
    for (int i = 0; i < args.size(); i++) {
      ps.setString(i + 1, args.get(i));
    }
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        sink.accept(toNode(rs));
      }
    }
  }

  /** Live nodes whose title or body contain every word (as a word prefix), best match first. */
  public List<Node> search(String words, int limit) throws SQLException {
    StringBuilder match = new StringBuilder();
    for (String word : words.trim().split("\\s+")) {
      if (!word.isEmpty()) {
        match.append(match.isEmpty() ? "" : " ").append('"').append(word.replace("\"", "\"\"")).append("\"*");
      }
    }
    if (match.isEmpty()) {
      throw new HephException.InvalidInput("search needs at least one word");
    }
    PreparedStatement ps = tx.statement("SELECT " + COLUMNS + " FROM nodes_fts f JOIN nodes n ON n.rowid = f.rowid"
        + " WHERE nodes_fts MATCH ? AND n.deleted = 0 AND n.kind IS NOT NULL ORDER BY rank, n.id LIMIT ?");
    ps.setString(1, match.toString());
    ps.setInt(2, limit);
    List<Node> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(toNode(rs));
      }
    }
    return out;
  }

  /** Every register that holds several different concurrent values, by node then field. */
  public List<Conflict> conflicts() throws SQLException {
    List<Conflict> out = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    try (ResultSet rs = tx.statement("SELECT " + COLUMNS + " FROM nodes n"
        + " WHERE n.conflict_mask != 0 AND n.kind IS NOT NULL ORDER BY n.id").executeQuery()) {
      while (rs.next()) {
        nodes.add(toNode(rs));
      }
    }
    for (Node n : nodes) {
      for (String field : n.conflicts()) {
        out.add(conflict(n, Field.named(field)));
      }
    }
    return out;
  }

  /** The concurrent values of one register, or null when it is not in conflict. */
  public Conflict conflict(Node node, Field field) throws SQLException {
    if (!node.conflicts().contains(field.wireName())) {
      return null;
    }
    List<Conflict.Candidate> values = new ArrayList<>();
    for (var head : heads(node.id(), field)) {
      values.add(new Conflict.Candidate(head.hlc().toString(), head.hlc().origin(), head.hlc().instant(),
          head.valueJson()));
    }
    return new Conflict(node.id(), node.title(), field.wireName(), values);
  }

  /** The current heads of a register (or elements of a set), in hlc order. */
  public List<dev.heph.core.merge.MergeState.Entry> heads(String node, Field field) {
    return new SqliteMergeState(tx).entries(node, field);
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
        out.add(new HistoryEntry(hlc.toString(), hlc.instant(), hlc.origin(), OpSummary.of(OpCodec.parse(body)),
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

  private static Node toNode(ResultSet rs) throws SQLException {
    int mask = rs.getInt(15);
    List<String> conflicts = new ArrayList<>(0);
    if (mask != 0) {
      for (Field f : Field.values()) {
        if ((mask & f.bit()) != 0) {
          conflicts.add(f.wireName());
        }
      }
    }
    return new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), parseTags(rs.getString(9)), parseLinks(rs.getString(10)),
        rs.getString(11), rs.getInt(12) != 0, Hlc.parse(rs.getString(13)).instant(),
        Hlc.parse(rs.getString(14)).instant(), conflicts);
  }

  private static List<String> parseTags(String json) {
    if (json.equals("[]")) {
      return List.of();
    }
    try (JsonParser p = OpCodec.JSON.createParser(json)) {
      p.nextToken();
      List<String> tags = new ArrayList<>();
      while (p.nextToken() == JsonToken.VALUE_STRING) {
        tags.add(p.getText());
      }
      return tags;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Node.Link> parseLinks(String json) {
    if (json.equals("[]")) {
      return List.of();
    }
    try (JsonParser p = OpCodec.JSON.createParser(json)) {
      p.nextToken();
      List<Node.Link> links = new ArrayList<>();
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String type = null;
        String to = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          p.nextToken();
          if (key.equals("type")) {
            type = p.getText();
          } else {
            to = p.getText();
          }
        }
        links.add(new Node.Link(type, to));
      }
      return links;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
