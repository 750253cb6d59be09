package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.core.Node;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code heph add TITLE}: creates a task (or a note) and prints its full id first. */
@Command(name = "add", description = "Add a task, or a note with --note. Prints the new id on the first line.",
    footer = {"", "Examples:", "  heph add \"Buy milk\" --tag home --due tomorrow --priority H",
        "  heph add --note \"Meeting notes\" --body \"Decided to ship on Friday\""})
final class AddCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(arity = "1..*", paramLabel = "TITLE", description = "The title; several words are joined by spaces.")
  List<String> title;

  @Option(names = "--note", description = "Create a note instead of a task.")
  boolean note;

  @Option(names = "--body", paramLabel = "TEXT", description = "Longer text.")
  String body;

  @Option(names = "--tag", paramLabel = "T", description = "A tag (repeatable).")
  List<String> tags;

  @Option(names = "--due", paramLabel = "DATE", description = "Due date: YYYY-MM-DD, today, tomorrow, +3d, +2w, or a weekday.")
  String due;

  @Option(names = "--priority", paramLabel = "H|M|L", description = "Priority: H, M or L.")
  String priority;

  @Option(names = "--parent", paramLabel = "ID", description = "Parent node (id or unique prefix).")
  String parent;

  @Override
  public Integer call() {
    try (Heph heph = global.open(); Output out = new Output()) {
      Node node = heph.add(new NewNode(note ? "note" : "task", String.join(" ", title), body, tags, due, priority,
          parent));
      if (global.json) {
        out.jsonText(heph.json(node.id()));
      } else {
        out.text().println(node.id());
      }
    }
    return 0;
  }
}
