package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.Node;
import dev.heph.core.NodeView;
import dev.heph.core.query.Filter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code heph export --format markdown}: a checklist a person can paste anywhere, one section per
 * project (nodes without one last), tasks as {@code - [ ]}/{@code - [x]} items with their due date
 * and tags, notes as plain items; a deleted node is struck through.
 */
final class MarkdownExport {
  private MarkdownExport() {}

  private static final String NO_PROJECT = "\uffff"; // sorts after every project name

  static void write(Heph heph, Filter filter, PrintStream out) {
    Map<String, List<Node>> byProject = new TreeMap<>();
    heph.query(filter, NodeView.NODE, n -> byProject.computeIfAbsent(project(n), p -> new ArrayList<>()).add(n));
    boolean first = true;
    for (Map.Entry<String, List<Node>> section : byProject.entrySet()) {
      if (!first) {
        out.println();
      }
      first = false;
      out.println("## " + (section.getKey().equals(NO_PROJECT) ? "No project" : escape(section.getKey())));
      out.println();
      for (Node n : section.getValue()) {
        out.println(item(n));
      }
    }
  }

  /** The node's project; notes and tasks without one share the last section. */
  private static String project(Node n) {
    return n.project() == null ? NO_PROJECT : n.project();
  }

  private static String item(Node n) {
    String box = !n.isTask() ? "- " : "done".equals(n.status()) ? "- [x] " : "- [ ] ";
    String title = escape(n.title() == null ? "(untitled)" : n.title());
    StringBuilder sb = new StringBuilder(box).append(n.deleted() || "cancelled".equals(n.status()) ? "~~" + title + "~~" : title);
    if (n.due() != null) {
      sb.append(" (due ").append(n.due()).append(')');
    }
    for (String tag : n.tags()) {
      sb.append(" `+").append(tag.replace("`", "'")).append('`');
    }
    return sb.toString();
  }

  /** Markdown's special characters, escaped so that a title reads as text. */
  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if ("\\`*_[]<>#~|".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
