package dev.heph.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.cli.Table.Cell;
import dev.heph.cli.Table.Column;
import dev.heph.core.Heph;
import dev.heph.core.ProjectCount;
import dev.heph.core.text.TerminalText;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code heph projects}: each project with its pending and done tasks and the share done,
 * sub-projects nested under their parents; a project's counts include its sub-projects'.
 */
final class ProjectsCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    return Spec.command(this, "projects", new String[] {
        "Projects with their pending and done tasks and %% done; sub-projects (Home.Garden) are nested",
        "under their parents, whose counts include them. Deleted tasks are not counted.",
        "With --json, prints [{\"project\",\"pending\",\"done\",\"percent\"}], parents included."});
  }

  /** A project's counts with its sub-projects'; the key orders parents before children, segment by segment. */
  private record Totals(String name, int depth, int pending, int done) {
    int percent() {
      return pending + done == 0 ? 0 : (int) Math.floor(100.0 * done / (pending + done));
    }
  }

  @Override
  public int run(Invocation in) throws IOException {
    List<Totals> rows;
    try (Heph heph = in.open()) {
      rows = totals(heph.projects());
    }
    Output out = in.out();
    if (in.json()) {
      JsonGenerator g = out.json();
      g.writeStartArray();
      for (Totals t : rows) {
        g.writeStartObject();
        g.writeStringField("project", t.name());
        g.writeNumberField("pending", t.pending());
        g.writeNumberField("done", t.done());
        g.writeNumberField("percent", t.percent());
        g.writeEndObject();
      }
      g.writeEndArray();
      out.endDocument();
      return 0;
    }
    Table table = new Table(List.of(Column.shrinking("PROJECT", 1, 8, 0), Column.number("PENDING"),
        Column.number("DONE"), Column.number("% DONE")));
    for (Totals t : rows) {
      String leaf = t.name().substring(t.name().lastIndexOf('.') + 1);
      table.add(Style.NONE, List.of(Cell.of("  ".repeat(t.depth()) + TerminalText.line(leaf)),
          Cell.of(Integer.toString(t.pending())), Cell.of(Integer.toString(t.done())), Cell.of(t.percent() + "%")));
    }
    PrintStream p = out.rendered();
    table.lines(in.terminal()).forEach(p::println);
    p.println(rows.size() == 1 ? "1 project" : rows.size() + " projects");
    return 0;
  }

  /** Every project and its ancestors, each with the counts of its own tasks and its sub-projects'. */
  static List<Totals> totals(List<ProjectCount> counts) {
    TreeMap<List<String>, int[]> tree = new TreeMap<>(ProjectsCommand::bySegments);
    for (ProjectCount c : counts) {
      List<String> segments = Arrays.asList(c.project().split("\\.", -1));
      for (int i = 1; i <= segments.size(); i++) {
        int[] sum = tree.computeIfAbsent(List.copyOf(segments.subList(0, i)), k -> new int[2]);
        sum[0] += c.pending();
        sum[1] += c.done();
      }
    }
    return tree.entrySet().stream()
        .map(e -> new Totals(String.join(".", e.getKey()), e.getKey().size() - 1, e.getValue()[0], e.getValue()[1]))
        .toList();
  }

  private static int bySegments(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
