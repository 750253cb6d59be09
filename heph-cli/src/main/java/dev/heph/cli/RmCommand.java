package dev.heph.cli;

import dev.heph.core.Heph;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code heph rm ID}: soft delete; the node keeps its history and heph restore brings it back. */
@Command(name = "rm", description = "Delete a node (soft: heph restore brings it back).")
final class RmCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "ID", description = "Node id or unique prefix.")
  String id;

  @Override
  public Integer call() {
    try (Heph heph = global.open(); Output out = new Output()) {
      out.changed(heph, heph.delete(id), "deleted", global.json);
    }
    return 0;
  }
}
