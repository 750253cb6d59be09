package dev.heph.cli;

import dev.heph.core.Changes;
import dev.heph.core.Heph;
import dev.heph.core.NodeView;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph edit ID}: changes fields; only fields whose value changes are written. */
final class EditCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "edit",
        new String[] {"Edit a node's fields. Use 'none' to clear --due or --priority, \"\" to clear --body."},
        "", "Example:", "  heph edit 0193a2b4 --title \"Buy oat milk\" --tag errand --untag home");
    spec.addPositional(Spec.positional(0, "ID", Ids.HELP));
    spec.addOption(Spec.option("--title", "T", "New title."));
    spec.addOption(Spec.option("--body", "T", "New body text."));
    spec.addOption(Spec.option("--status", "S", "open, doing, done or cancelled (tasks only)."));
    spec.addOption(Spec.option("--due", "D", "Due date (YYYY-MM-DD, today, tomorrow, +3d...) or none."));
    spec.addOption(Spec.option("--priority", "P", "H, M, L or none."));
    spec.addOption(Spec.repeatable("--tag", "T", "Add a tag (repeatable)."));
    spec.addOption(Spec.repeatable("--untag", "T", "Remove a tag (repeatable)."));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    Changes changes = new Changes(in.option("--title"), in.option("--body"), in.option("--status"), in.option("--due"),
        in.option("--priority"), in.options("--tag"), in.options("--untag"));
    try (Heph heph = in.open()) {
      Output out = in.out();
      out.changed(heph.update(in.positional(0), changes, NodeView.NODE_AND_JSON), "updated", in.json());
    }
    return 0;
  }
}
