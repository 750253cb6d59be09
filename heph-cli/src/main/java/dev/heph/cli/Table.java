package dev.heph.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * heph's one table renderer: columns padded to their widest cell, fitted to the terminal's width
 * by cutting the shrinkable columns (with an ellipsis, never wrapping), coloured when the
 * terminal takes colour. Cells must be terminal-safe already ({@code TerminalText.line}); widths
 * count terminal cells, so wide and combining characters line up.
 */
final class Table {

  /**
   * A column. {@code shrink} orders which columns give up width first when the table is too wide
   * (1 first; 0 never), down to {@code min} cells; {@code cap} bounds the column when the width
   * is unknown (0: no bound). Right-aligned columns are numbers. A {@code hideWhenEmpty} column is
   * left out when none of its cells has text, as Taskwarrior's reports leave out empty columns.
   */
  record Column(String header, int shrink, int min, int cap, boolean right, boolean hideWhenEmpty) {
    static Column fixed(String header) {
      return new Column(header, 0, 0, 0, false, false);
    }

    static Column number(String header) {
      return new Column(header, 0, 0, 0, true, false);
    }

    static Column shrinking(String header, int order, int min, int cap) {
      return new Column(header, order, min, cap, false, false);
    }

    /** This column, left out when it would be empty. */
    Column optional() {
      return new Column(header, shrink, min, cap, right, true);
    }
  }

  /** One cell: its text and its own style (drawn over the row's). */
  record Cell(String text, Style style) {
    static Cell of(String text) {
      return new Cell(text, Style.NONE);
    }
  }

  private record Row(List<Cell> cells, Style style) {}

  private static final int GAP = 2;

  private final List<Column> columns;
  private final List<Row> rows = new ArrayList<>();

  Table(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  /** Adds a row with one cell per column. */
  void add(Style rowStyle, List<Cell> cells) {
    if (cells.size() != columns.size()) {
      throw new IllegalArgumentException(cells.size() + " cells for " + columns.size() + " columns");
    }
    rows.add(new Row(List.copyOf(cells), rowStyle));
  }

  int size() {
    return rows.size();
  }

  /** The header and the rows, one string per line (no newline), fitted to {@code terminal}. */
  List<String> lines(Terminal terminal) {
    List<String> out = new ArrayList<>(rows.size() + 1);
    if (rows.isEmpty()) {
      return out;
    }
    List<Integer> shown = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      int column = i;
      if (!columns.get(i).hideWhenEmpty() || rows.stream().anyMatch(r -> !r.cells().get(column).text().isEmpty())) {
        shown.add(i);
      }
    }
    if (shown.size() < columns.size()) {
      Table visible = new Table(shown.stream().map(columns::get).toList());
      for (Row row : rows) {
        visible.add(row.style(), shown.stream().map(row.cells()::get).toList());
      }
      return visible.lines(terminal);
    }
    int[] widths = widths(terminal.width());
    List<Cell> header = columns.stream().map(c -> new Cell(c.header(), Style.NONE)).toList();
    out.add(line(header, Style.HEADER, widths, terminal));
    for (Row row : rows) {
      out.add(line(row.cells(), row.style(), widths, terminal));
    }
    return out;
  }

  /** Each column's width: its widest cell, then cut (shrinkable columns in order) until the line fits. */
  private int[] widths(int limit) {
    int n = columns.size();
    int[] widths = new int[n];
    for (int i = 0; i < n; i++) {
      widths[i] = Cells.width(columns.get(i).header());
      for (Row row : rows) {
        widths[i] = Math.max(widths[i], Cells.width(row.cells().get(i).text()));
      }
      int cap = columns.get(i).cap();
      if (limit == 0 && cap > 0) {
        widths[i] = Math.min(widths[i], cap);
      }
    }
    if (limit == 0) {
      return widths;
    }
    int excess = total(widths) - limit;
    int order = 1;
    while (excess > 0 && order <= n) {
      for (int i = 0; i < n && excess > 0; i++) {
        Column c = columns.get(i);
        if (c.shrink() == order && widths[i] > c.min()) {
          int give = Math.min(excess, widths[i] - c.min());
          widths[i] -= give;
          excess -= give;
        }
      }
      order++;
    }
    return widths;
  }

  private static int total(int[] widths) {
    int sum = GAP * (widths.length - 1);
    for (int w : widths) {
      sum += w;
    }
    return sum;
  }

  private String line(List<Cell> cells, Style rowStyle, int[] widths, Terminal terminal) {
    // Trailing empty cells print nothing, so a line never ends in padding.
    int last = cells.size() - 1;
    while (last > 0 && cells.get(last).text().isEmpty()) {
      last--;
    }
    StringBuilder sb = new StringBuilder();
    int used = 0;
    int owed = 0; // padding of the previous left-aligned cell, written only if something follows
    for (int i = 0; i <= last; i++) {
      Column column = columns.get(i);
      String text = Cells.fit(cells.get(i).text(), widths[i]);
      int pad = widths[i] - Cells.width(text);
      int before = owed + (i > 0 ? GAP : 0) + (column.right() ? pad : 0);
      int room = terminal.width() > 0 ? terminal.width() - used - before : Integer.MAX_VALUE;
      if (room <= 0) {
        break;
      }
      // Too narrow even with every column cut to its least: the line itself is cut, never wrapped.
      boolean cut = Cells.width(text) > room;
      if (cut) {
        text = Cells.fit(text, room);
      }
      sb.repeat(' ', before);
      sb.append(terminal.colour() ? cells.get(i).style().paint(text, rowStyle) : text);
      used += before + Cells.width(text);
      if (cut) {
        break;
      }
      owed = column.right() ? 0 : pad;
    }
    return sb.toString();
  }
}
