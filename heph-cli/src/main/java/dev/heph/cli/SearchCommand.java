package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.Node;
import dev.heph.core.NodeView;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph search WORDS}: full-text search over titles and bodies; prints matching ids. */
final class SearchCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "search", new String[] {"Full-text search over titles and bodies of live nodes.",
        "Every word must match (as a word prefix). Prints one id per line, best match first; --json prints nodes."});
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
        for (Node n : heph.search(query)) {
          out.text().println(n.id());
        }
      }
    }
    return 0;
  }
}
