package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.NodeFilter;
import dev.heph.core.NodeView;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph list}: live nodes as a table, or every matching node as a JSON array. */
final class ListCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "list", new String[] {
        "List nodes: by default those neither deleted nor done/cancelled.",
        "With --json, prints a JSON array of nodes (see README for the shape)."});
    spec.addOption(Spec.flag("--all", "Every node, including done, cancelled and deleted ones."));
    spec.addOption(Spec.option("--kind", "task|note", "Only tasks or only notes."));
    spec.addOption(Spec.option("--status", "S", "Only tasks with this status (open, doing, done, cancelled)."));
    spec.addOption(Spec.option("--tag", "T", "Only nodes with this tag."));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    NodeFilter filter = new NodeFilter(in.flag("--all"), in.option("--kind"), in.option("--status"), in.option("--tag"));
    try (Heph heph = in.open()) {
      Output out = in.out();
      if (in.json()) {
        heph.list(filter, NodeView.JSON, out.jsonArrayStart());
        out.jsonArrayEnd();
      } else {
        NodeTable table = new NodeTable(heph.shortIdLength(), in.terminal(), Invocation.now(heph));
        heph.list(filter, table::add);
        table.print(out);
      }
    }
    return 0;
  }
}
