package dev.heph.cli;

import dev.heph.core.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code heph edit ID} puts in the editor, as {@code git commit} does: the title on the first
 * line, a blank line, the body, then lines starting with {@code #} that explain the format and are
 * dropped. A line of the node's own that starts with {@code #} (a Markdown heading) is written
 * with a {@code \} before it and read back without, so that it survives the round trip.
 */
record EditorText(String title, String body) {
  private static final Pattern ESCAPED = Pattern.compile("^\\\\+#");
  private static final Pattern NEEDS_ESCAPE = Pattern.compile("^\\\\*#");

  /** The file's text for {@code node}: title, blank line, body, blank line, comments. */
  static String render(Node node) {
    StringBuilder sb = new StringBuilder(escape(node.title() == null ? "" : node.title())).append("\n\n");
    if (node.body() != null && !node.body().isEmpty()) {
      node.body().lines().forEach(l -> sb.append(escape(l)).append('\n'));
      sb.append('\n');
    }
    return sb.append("# Edit the title (first line) and the body (after a blank line) of ")
        .append(node.isTask() ? "task " : "note ").append(node.id()).append(".\n")
        .append("# Lines starting with '#' are dropped; write '\\#' to start a line with '#'.\n")
        .append("# Save and quit to apply. An empty title, or a file saved unchanged, changes nothing.\n")
        .toString();
  }

  /**
   * Reads a saved file back: comments dropped, the first line is the title (a blank one is an
   * empty title), the lines after it are the body, without the blank lines around it.
   */
  static EditorText parse(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.startsWith("#")) {
        lines.add(ESCAPED.matcher(line).find() ? line.substring(1) : line);
      }
    }
    if (lines.isEmpty()) {
      return new EditorText("", "");
    }
    int start = 1;
    while (start < lines.size() && lines.get(start).isBlank()) {
      start++;
    }
    int end = lines.size();
    while (end > start && lines.get(end - 1).isBlank()) {
      end--;
    }
    return new EditorText(lines.getFirst().strip(), String.join("\n", lines.subList(start, end)));
  }

  private static String escape(String line) {
    return NEEDS_ESCAPE.matcher(line).find() ? "\\" + line : line;
  }
}
