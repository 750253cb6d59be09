package dev.heph.cli;

import dev.heph.cli.Table.Cell;
import dev.heph.cli.Table.Column;
import dev.heph.core.Node;
import dev.heph.core.text.TerminalText;
import java.io.PrintStream;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * The human table of nodes ({@code heph list}, {@code search} and the reports): working-set
 * numbers and short ids, both of which the CLI accepts back, one node a line, fitted to the
 * terminal and coloured by {@link Table}: overdue rows red, rows due today yellow, finished rows
 * dim, the priority by level and a conflict's {@code !} in magenta.
 */
final class NodeTable {

  /** The columns a report may show, each with how it reads a node. */
  enum Col {
    NUM(Column.fixed("#")),
    ID(Column.fixed("ID")),
    STATUS(Column.fixed("STATUS")),
    PRIORITY(Column.fixed("P")),
    PROJECT(Column.shrinking("PROJECT", 1, 6, 0).optional()),
    /** The due moment in local time. */
    DUE(Column.fixed("DUE")),
    /** The due moment relative to now ({@code 2d}, {@code -3h}). */
    DUE_IN(Column.fixed("DUE")),
    /** The wait moment relative to now. */
    WAIT_IN(Column.fixed("WAIT").optional()),
    // Tags give up their width before the title, which keeps at least 10 cells while anything can give.
    TITLE(Column.shrinking("TITLE", 2, 10, 60)),
    TAGS(Column.shrinking("TAGS", 1, 5, 0)),
    URGENCY(Column.number("URG"));

    final Column column;

    Col(Column column) {
      this.column = column;
    }
  }

  /** {@code heph list}'s columns. */
  static final List<Col> LIST = List.of(Col.NUM, Col.ID, Col.STATUS, Col.PRIORITY, Col.PROJECT, Col.DUE, Col.TITLE,
      Col.TAGS);

  private final List<Col> cols;
  private final boolean report;
  private final ToIntFunction<List<String>> idLength;
  private final Terminal terminal;
  private final ZonedDateTime now;
  private final List<Node> nodes = new ArrayList<>();
  private final List<Double> urgencies = new ArrayList<>();
  private boolean anyConflict;

  /**
   * A table of {@code cols}. A report's table ({@code report}) leaves out the columns no row has
   * a value in, as Taskwarrior's do; {@code list} keeps its columns (scripts may read them).
   * {@code idLength} gives the id prefix length that tells the rows' ids apart from every node's.
   */
  NodeTable(List<Col> cols, boolean report, ToIntFunction<List<String>> idLength, Terminal terminal,
      ZonedDateTime now) {
    this.cols = List.copyOf(cols);
    this.report = report;
    this.idLength = idLength;
    this.terminal = terminal;
    this.now = now;
  }

  /** {@code heph list}'s table. */
  NodeTable(ToIntFunction<List<String>> idLength, Terminal terminal, ZonedDateTime now) {
    this(LIST, false, idLength, terminal, now);
  }

  void add(Node n) {
    add(n, null);
  }

  /** Adds a node, with its urgency when the table shows one. */
  void add(Node n, Double urgency) {
    nodes.add(n);
    urgencies.add(urgency);
    anyConflict |= !n.conflicts().isEmpty();
  }

  private Cell cell(Col c, Node n, Double urgency, int idLength) {
    return switch (c) {
      case NUM -> Cell.of(n.num() == null ? "" : n.num().toString());
      case ID -> Cell.of(n.id().substring(0, Math.min(idLength, n.id().length())));
      case STATUS -> status(n);
      case PRIORITY -> new Cell(TerminalText.line(n.priority()), priorityStyle(n.priority()));
      case DUE -> Cell.of(TerminalText.line(When.local(n.due(), now)));
      case DUE_IN -> Cell.of(TerminalText.line(When.relative(n.due(), now)));
      case PROJECT -> Cell.of(TerminalText.line(n.project()));
      case WAIT_IN -> Cell.of(TerminalText.line(When.relative(n.waitUntil(), now)));
      case TITLE -> Cell.of(Labels.title(n));
      case TAGS -> Cell.of(n.tags().isEmpty() ? "" : "+" + TerminalText.line(String.join(" +", n.tags())));
      case URGENCY -> Cell.of(urgency == null ? "" : String.format(Locale.ROOT, "%.1f", urgency));
    };
  }

  private static Cell status(Node n) {
    String state = Labels.state(n);
    if (n.deleted()) {
      state = state + ",deleted";
    }
    if (!n.conflicts().isEmpty()) {
      return new Cell(state + "!", Style.CONFLICT);
    }
    return Cell.of(state);
  }

  private static Style priorityStyle(String priority) {
    return switch (priority == null ? "" : priority) {
      case "H" -> Style.PRIORITY_HIGH;
      case "M" -> Style.PRIORITY_MEDIUM;
      case "L" -> Style.PRIORITY_LOW;
      default -> Style.NONE;
    };
  }

  private Style rowStyle(Node n) {
    if (n.deleted() || "done".equals(n.status()) || "cancelled".equals(n.status())) {
      return Style.DONE;
    }
    Style due = n.isTask() ? When.dueStyle(n.due(), now) : Style.NONE;
    if (due == Style.NONE && "doing".equals(n.status())) {
      return Style.ACTIVE;
    }
    return due;
  }

  /** The table, then how many nodes it shows (and what {@code !} means when a row has one). */
  void print(Output out) {
    List<String> ids = new ArrayList<>(nodes.size());
    for (Node n : nodes) {
      ids.add(n.id());
    }
    int shortIds = nodes.isEmpty() ? 8 : idLength.applyAsInt(ids);
    Table table = new Table(cols.stream()
        .map(c -> report && c != Col.NUM && c != Col.ID && c != Col.TITLE ? c.column.optional() : c.column).toList());
    for (int i = 0; i < nodes.size(); i++) {
      List<Cell> cells = new ArrayList<>(cols.size());
      for (Col c : cols) {
        cells.add(cell(c, nodes.get(i), urgencies.get(i), shortIds));
      }
      table.add(rowStyle(nodes.get(i)), cells);
    }
    PrintStream p = out.rendered();
    for (String line : table.lines(terminal)) {
      p.println(line);
    }
    p.println(nodes.size() == 1 ? "1 node" : nodes.size() + " nodes");
    if (anyConflict) {
      p.println("! = conflicting edits; see heph conflicts");
    }
  }
}
