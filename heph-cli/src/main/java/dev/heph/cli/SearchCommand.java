package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.Node;
import dev.heph.core.NodeView;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph search WORDS}: full-text search over titles and bodies; prints the matches as heph list does. */
final class SearchCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "search", new String[] {"Full-text search over titles and bodies of live nodes.",
        "Every word must match (as a word prefix). Prints a table like heph list, best match first, or",
        "'no matches' on stderr (exit 0 either way); --json prints a JSON array of nodes ([] for none)."},
        "", "Example:", "  heph search oat milk");
    spec.addPositional(Spec.words(0, "WORDS", "Words to look for."));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    try (Heph heph = in.open()) {
      Output out = in.out();
      String query = String.join(" ", in.words(0));
      if (in.json()) {
        heph.search(query, NodeView.JSON).forEach(out.jsonArrayStart());
        out.jsonArrayEnd();
      } else {
        List<Node> found = heph.search(query);
        if (found.isEmpty()) {
          System.err.println("heph: no matches");
        } else {
          NodeTable table = new NodeTable(ids -> heph.shortIdLength(), in.terminal(), Invocation.now(heph));
          found.forEach(table::add);
          table.print(out);
        }
      }
    }
    return 0;
  }
}
