package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.core.NodeView;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph add TITLE}: creates a task (or a note) and prints its full id first. */
final class AddCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "add",
        new String[] {"Add a task, or a note with --note. Prints the new id on the first line."},
        "", "Examples:", "  heph add \"Buy milk\" --tag home --due tomorrow --priority H",
        "  heph add \"Sow tomatoes\" --project Home.Garden --scheduled 2026-04-01 --wait 2026-03-25",
        "  heph add \"Ship release\" --due 2026-06-01T17:00 --depends 3 --uda estimate=2d",
        "  heph add --note \"Meeting notes\" --body \"Decided to ship on Friday\"",
        "  heph add --note \"Draft\" --body - < draft.md");
    spec.addPositional(Spec.words(0, "TITLE", "The title; several words are joined by spaces."));
    spec.addOption(Spec.flag("--note", "Create a note instead of a task."));
    spec.addOption(Spec.option("--body", "TEXT", "Longer text; - reads it from standard input (UTF-8)."));
    spec.addOption(Spec.repeatable("--tag", "T", "A tag (repeatable)."));
    spec.addOption(Spec.option("--due", "DATE", "Due date: " + TaskFlags.DATES + "."));
    spec.addOption(Spec.option("--priority", "H|M|L", "Priority: H, M or L."));
    spec.addOption(Spec.option("--parent", "ID", "Parent node (number, id or unique prefix)."));
    TaskFlags.addTo(spec, false);
    return spec;
  }

  @Override
  public int run(Invocation in) {
    try (Heph heph = in.open()) {
      Output out = in.out();
      NewNode spec = new NewNode(in.flag("--note") ? "note" : "task", String.join(" ", in.words(0)),
          Stdin.orValue(in.option("--body")), in.options("--tag"), in.option("--due"), in.option("--priority"),
          in.option("--parent"), in.option("--project"), in.option("--scheduled"), in.option("--wait"),
          in.option("--until"), TaskFlags.depends(in), TaskFlags.udas(in));
      if (in.json()) {
        out.jsonText(heph.add(spec, NodeView.JSON));
      } else {
        out.text().println(heph.add(spec).id());
      }
    }
    return 0;
  }
}
