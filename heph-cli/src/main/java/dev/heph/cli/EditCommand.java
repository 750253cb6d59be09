package dev.heph.cli;

import dev.heph.core.Changes;
import dev.heph.core.Heph;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code heph edit ID}: changes fields; only fields whose value changes are written. */
@Command(name = "edit", description = "Edit a node's fields. Use 'none' to clear --due or --priority, \"\" to clear --body.",
    footer = {"", "Example:", "  heph edit 0193a2b4 --title \"Buy oat milk\" --tag errand --untag home"})
final class EditCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "ID", description = "Node id or unique prefix.")
  String id;

  @Option(names = "--title", paramLabel = "T", description = "New title.")
  String title;

  @Option(names = "--body", paramLabel = "T", description = "New body text.")
  String body;

  @Option(names = "--status", paramLabel = "S", description = "open, doing, done or cancelled (tasks only).")
  String status;

  @Option(names = "--due", paramLabel = "D", description = "Due date (YYYY-MM-DD, today, tomorrow, +3d...) or none.")
  String due;

  @Option(names = "--priority", paramLabel = "P", description = "H, M, L or none.")
  String priority;

  @Option(names = "--tag", paramLabel = "T", description = "Add a tag (repeatable).")
  java.util.List<String> tags;

  @Option(names = "--untag", paramLabel = "T", description = "Remove a tag (repeatable).")
  java.util.List<String> untags;

  @Override
  public Integer call() {
    try (Heph heph = global.open(); Output out = new Output()) {
      out.changed(heph, heph.update(id, new Changes(title, body, status, due, priority, tags, untags)), "updated", global.json);
    }
    return 0;
  }
}
