package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.NodeFilter;
import dev.heph.core.NodeView;
import dev.heph.core.query.Filter;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph list}: live nodes as a table, or every matching node as a JSON array. */
final class ListCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "list", new String[] {
        "List nodes: by default those neither deleted nor done/cancelled (a filter that names a status,",
        "such as status:completed, lists those instead). With --json, prints a JSON array of nodes (see README",
        "for the shape)."},
        "", "Examples:", "  heph list project:Home +errand due.before:eom", "  heph list status:completed milk",
        "  heph list --kind note");
    spec.addOption(Spec.flag("--all", "Every node, including done, cancelled and deleted ones."));
    spec.addOption(Spec.option("--kind", "task|note", "Only tasks or only notes."));
    spec.addOption(Spec.option("--status", "S", "Only tasks with this status (open, doing, done, cancelled)."));
    spec.addOption(Spec.option("--tag", "T", "Only nodes with this tag."));
    spec.addPositional(Spec.filterWords(0, "FILTER", FilterWords.HELP, false));
    return FilterWords.acceptDashedWords(spec);
  }

  @Override
  public int run(Invocation in) {
    Filter words = Filter.parse(in.words(0));
    NodeFilter filter = new NodeFilter(in.flag("--all") || Filter.namesStatus(words), in.option("--kind"),
        in.option("--status"), in.option("--tag"));
    try (Heph heph = in.open()) {
      Output out = in.out();
      if (in.json()) {
        heph.list(filter, words, NodeView.JSON, out.jsonArrayStart());
        out.jsonArrayEnd();
      } else {
        NodeTable table = new NodeTable(ids -> heph.shortIdLength(), in.terminal(), Invocation.now(heph));
        heph.list(filter, words, NodeView.NODE, table::add);
        table.print(out);
      }
    }
    return 0;
  }
}
