package dev.heph.core.store;

import dev.heph.core.Node;
import dev.heph.core.NodeView;
import dev.heph.core.NodeView.NodeAndJson;
import dev.heph.core.op.Field;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How node rows come out of a query, for each {@link NodeView}: as {@link Node} records, or as the
 * node's documented JSON text built by SQLite itself (one string per row instead of fifteen column
 * reads, which halves the cost of {@code list --json}). The JSON shape is defined here and nowhere else.
 */
sealed interface Projection<T> {

  /** The projection that reads rows in {@code view}. */
  @SuppressWarnings("unchecked") // each view is paired with the projection of its own T
  static <T> Projection<T> of(NodeView<T> view) {
    return (Projection<T>) switch (view) {
      case NodeView.AsNode v -> NODE;
      case NodeView.AsJson v -> JSON;
      case NodeView.AsBoth v -> NODE_AND_JSON;
    };
  }

  /** The SELECT list, over the nodes table aliased {@code n} joined with {@link WorkingSet#JOIN}. */
  String columns();

  /** Maps the current row. */
  T map(ResultSet rs) throws SQLException;

  /** See {@link NodeView#NODE}. */
  Projection<Node> NODE = new AsNode();

  /** See {@link NodeView#JSON}. */
  Projection<String> JSON = new AsJson();

  /** See {@link NodeView#NODE_AND_JSON}. */
  Projection<NodeAndJson> NODE_AND_JSON = new AsBoth();

  /** See {@link #NODE_AND_JSON}: the record's columns first, as {@link RowMapping} reads them. */
  record AsBoth() implements Projection<NodeAndJson> {
    private static final String COLUMNS = NODE.columns() + ", " + JSON.columns();
    private static final int JSON_COLUMN = 24;

    @Override
    public String columns() {
      return COLUMNS;
    }

    @Override
    public NodeAndJson map(ResultSet rs) throws SQLException {
      return new NodeAndJson(RowMapping.toNode(rs), rs.getString(JSON_COLUMN));
    }
  }

  /** See {@link #NODE}. */
  record AsNode() implements Projection<Node> {
    @Override
    public String columns() {
      return "n.id, n.kind, n.title, n.body, n.status, n.priority, n.due, n.recur, n.tags, n.links, n.parent,"
          + " n.deleted, n.created, n.updated, n.conflict_mask, " + WorkingSet.NUM_COLUMN
          + ", n.project, n.scheduled, n.wait, n.until, n.start, n.annotations, n.udas";
    }

    @Override
    public Node map(ResultSet rs) throws SQLException {
      return RowMapping.toNode(rs);
    }
  }

  /** See {@link #JSON}. */
  record AsJson() implements Projection<String> {
    private static final String SQL = "json_object('id', n.id, 'kind', n.kind, 'title', n.title, 'body', n.body,"
        + " 'status', n.status, 'priority', n.priority, 'due', n.due, 'tags', json(n.tags), 'links', json(n.links),"
        + " 'parent', n.parent, 'deleted', json(CASE n.deleted WHEN 0 THEN 'false' ELSE 'true' END),"
        + " 'created', " + iso("n.created") + ", 'updated', " + iso("n.updated") + ", 'conflicts', "
        + conflictNames() + ", 'project', n.project, 'wait', n.wait, 'scheduled', n.scheduled, 'until', n.until,"
        + " 'start', n.start, 'annotations', json(n.annotations), 'depends', " + depends() + ","
        + " 'udas', json(n.udas))";

    /** {@code "num"} comes first, and only on numbered nodes (open ones): spliced before the object's first key. */
    private static final String WITH_NUM = "'{' || coalesce('\"num\":' || " + WorkingSet.NUM_COLUMN
        + " || ',', '') || substr(" + SQL + ", 2)";

    @Override
    public String columns() {
      return WITH_NUM;
    }

    @Override
    public String map(ResultSet rs) throws SQLException {
      return rs.getString(1);
    }

    /** ISO-8601 instant with milliseconds from an hlc column (its first 15 digits are unix millis). */
    private static String iso(String hlcColumn) {
      String millis = "CAST(substr(" + hlcColumn + ", 1, 15) AS INTEGER)";
      return "strftime('%Y-%m-%dT%H:%M:%S', " + millis + " / 1000, 'unixepoch') || printf('.%03dZ', " + millis
          + " % 1000)";
    }

    /** The targets of the node's {@code depends} links, in the links' order. */
    private static String depends() {
      // A subquery's result loses its JSON subtype: json() gives it back, or it would be quoted as text.
      return "CASE n.links WHEN '[]' THEN json('[]') ELSE json((SELECT json_group_array(l.value ->> '$.to')"
          + " FROM json_each(n.links) l WHERE l.value ->> '$.type' = '" + Node.DEPENDS + "')) END";
    }

    /** The conflicting fields' names, in field order, from the conflict bit mask. */
    private static String conflictNames() {
      StringBuilder fields = new StringBuilder();
      for (Field f : Field.values()) {
        fields.append(fields.isEmpty() ? "" : " UNION ALL ").append("SELECT ").append(f.bit()).append(" AS bit, '")
            .append(f.wireName()).append("' AS name");
      }
      return "CASE n.conflict_mask WHEN 0 THEN json('[]') ELSE json((SELECT json_group_array(name) FROM ("
          + fields + " ORDER BY bit) WHERE n.conflict_mask & bit)) END";
    }
  }
}
