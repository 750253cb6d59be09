package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.NodeView;
import dev.heph.core.NodeView.NodeAndJson;
import java.util.function.BiFunction;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph done|rm|restore ID}: one action on one node. */
final class NodeActionCommand implements CliCommand {
  /** The node as both a record and JSON: the output picks one after the write. */
  private static final NodeView<NodeAndJson> BOTH = NodeView.NODE_AND_JSON;

  private final String name;
  private final String description;
  private final String outcome;
  private final BiFunction<Heph, String, NodeAndJson> action;

  private NodeActionCommand(String name, String description, String outcome,
      BiFunction<Heph, String, NodeAndJson> action) {
    this.name = name;
    this.description = description;
    this.outcome = outcome;
    this.action = action;
  }

  static NodeActionCommand done() {
    return new NodeActionCommand("done", "Mark a task done.", "done",
        (heph, ref) -> heph.done(ref, BOTH));
  }

  static NodeActionCommand rm() {
    return new NodeActionCommand("rm", "Delete a node (soft: heph restore brings it back).", "deleted",
        (heph, ref) -> heph.delete(ref, BOTH));
  }

  static NodeActionCommand restore() {
    return new NodeActionCommand("restore", "Restore a deleted node.", "restored",
        (heph, ref) -> heph.restore(ref, BOTH));
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
      out.changed(action.apply(heph, in.positional(0)), outcome, in.json());
    }
    return 0;
  }
}
