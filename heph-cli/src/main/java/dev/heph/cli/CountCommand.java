package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.query.Filter;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph count [FILTER]}: how many nodes {@code heph list FILTER} would show. */
final class CountCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "count", new String[] {
        "Print how many nodes match: the number of lines 'heph list FILTER' shows (live nodes, unless the filter",
        "names a status or --all is given). With --json: {\"count\":N}."},
        "", "Examples:", "  heph count +errand", "  heph count project:Home due.before:eow",
        "  heph count status:completed");
    spec.addOption(Spec.flag("--all", "Count done, cancelled and deleted nodes too."));
    spec.addPositional(Spec.filterWords(0, "FILTER", FilterWords.HELP, false));
    return FilterWords.acceptDashedWords(spec);
  }

  @Override
  public int run(Invocation in) {
    Filter words = Filter.parse(in.words(0));
    Filter filter = in.flag("--all") ? words : Filter.liveUnlessStatusNamed(words);
    try (Heph heph = in.open()) {
      long n = heph.count(filter);
      in.out().text().println(in.json() ? "{\"count\":" + n + "}" : Long.toString(n));
    }
    return 0;
  }
}
