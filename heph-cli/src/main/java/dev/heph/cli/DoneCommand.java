package dev.heph.cli;

import dev.heph.core.Heph;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code heph done ID}: Mark a task done. */
@Command(name = "done", description = "Mark a task done.")
final class DoneCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "ID", description = "Node id or unique prefix.")
  String id;

  @Override
  public Integer call() {
    try (Heph heph = global.open(); Output out = new Output()) {
      out.changed(heph, heph.done(id), "done", global.json);
    }
    return 0;
  }
}
