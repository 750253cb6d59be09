package dev.heph.core.store;

import dev.heph.core.NodeView;
import dev.heph.core.ProjectCount;
import dev.heph.core.Ranked;
import dev.heph.core.Report;
import dev.heph.core.TagCount;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The reports' queries: one indexed query each, with urgency computed, sorted and limited by
 * SQLite ({@link Urgency}), so that a report of the ten most urgent of 10,000 tasks reads ten rows
 * into Java, not 10,000.
 */
public final class ReportQueries {
  private final Tx tx;

  ReportQueries(Tx tx) {
    this.tx = tx;
  }

  private static final String TASK = "n.kind = 'task'";
  private static final String PENDING = TASK + " AND n.deleted = 0 AND (n.status IS NULL OR n.status IN ('open', 'doing'))";
  private static final String WAITING = "n.wait IS NOT NULL AND " + Urgency.epoch("n.wait") + " > c.now";
  /** Due before today (an all-day date: its local day is over) or before now (an instant). */
  private static final String OVERDUE = "n.due IS NOT NULL AND CASE WHEN length(n.due) = 10 THEN "
      + Urgency.epoch("n.due") + " + 86400 <= c.now ELSE " + Urgency.epoch("n.due") + " < c.now END";

  /**
   * Streams the tasks of {@code report} in its order, each with its urgency at {@code now} in
   * {@code zone} (whose offset now is {@code zoneOffsetSeconds} east of UTC).
   */
  public <T> void report(Report report, Instant now, ZoneId zone, int zoneOffsetSeconds, NodeView<T> view,
      Consumer<Ranked<T>> sink) throws SQLException {
    Projection<T> projection = Projection.of(view);
    FilterSql filter = FilterSql.of(report.filter(), now, zone);
    String where = switch (report.scope()) {
      case NEXT -> PENDING + " AND NOT (" + WAITING + ")";
      case ALL -> TASK;
      case COMPLETED -> TASK + " AND n.deleted = 0 AND n.status = 'done'";
      case OVERDUE -> PENDING + " AND " + OVERDUE;
      case WAITING -> PENDING + " AND " + WAITING;
    };
    Order order = switch (report.scope()) {
      case NEXT, OVERDUE -> new Order("NULL", "urgency DESC, n.id", "r.urgency DESC, n.id");
      case ALL -> new Order("NULL", "n.id", "n.id");
      case COMPLETED -> new Order("n.updated", "k, n.id", "r.k, n.id");
      case WAITING -> new Order(Urgency.epoch("n.wait"), "k, n.id", "r.k, n.id");
    };
    String ranked = "SELECT n.id AS rid, " + Urgency.SQL + " AS urgency, " + order.key() + " AS k FROM nodes n"
        + Urgency.JOIN_CLOCK + " WHERE " + where + " AND (" + filter.where() + ") ORDER BY " + order.ranked()
        + (report.limit() > 0 ? " LIMIT " + report.limit() : "");
    String sql = Urgency.CLOCK + "SELECT " + projection.columns() + ", r.urgency AS urgency FROM (" + ranked
        + ") r JOIN nodes n ON n.id = r.rid" + WorkingSet.JOIN + " ORDER BY " + order.read();
    PreparedStatement ps = tx.statement(sql);
    ps.setLong(1, now.getEpochSecond());
    ps.setInt(2, zoneOffsetSeconds);
    filter.bind(ps, 3); // after the clock's two parameters, which come first in the text
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        sink.accept(new Ranked<>(projection.map(rs), rs.getDouble("urgency")));
      }
    }
  }

  /**
   * A scope's order: the inner query sorts and limits rows that carry only the id, the urgency
   * and the sort {@code key} (every column riding through the sorter cost a third more), by
   * {@code ranked}; the outer query reads the kept rows' columns in the same order, {@code read}.
   */
  private record Order(String key, String ranked, String read) {}

  /** Each project named by a task that is not deleted, with its own pending and done counts, by name. */
  public List<ProjectCount> projects() throws SQLException {
    List<ProjectCount> out = new ArrayList<>();
    try (ResultSet rs = tx.statement("SELECT n.project,"
        + " sum(n.status IS NULL OR n.status IN ('open', 'doing')), sum(n.status = 'done')"
        + " FROM nodes n WHERE " + TASK + " AND n.deleted = 0 AND n.project IS NOT NULL"
        + " GROUP BY n.project ORDER BY n.project").executeQuery()) {
      while (rs.next()) {
        out.add(new ProjectCount(rs.getString(1), rs.getInt(2), rs.getInt(3)));
      }
    }
    return out;
  }

  /** Each tag of a pending task, with how many pending tasks carry it, by tag. */
  public List<TagCount> tags() throws SQLException {
    List<TagCount> out = new ArrayList<>();
    try (ResultSet rs = tx.statement("SELECT json_extract(e.value, '$') AS tag, count(DISTINCT e.node)"
        + " FROM entries e JOIN nodes n ON n.id = e.node WHERE e.field = 'tags' AND " + PENDING
        + " GROUP BY e.value ORDER BY tag").executeQuery()) {
      while (rs.next()) {
        out.add(new TagCount(rs.getString(1), rs.getInt(2)));
      }
    }
    return out;
  }
}
