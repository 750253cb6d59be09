package dev.heph.sync.sim;

import dev.heph.core.Heph;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.sqlite.JDBC;

/** A replica's canonical state as text: equal texts mean equal states, whatever the op order. */
final class StateDump {
  private StateDump() {}

  /** Materialized nodes, register heads, set elements and shadows: everything but local seqs. */
  static String state(Heph heph) {
    return withConnection(heph, c -> {
      StringBuilder sb = new StringBuilder();
      sb.append(table(c, "SELECT id, kind, title, body, status, priority, due, recur, parent, deleted, tags, links,"
          + " created, updated, conflict_mask, project, scheduled, wait, until, start, annotations, udas"
          + " FROM nodes ORDER BY id"));
      sb.append(table(c, "SELECT node, field, hlc, value FROM entries ORDER BY node, field, hlc"));
      sb.append(table(c, "SELECT node, field, hlc FROM shadowed ORDER BY node, field, hlc"));
      return sb.toString();
    });
  }

  /** The hlcs of every op in the log, sorted. */
  static List<String> opIds(Heph heph) {
    return withConnection(heph, c -> {
      List<String> out = new ArrayList<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT hlc FROM ops ORDER BY hlc")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  /** For a failure report: which of these ops a replica holds (seq, source) and its sync meta. */
  static String describe(Heph heph, java.util.Collection<String> hlcs) {
    return withConnection(heph, c -> {
      StringBuilder sb = new StringBuilder();
      for (String hlc : hlcs) {
        try (var ps = c.prepareStatement("SELECT seq, source FROM ops WHERE hlc = ?")) {
          ps.setString(1, hlc);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              sb.append(hlc, 0, 21).append("@").append(rs.getLong(1)).append(" src=").append(rs.getString(2)).append("; ");
            }
          }
        }
      }
      sb.append(table(c, "SELECT key, value FROM meta WHERE key LIKE 'sync.%' ORDER BY key").replace('\n', ' '));
      return sb.toString();
    });
  }

  private static String table(Connection c, String sql) throws SQLException {
    StringBuilder sb = new StringBuilder(sql).append('\n');
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        for (int i = 1; i <= md.getColumnCount(); i++) {
          sb.append(rs.getString(i)).append('|');
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  private interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  /** Reads through a separate connection to the same file: the store's own stays untouched. */
  private static <T> T withConnection(Heph heph, Query<T> query) {
    try (Connection c = JDBC.createConnection("jdbc:sqlite:" + heph.path(), new Properties())) {
      return query.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
