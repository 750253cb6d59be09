package dev.heph.cli;

import dev.heph.core.text.TerminalText;
import dev.heph.core.Node;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The human table of {@code heph list}: working-set numbers and short ids, both of which the CLI
 * accepts back, one node a line.
 */
final class NodeTable {
  private static final int MAX_TITLE = 60;

  private final int idLength;
  private final List<String[]> rows = new ArrayList<>();

  NodeTable(int idLength) {
    this.idLength = idLength;
  }

  void add(Node n) {
    String state = Labels.state(n);
    if (n.deleted()) {
      state = state + ",deleted";
    }
    if (!n.conflicts().isEmpty()) {
      state = state + "!";
    }
    String title = Labels.title(n);
    if (title.length() > MAX_TITLE) {
      title = title.substring(0, title.offsetByCodePoints(0, MAX_TITLE - 1)) + "…";
    }
    rows.add(new String[] {n.num() == null ? "" : n.num().toString(), n.id().substring(0, idLength), state, TerminalText.line(n.priority()),
        TerminalText.line(n.due()), title,
        n.tags().isEmpty() ? "" : "+" + TerminalText.line(String.join(" +", n.tags()))});
  }

  void print(PrintStream out) {
    String[] header = {"#", "ID", "STATUS", "P", "DUE", "TITLE", "TAGS"};
    int[] widths = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      widths[i] = header[i].length();
    }
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    if (!rows.isEmpty()) {
      line(out, header, widths);
      for (String[] row : rows) {
        line(out, row, widths);
      }
    }
    out.println(rows.size() == 1 ? "1 node" : rows.size() + " nodes");
    if (rows.stream().anyMatch(r -> r[2].endsWith("!"))) {
      out.println("! = conflicting edits; see heph conflicts");
    }
  }

  private static void line(PrintStream out, String[] cells, int[] widths) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      sb.append(cells[i]);
      if (i < cells.length - 1) {
        sb.repeat(' ', widths[i] - cells[i].length() + 2);
      }
    }
    out.println(sb.toString().stripTrailing());
  }
}
