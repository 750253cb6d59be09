package dev.heph.cli;

import dev.heph.core.Heph;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code heph unlink ID OTHER}: removes the links from one node to another. */
@Command(name = "unlink", description = "Remove the links from a node to another (all types, or only --type).")
final class UnlinkCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "ID", description = "The node the link starts from.")
  String id;

  @Parameters(index = "1", paramLabel = "OTHER", description = "The node it points to.")
  String other;

  @Option(names = "--type", paramLabel = "T", description = "Only remove links of this type.")
  String type;

  @Override
  public Integer call() {
    try (Heph heph = global.open(); Output out = new Output()) {
      out.changed(heph, heph.unlink(id, other, type), "unlinked", global.json);
    }
    return 0;
  }
}
