package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.NodeFilter;
import dev.heph.core.text.TerminalText;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code heph __complete ids|tags}: the candidates the completion scripts offer, one a line. Ids
 * are the working-set numbers of open nodes, each with its title after a tab (fish shows it; bash
 * and zsh keep the number). A store that does not exist yet is not created: no candidates.
 */
final class CompleteCommand implements CliCommand {
  static final String NAME = "__complete";

  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, NAME, new String[] {"Candidates for shell completion: ids or tags, one a line."});
    spec.usageMessage().hidden(true);
    spec.addPositional(Spec.positional(0, "ids|tags", "What to list."));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    String what = in.positional(0);
    if (!what.equals("ids") && !what.equals("tags")) {
      throw new HephException.InvalidInput("unknown candidates '" + what + "' (use ids or tags)");
    }
    Path db = in.dbPath();
    if (!Files.isRegularFile(db)) {
      return 0;
    }
    PrintStream p = in.out().text();
    try (Heph heph = in.open()) {
      if (what.equals("ids")) {
        heph.list(NodeFilter.LIVE, n -> {
          if (n.num() != null) {
            p.println(n.num() + "\t" + Labels.title(n).replace('\t', ' '));
          }
        });
      } else {
        TreeSet<String> tags = new TreeSet<>();
        heph.list(new NodeFilter(true, null, null, null), n -> tags.addAll(n.tags()));
        tags.forEach(t -> p.println(TerminalText.line(t)));
      }
    }
    return 0;
  }
}
