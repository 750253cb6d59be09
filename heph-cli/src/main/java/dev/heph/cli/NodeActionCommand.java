package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.Node;
import java.util.function.BiFunction;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph done|rm|restore ID}: one action on one node. */
final class NodeActionCommand implements CliCommand {
  private final String name;
  private final String description;
  private final String outcome;
  private final BiFunction<Heph, String, Node> action;

  private NodeActionCommand(String name, String description, String outcome, BiFunction<Heph, String, Node> action) {
    this.name = name;
    this.description = description;
    this.outcome = outcome;
    this.action = action;
  }

  static NodeActionCommand done() {
    return new NodeActionCommand("done", "Mark a task done.", "done", Heph::done);
  }

  static NodeActionCommand rm() {
    return new NodeActionCommand("rm", "Delete a node (soft: heph restore brings it back).", "deleted", Heph::delete);
  }

  static NodeActionCommand restore() {
    return new NodeActionCommand("restore", "Restore a deleted node.", "restored", Heph::restore);
  }

  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, name, new String[] {description});
    spec.addPositional(Spec.positional(0, "ID", "Node id or unique prefix."));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    try (Heph heph = in.open()) {
      Output out = in.out();
      out.changed(heph, action.apply(heph, in.positional(0)), outcome, in.json());
    }
    return 0;
  }
}
