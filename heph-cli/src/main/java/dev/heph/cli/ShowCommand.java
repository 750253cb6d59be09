package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.Node;
import dev.heph.core.NodeView;
import dev.heph.core.text.TerminalText;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph show ID}: every field of one node, its annotations, and what it blocks or waits for. */
final class ShowCommand implements CliCommand {
  /** Width of the labels column ("conflicts: "). */
  private static final String INDENT = "           ";

  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "show", new String[] {"Show one node (number, id or unique prefix).",
        "Dates with a time are shown in your local time; annotations are listed under the fields, oldest first.",
        "A task is blocked while a task it depends on is open; it is blocking the open tasks that depend on it."},
        "", "--json prints the node object: dates as stored (YYYY-MM-DD or a UTC instant YYYY-MM-DDTHH:MM:SSZ).");
    spec.addPositional(Spec.positional(0, "ID", Ids.HELP));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    try (Heph heph = in.open()) {
      Output out = in.out();
      if (in.json()) {
        out.jsonText(heph.get(in.positional(0), NodeView.JSON));
        return 0;
      }
      Node n = heph.get(in.positional(0));
      ZoneId zone = heph.wallClock().getZone();
      PrintStream p = out.text();
      if (n.num() != null) {
        p.println("num:       " + n.num());
      }
      p.println("id:        " + n.id());
      p.println("kind:      " + Labels.kind(n));
      p.println("title:     " + Labels.title(n));
      if (n.isTask()) {
        p.println("status:    " + Labels.orNone(n.status()));
      }
      printIf(p, "project:   ", n.project());
      printIf(p, "priority:  ", n.priority());
      printMoment(p, "due:       ", n.due(), zone);
      printMoment(p, "scheduled: ", n.scheduled(), zone);
      printMoment(p, "wait:      ", n.waitUntil(), zone);
      printMoment(p, "until:     ", n.until(), zone);
      if (n.start() != null) {
        p.println("start:     " + Labels.moment(n.start(), zone) + " (active; heph stop ends it)");
      }
      printIf(p, "parent:    ", n.parent());
      if (!n.tags().isEmpty()) {
        p.println("tags:      " + TerminalText.line(String.join(", ", n.tags())));
      }
      List<Node.Link> others = n.links().stream().filter(l -> !l.type().equals(Node.DEPENDS)).toList();
      if (!others.isEmpty()) {
        p.println("links:     " + TerminalText.line(others.stream().map(l -> l.type() + " " + l.to())
            .collect(Collectors.joining(", "))));
      }
      printDependencies(p, heph, n);
      for (Map.Entry<String, String> uda : n.udas().entrySet()) {
        p.println("uda:       " + TerminalText.line(uda.getKey()) + " = " + TerminalText.line(uda.getValue()));
      }
      if (n.deleted()) {
        p.println("deleted:   yes (heph restore " + heph.uniquePrefix(n.id()) + " brings it back)");
      }
      p.println("created:   " + n.created());
      p.println("updated:   " + n.updated());
      if (!n.conflicts().isEmpty()) {
        p.println("conflicts: " + String.join(", ", n.conflicts()) + " (see heph conflicts)");
      }
      if (!n.annotations().isEmpty()) {
        p.println("annotations:");
        for (Node.Annotation a : n.annotations()) {
          p.println("  " + Labels.moment(a.entry(), zone) + "  " + TerminalText.line(a.text()));
        }
      }
      if (n.body() != null) {
        p.println();
        p.println(n.body());
      }
    }
    return 0;
  }

  /**
   * The tasks this one depends on (each with its state), whether it is blocked by any still open,
   * and the open tasks that depend on it (which it is blocking).
   */
  private static void printDependencies(PrintStream p, Heph heph, Node n) {
    int open = 0;
    for (int i = 0; i < n.depends().size(); i++) {
      String id = n.depends().get(i);
      String line;
      try {
        Node d = heph.get(id);
        open += Labels.isPending(d) ? 1 : 0;
        String state = d.deleted() ? "deleted" : Labels.state(d);
        line = heph.uniquePrefix(id) + "  " + Labels.title(d) + " [" + state + "]";
      } catch (HephException.NotFound e) {
        line = id + "  (not received yet)";
      }
      p.println((i == 0 ? "depends:   " : INDENT) + line);
    }
    if (open > 0) {
      p.println("blocked:   by " + open + " open task" + (open == 1 ? "" : "s"));
    }
    List<Node> blocking = heph.dependents(n.id()).stream().filter(Labels::isPending).toList();
    if (Labels.isPending(n)) {
      for (int i = 0; i < blocking.size(); i++) {
        Node b = blocking.get(i);
        p.println((i == 0 ? "blocking:  " : INDENT) + heph.uniquePrefix(b.id()) + "  " + Labels.title(b));
      }
    }
  }

  private static void printIf(PrintStream p, String label, String value) {
    if (value != null) {
      p.println(label + TerminalText.line(value));
    }
  }

  private static void printMoment(PrintStream p, String label, String value, ZoneId zone) {
    if (value != null) {
      p.println(label + Labels.moment(value, zone));
    }
  }
}
