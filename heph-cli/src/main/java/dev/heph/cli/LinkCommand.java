package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.NodeView;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph link|unlink ID OTHER [--type T]}: adds or removes typed links between nodes. */
final class LinkCommand implements CliCommand {
  private final boolean add;

  private LinkCommand(boolean add) {
    this.add = add;
  }

  static LinkCommand link() {
    return new LinkCommand(true);
  }

  static LinkCommand unlink() {
    return new LinkCommand(false);
  }

  @Override
  public CommandSpec spec() {
    CommandSpec spec = add
        ? Spec.command(this, "link", new String[] {"Link a node to another (default type: related)."},
            "", "Example:", "  heph link 0193a2b4 0193a2c9 --type blocks")
        : Spec.command(this, "unlink", new String[] {"Remove the links from a node to another (all types, or only --type)."});
    spec.addPositional(Spec.positional(0, "ID", "The node the link starts from. " + Ids.HELP));
    spec.addPositional(Spec.positional(1, "OTHER", "The node it points to."));
    spec.addOption(Spec.option("--type", "T", add ? "Link type, e.g. blocks, related, about (default: related)."
        : "Only remove links of this type."));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    try (Heph heph = in.open()) {
      Output out = in.out();
      String id = in.positional(0);
      String other = in.positional(1);
      String type = in.option("--type");
      out.changed(add ? heph.link(id, other, type, NodeView.NODE_AND_JSON)
          : heph.unlink(id, other, type, NodeView.NODE_AND_JSON), add ? "linked" : "unlinked", in.json());
    }
    return 0;
  }
}
