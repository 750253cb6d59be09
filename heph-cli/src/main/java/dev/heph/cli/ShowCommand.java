package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.Node;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code heph show ID}: every field of one node. */
@Command(name = "show", description = "Show one node (id or unique prefix).")
final class ShowCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "ID", description = "Node id or unique prefix.")
  String id;

  @Override
  public Integer call() {
    try (Heph heph = global.open(); Output out = new Output()) {
      Node n = heph.get(id);
      if (global.json) {
        out.jsonText(heph.json(n.id()));
        return 0;
      }
      PrintStream p = out.text();
      p.println("id:        " + n.id());
      p.println("kind:      " + n.kind());
      p.println("title:     " + n.title());
      if (n.isTask()) {
        p.println("status:    " + n.status());
      }
      printIf(p, "priority:  ", n.priority());
      printIf(p, "due:       ", n.due());
      printIf(p, "parent:    ", n.parent());
      if (!n.tags().isEmpty()) {
        p.println("tags:      " + String.join(", ", n.tags()));
      }
      if (!n.links().isEmpty()) {
        p.println("links:     " + n.links().stream().map(l -> l.type() + " " + l.to()).collect(Collectors.joining(", ")));
      }
      if (n.deleted()) {
        p.println("deleted:   yes (heph restore " + n.id().substring(0, 8) + " brings it back)");
      }
      p.println("created:   " + n.created());
      p.println("updated:   " + n.updated());
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
      p.println(label + value);
    }
  }
}
