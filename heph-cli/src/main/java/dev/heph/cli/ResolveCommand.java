package dev.heph.cli;

import dev.heph.core.Heph;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code heph conflicts resolve ID FIELD (--value V | --pick HLC)}: one write that supersedes every value. */
@Command(name = "resolve", description = "Resolve a conflict with a new value or by picking one of the values.",
    footer = {"", "Examples:", "  heph conflicts resolve 0193a2b4 title --value \"Buy oat milk\"",
        "  heph conflicts resolve 0193a2b4 title --pick 001764028800123-00000-9f3a6c01d2e4b758"})
final class ResolveCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @ParentCommand ConflictsCommand parent;

  @Parameters(index = "0", paramLabel = "ID", description = "Node id or unique prefix.")
  String id;

  @Parameters(index = "1", paramLabel = "FIELD", description = "The conflicting field, e.g. title.")
  String field;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Choice choice;

  /** Exactly one way to resolve. */
  static final class Choice {
    @Option(names = "--value", paramLabel = "V", required = true, description = "Write this new value.")
    String value;

    @Option(names = "--pick", paramLabel = "HLC", required = true, description = "Keep the value written by this op (hlc or prefix, from heph conflicts).")
    String pick;
  }

  @Override
  public Integer call() {
    global.inheritFrom(parent.global);
    try (Heph heph = global.open(); Output out = new Output()) {
      out.changed(heph, heph.resolve(id, field, choice.value, choice.pick), field + " resolved", global.json);
    }
    return 0;
  }
}
