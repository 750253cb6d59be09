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

  /** A row, with each cell's width measured once. */
  private record Row(List<Cell> cells, int[] widths, Style style) {}

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
    int[] widths = new int[cells.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = Cells.width(cells.get(i).text());
    }
    rows.add(new Row(List.copyOf(cells), widths, rowStyle));
  }

  /** The header and the rows, one string per line (no newline), fitted to {@code terminal}. */
  List<String> lines(Terminal terminal) {
    List<String> out = new ArrayList<>(rows.size() + 1);
    if (rows.isEmpty()) {
      return out;
    }
    boolean[] hidden = new boolean[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      hidden[i] = columns.get(i).hideWhenEmpty();
      for (int r = 0; hidden[i] && r < rows.size(); r++) {
        hidden[i] = rows.get(r).widths()[i] == 0;
      }
    }
    int[] widths = widths(terminal.width(), hidden);
    List<Cell> header = columns.stream().map(c -> new Cell(c.header(), Style.NONE)).toList();
    int[] headerWidths = columns.stream().mapToInt(c -> Cells.width(c.header())).toArray();
    out.add(line(new Row(header, headerWidths, Style.HEADER), widths, hidden, terminal));
    for (Row row : rows) {
      out.add(line(row, widths, hidden, terminal));
    }
    return out;
  }

  /** Each column's width: its widest cell, then cut (shrinkable columns in order) until the line fits. */
  private int[] widths(int limit, boolean[] hidden) {
    int n = columns.size();
    int[] widths = new int[n];
    for (int i = 0; i < n; i++) {
      if (hidden[i]) {
        continue;
      }
      widths[i] = Cells.width(columns.get(i).header());
      for (Row row : rows) {
        widths[i] = Math.max(widths[i], row.widths()[i]);
      }
      int cap = columns.get(i).cap();
      if (limit == 0 && cap > 0) {
        widths[i] = Math.min(widths[i], cap);
      }
    }
    if (limit == 0) {
      return widths;
    }
    int excess = total(widths, hidden) - limit;
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

  private static int total(int[] widths, boolean[] hidden) {
    int sum = 0;
    int shown = 0;
    for (int i = 0; i < widths.length; i++) {
      if (!hidden[i]) {
        sum += widths[i];
        shown++;
      }
    }
    return sum + GAP * Math.max(0, shown - 1);
  }

  private String line(Row row, int[] widths, boolean[] hidden, Terminal terminal) {
    List<Cell> cells = row.cells();
    // Trailing empty cells print nothing, so a line never ends in padding.
    int last = cells.size() - 1;
    while (last > 0 && (hidden[last] || cells.get(last).text().isEmpty())) {
      last--;
    }
    StringBuilder sb = new StringBuilder();
    int used = 0;
    int owed = 0; // padding of the previous left-aligned cell, written only if something follows
    boolean first = true;
    for (int i = 0; i <= last; i++) {
      if (hidden[i]) {
        continue;
      }
      Column column = columns.get(i);
      String text = cells.get(i).text();
      int width = row.widths()[i];
      if (width > widths[i]) {
        text = Cells.fit(text, widths[i]);
        width = Cells.width(text);
      }
      int pad = widths[i] - width;
      int before = owed + (first ? 0 : GAP) + (column.right() ? pad : 0);
      first = false;
      int room = terminal.width() > 0 ? terminal.width() - used - before : Integer.MAX_VALUE;
      if (room <= 0) {
        break;
      }
      // Too narrow even with every column cut to its least: the line itself is cut, never wrapped.
      boolean cut = width > room;
      if (cut) {
        text = Cells.fit(text, room);
        width = Cells.width(text);
      }
      sb.repeat(' ', before);
      sb.append(terminal.colour() ? cells.get(i).style().paint(text, row.style()) : text);
      used += before + width;
      if (cut) {
        break;
      }
      owed = column.right() ? 0 : pad;
    }
    return sb.toString();
  }
}
