package dev.heph.cli;

import dev.heph.core.Heph;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code heph link ID OTHER}: adds a typed link from one node to another. */
@Command(name = "link", description = "Link a node to another (default type: related).",
    footer = {"", "Example:", "  heph link 0193a2b4 0193a2c9 --type blocks"})
final class LinkCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "ID", description = "The node the link starts from.")
  String id;

  @Parameters(index = "1", paramLabel = "OTHER", description = "The node it points to.")
  String other;

  @Option(names = "--type", paramLabel = "T", description = "Link type, e.g. blocks, related, about (default: related).")
  String type;

  @Override
  public Integer call() {
    try (Heph heph = global.open(); Output out = new Output()) {
      out.changed(heph, heph.link(id, other, type), "linked", global.json);
    }
    return 0;
  }
}
