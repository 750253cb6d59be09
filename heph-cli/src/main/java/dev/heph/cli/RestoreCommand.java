package dev.heph.cli;

import dev.heph.core.Heph;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code heph restore ID}: Restore a deleted node. */
@Command(name = "restore", description = "Restore a deleted node.")
final class RestoreCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "ID", description = "Node id or unique prefix.")
  String id;

  @Override
  public Integer call() {
    try (Heph heph = global.open(); Output out = new Output()) {
      out.changed(heph, heph.restore(id), "restored", global.json);
    }
    return 0;
  }
}
