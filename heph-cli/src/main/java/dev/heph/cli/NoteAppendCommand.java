package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.NodeView;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph note append ID TEXT}: a paragraph added at the end of a node's body, in one op. */
final class NoteAppendCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "append", new String[] {
        "Append a paragraph to a node's body (after a blank line). TEXT - reads it from standard input.",
        "Prints \"ID  TITLE: note appended\"; --json prints the node, as edit does."});
    spec.addPositional(Spec.positional(0, "ID", "Node id or unique prefix."));
    spec.addPositional(Spec.words(1, "TEXT", "The paragraph; several words are joined by spaces; - reads standard input."));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    String text = Stdin.orValue(String.join(" ", in.words(1)));
    try (Heph heph = in.open()) {
      in.out().changed(heph.appendToBody(in.positional(0), text, NodeView.NODE_AND_JSON), "note appended", in.json());
    }
    return 0;
  }
}
