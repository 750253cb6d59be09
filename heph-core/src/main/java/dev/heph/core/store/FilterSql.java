package dev.heph.core.store;

import dev.heph.core.op.Json;
import dev.heph.core.query.DateAttribute;
import dev.heph.core.query.DateMatch;
import dev.heph.core.query.Filter;
import dev.heph.core.query.TaskStatus;
import dev.heph.core.query.TextAttribute;
import dev.heph.core.query.TextMatch;
import dev.heph.core.query.VirtualTag;
import dev.heph.core.time.DateExpr;
import dev.heph.core.time.Moment;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Filter} as a condition over {@code nodes n}, every value a bound parameter. Each term
 * is true or false, never NULL (a nullable column is tested {@code IS NOT NULL} first, so {@code NOT}
 * and {@code xor} need no care), reads columns (never a row's JSON), and states its column ranges
 * as plain conjuncts, which the indexes can serve.
 *
 * <p>Moments are stored as an ISO date or a UTC instant; a date stands for its first second in the
 * person's zone. A comparison with an instant {@code T} is therefore two comparisons, one per
 * form: the dates against the day bounds of {@code T} in the zone, the instants against {@code T},
 * both under one index range that covers them.
 */
record FilterSql(String where, List<String> args) {

  /** The condition for {@code filter} at {@code now} in {@code zone}. */
  static FilterSql of(Filter filter, Instant now, ZoneId zone) {
    Builder b = new Builder(now, zone);
    b.add(filter);
    return new FilterSql(b.sql.toString(), List.copyOf(b.args));
  }

  /** Binds the arguments from parameter {@code first} on; the next free index. */
  int bind(PreparedStatement ps, int first) throws SQLException {
    for (String arg : args) {
      ps.setString(first++, arg);
    }
    return first;
  }

  /** What "pending" means on a row: an open or doing task, not deleted (waiting or not). */
  private static final String PENDING = "(n.kind = 'task' AND n.deleted = 0 AND n.status IN ('open', 'doing'))";

  /** The entries value of a depends link before its target id: {@code {"type":"depends","to":"}. */
  private static final String DEPENDS_PREFIX = "{\"type\":\"depends\",\"to\":\"";

  private static final class Builder {
    private final StringBuilder sql = new StringBuilder();
    private final List<String> args = new ArrayList<>();
    private final Instant now;
    private final ZoneId zone;

    Builder(Instant now, ZoneId zone) {
      this.now = new Moment.At(now).instant();
      this.zone = zone;
    }

    void add(Filter f) {
      switch (f) {
        case Filter.Everything e -> sql.append("1");
        case Filter.And(Filter l, Filter r) -> binary(l, " AND ", r);
        case Filter.Or(Filter l, Filter r) -> binary(l, " OR ", r);
        case Filter.Xor(Filter l, Filter r) -> binary(l, " <> ", r);
        case Filter.Not(Filter inner) -> {
          sql.append("NOT ");
          group(inner);
        }
        case Filter.HasTag(String tag) -> {
          sql.append("n.id IN (SELECT e.node FROM entries e WHERE e.field = 'tags' AND e.value = ?)");
          args.add(Json.quote(tag));
        }
        case Filter.Virtual(VirtualTag tag) -> virtual(tag);
        case Filter.Words(String text) -> {
          sql.append("(instr(coalesce(n.title, ''), ?) > 0 OR instr(coalesce(n.body, ''), ?) > 0)");
          args.add(text);
          args.add(text);
        }
        case Filter.Status(TaskStatus status) -> status(status);
        case Filter.Text(TextAttribute attr, TextMatch match, String value) -> text("n." + attr.column(), attr, match, value);
        case Filter.Date(DateAttribute attr, DateMatch match, DateExpr value) -> date(attr, match, value);
        case Filter.Live l -> {
          sql.append("(n.deleted = 0 AND (n.status IS NULL OR n.status NOT IN ('done', 'cancelled')) AND NOT ");
          waiting();
          sql.append(')');
        }
      }
    }

    private void binary(Filter l, String op, Filter r) {
      sql.append('(');
      group(l);
      sql.append(op);
      group(r);
      sql.append(')');
    }

    private void group(Filter f) {
      sql.append('(');
      add(f);
      sql.append(')');
    }

    private void status(TaskStatus status) {
      switch (status) {
        case PENDING -> {
          sql.append('(').append(PENDING).append(" AND NOT ");
          waiting();
          sql.append(')');
        }
        case WAITING -> {
          sql.append('(').append(PENDING).append(" AND ");
          waiting();
          sql.append(')');
        }
        case COMPLETED -> sql.append("(n.deleted = 0 AND n.status IS 'done')");
        case DELETED -> sql.append("(n.deleted = 1 OR n.status IS 'cancelled')");
      }
    }

    /** wait is later than now. */
    private void waiting() {
      compare("n.wait", DateMatch.AFTER, new Moment.At(now));
    }

    private void virtual(VirtualTag tag) {
      switch (tag) {
        case OVERDUE -> pendingAnd("n.due", DateMatch.BEFORE, new Moment.At(now));
        case TODAY -> pendingAnd("n.due", DateMatch.SAME_DAY, day(0));
        case TOMORROW -> pendingAnd("n.due", DateMatch.SAME_DAY, day(1));
        case YESTERDAY -> pendingAnd("n.due", DateMatch.SAME_DAY, day(-1));
        case ACTIVE -> sql.append('(').append(PENDING).append(" AND n.start IS NOT NULL)");
        case BLOCKED -> blocked();
        case UNBLOCKED -> {
          sql.append("NOT ");
          blocked();
        }
        case BLOCKING -> sql.append("n.id IN (SELECT substr(e.value, ").append(DEPENDS_PREFIX.length() + 1)
            .append(", length(e.value) - ").append(DEPENDS_PREFIX.length() + 2).append(")")
            .append(" FROM entries e JOIN nodes b ON b.id = e.node WHERE e.field = 'links' AND ")
            .append(dependsRange("e.value")).append(" AND ").append(PENDING.replace("n.", "b.")).append(')');
        case WAITING -> status(TaskStatus.WAITING);
        case PENDING -> status(TaskStatus.PENDING);
        case COMPLETED -> status(TaskStatus.COMPLETED);
        case DELETED -> status(TaskStatus.DELETED);
        case TAGGED -> sql.append("n.tags <> '[]'");
        case ANNOTATED -> sql.append("n.annotations <> '[]'");
        case PROJECT -> sql.append("n.project IS NOT NULL");
        case SCHEDULED -> sql.append("n.scheduled IS NOT NULL");
        case UNTIL -> sql.append("n.until IS NOT NULL");
      }
    }

    /** Depends on a pending task: the link's target id is the entry's value without its JSON frame. */
    private void blocked() {
      sql.append("EXISTS (SELECT 1 FROM entries e JOIN nodes d ON d.id = substr(e.value, ")
          .append(DEPENDS_PREFIX.length() + 1).append(", length(e.value) - ").append(DEPENDS_PREFIX.length() + 2)
          .append(") WHERE e.node = n.id AND e.field = 'links' AND ").append(dependsRange("e.value"))
          .append(" AND ").append(PENDING.replace("n.", "d.")).append(')');
    }

    private static String dependsRange(String column) {
      // '"' + 1 is '#': every value that starts with the prefix sorts in [prefix, prefix with '#').
      String quoted = DEPENDS_PREFIX.replace("'", "''");
      return column + " >= '" + quoted + "' AND " + column + " < '" + quoted.substring(0, quoted.length() - 1) + "#'";
    }

    private Moment day(int fromToday) {
      return new Moment.Day(LocalDate.ofInstant(now, zone).plusDays(fromToday));
    }

    private void pendingAnd(String column, DateMatch match, Moment m) {
      sql.append('(').append(PENDING).append(" AND ");
      compare(column, match, m);
      sql.append(')');
    }

    private void text(String c, TextAttribute attr, TextMatch match, String value) {
      switch (match) {
        case EQUALS -> {
          if (attr == TextAttribute.PROJECT) {
            // The project or one under it: "Home" or anything in ["Home.", "Home/"), '/' being '.' + 1.
            // "Home" itself or anything from "Home." on, inside the one range ["Home", "Home/"): '/' is '.' + 1.
            sql.append("(").append(c).append(" IS NOT NULL AND ").append(c).append(" >= ? AND ").append(c)
                .append(" < ? AND (").append(c).append(" = ? OR ")
                .append(c).append(" >= ?))");
            args.addAll(List.of(value, value + "/", value, value + "."));
          } else {
            startsWith(c, value);
          }
        }
        case IS -> {
          // "= ?" under "IS NOT NULL", not "IS ?": the partial indexes serve only the former.
          sql.append("(").append(c).append(" IS NOT NULL AND ").append(c).append(" = ?)");
          args.add(value);
        }
        case HAS -> {
          sql.append("instr(coalesce(").append(c).append(", ''), ?) > 0");
          args.add(value);
        }
        case STARTSWITH -> startsWith(c, value);
        case ENDSWITH -> {
          sql.append("(").append(c).append(" IS NOT NULL AND substr(").append(c).append(", -length(?)) = ?)");
          args.add(value);
          args.add(value);
        }
        case NONE -> sql.append(c).append(" IS NULL");
      }
    }

    private void startsWith(String c, String value) {
      sql.append("(").append(c).append(" IS NOT NULL AND substr(").append(c).append(", 1, length(?)) = ?)");
      args.add(value);
      args.add(value);
    }

    private void date(DateAttribute attr, DateMatch match, DateExpr value) {
      String c = "n." + attr.column();
      if (match == DateMatch.NONE) {
        sql.append(c).append(" IS NULL");
        return;
      }
      Moment m = value.resolve(now, zone);
      if (attr.isMoment()) {
        compare(c, match, m);
      } else {
        clockReading(c, match, m);
      }
    }

    /**
     * A moment column against {@code m}. Bounds: the instant {@code t} that {@code m} stands for,
     * the last day starting at or before it ({@code dLe}) and the first day starting at or after
     * it ({@code dGe}); a stored day {@code v} starts before {@code t} exactly when {@code v < dGe}.
     */
    private void compare(String c, DateMatch match, Moment m) {
      Instant t = m.start(zone);
      String at = t.toString();
      LocalDate le = LocalDate.ofInstant(t, zone);
      boolean midnight = le.atStartOfDay(zone).toInstant().equals(t);
      String dLe = le.toString();
      String dGe = (midnight ? le : le.plusDays(1)).toString();
      switch (match) {
        case BEFORE -> forms(c, "<", max(dGe, at), "<", dGe, "<", at);
        case BY -> forms(c, "<=", max(dLe, at), "<=", dLe, "<=", at);
        case AFTER -> forms(c, ">", min(dLe, at), ">", dLe, ">", at);
        case IS -> {
          if (midnight) {
            sql.append("(").append(c).append(" IS NOT NULL AND ").append(c).append(" IN (?, ?))");
            args.add(dLe);
            args.add(at);
          } else {
            sql.append("(").append(c).append(" IS NOT NULL AND ").append(c).append(" = ?)");
            args.add(at);
          }
        }
        case SAME_DAY -> {
          LocalDate d = m.day(zone);
          String from = d.atStartOfDay(zone).toInstant().toString();
          String to = d.plusDays(1).atStartOfDay(zone).toInstant().toString();
          sql.append("(").append(c).append(" IS NOT NULL AND ").append(c).append(" >= ? AND ").append(c)
              .append(" <= ? AND (").append(c).append(" = ? OR (length(").append(c).append(") > 10 AND ").append(c)
              .append(" >= ? AND ").append(c).append(" < ?)))");
          args.addAll(List.of(min(d.toString(), from), max(d.toString(), to), d.toString(), from, to));
        }
        case NONE -> sql.append(c).append(" IS NULL");
      }
    }

    /** One index range over both forms, then each form against its own bound. */
    private void forms(String c, String rangeOp, String range, String dayOp, String day, String atOp, String at) {
      sql.append("(").append(c).append(" IS NOT NULL AND ").append(c).append(' ').append(rangeOp)
          .append(" ? AND (length(").append(c).append(") = 10 AND ").append(c).append(' ').append(dayOp)
          .append(" ? OR length(").append(c).append(") > 10 AND ").append(c).append(' ').append(atOp).append(" ?))");
      args.add(range);
      args.add(day);
      args.add(at);
    }

    /** created/updated hold clock readings, 15-digit milliseconds first: compared by the second. */
    private void clockReading(String c, DateMatch match, Moment m) {
      long t = m.start(zone).toEpochMilli();
      long nextSecond = t + 1000;
      switch (match) {
        case BEFORE -> range(c, null, t);
        case BY -> range(c, null, nextSecond);
        case AFTER -> range(c, nextSecond, null);
        case IS -> range(c, t, nextSecond);
        case SAME_DAY -> {
          LocalDate d = m.day(zone);
          range(c, d.atStartOfDay(zone).toInstant().toEpochMilli(),
              d.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
        }
        case NONE -> sql.append(c).append(" IS NULL");
      }
    }

    /** Readings in [from, to) milliseconds (null: unbounded). */
    private void range(String c, Long from, Long to) {
      sql.append("(").append(c).append(" IS NOT NULL");
      if (from != null) {
        sql.append(" AND ").append(c).append(" >= ?");
        args.add(millis(from));
      }
      if (to != null) {
        sql.append(" AND ").append(c).append(" < ?");
        args.add(millis(to));
      }
      sql.append(')');
    }

    private static String millis(long ms) {
      String m = Long.toString(ms);
      return "0".repeat(Math.max(0, 15 - m.length())) + m;
    }

    private static String max(String a, String b) {
      return a.compareTo(b) >= 0 ? a : b;
    }

    private static String min(String a, String b) {
      return a.compareTo(b) <= 0 ? a : b;
    }
  }
}
