package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.Node;
import dev.heph.core.NodeView;
import dev.heph.core.text.TerminalText;
import java.io.PrintStream;
import java.time.Instant;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph show ID}: every field of one node. */
final class ShowCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "show", new String[] {"Show one node (number, id or unique prefix)."});
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
      printIf(p, "priority:  ", n.priority());
      printIf(p, "due:       ", n.due());
      printIf(p, "parent:    ", n.parent());
      if (!n.tags().isEmpty()) {
        p.println("tags:      " + TerminalText.line(String.join(", ", n.tags())));
      }
      if (!n.links().isEmpty()) {
        p.println("links:     " + n.links().stream().map(l -> l.type() + " " + l.to()).collect(Collectors.joining(", ")));
      }
      if (n.deleted()) {
        p.println("deleted:   yes (heph restore " + heph.uniquePrefix(n.id()) + " brings it back)");
      }
      Instant now = heph.wallClock().instant();
      // a node whose create has not arrived yet has no creation time
      p.println("created:   " + (n.created() == null ? Labels.NONE : When.localAndRelative(n.created(), now)));
      p.println("updated:   " + When.localAndRelative(n.updated(), now));
      if (!n.conflicts().isEmpty()) {
        p.println("conflicts: " + String.join(", ", n.conflicts()) + " (see heph conflicts)");
      }
      if (n.body() != null) {
        p.println();
        p.println(n.body());
      }
    }
    return 0;
  }

  private static void printIf(PrintStream p, String label, String value) {
    if (value != null) {
      p.println(label + TerminalText.line(value));
    }
  }
}
