package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.NodeFilter;
import dev.heph.core.store.Projection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code heph list}: live nodes as a table, or every matching node as a JSON array. */
@Command(name = "list", description = {"List nodes: by default those neither deleted nor done/cancelled.",
    "With --json, prints a JSON array of nodes (see README for the shape)."})
final class ListCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = "--all", description = "Every node, including done, cancelled and deleted ones.")
  boolean all;

  @Option(names = "--kind", paramLabel = "task|note", description = "Only tasks or only notes.")
  String kind;

  @Option(names = "--status", paramLabel = "S", description = "Only tasks with this status (open, doing, done, cancelled).")
  String status;

  @Option(names = "--tag", paramLabel = "T", description = "Only nodes with this tag.")
  String tag;

  @Override
  public Integer call() {
    NodeFilter filter = new NodeFilter(all, kind, status, tag);
    try (Heph heph = global.open(); Output out = new Output()) {
      if (global.json) {
        heph.list(filter, Projection.JSON, out.jsonArrayStart());
        out.jsonArrayEnd();
      } else {
        NodeTable table = new NodeTable(heph.shortIdLength());
        heph.list(filter, table::add);
        table.print(out.text());
      }
    }
    return 0;
  }
}
