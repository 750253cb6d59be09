package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.NodeView;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph annotate ID TEXT}: a dated note under a task, kept when several devices annotate at once. */
final class AnnotateCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "annotate", new String[] {
        "Add an annotation under a task or note, stamped with the current time; heph show lists them.",
        "Prints \"ID  TITLE: annotated\"; --json prints the node, as edit does."},
        "", "Example:", "  heph annotate 3 \"Called the plumber, comes Tuesday\"");
    spec.addPositional(Spec.positional(0, "ID", Ids.HELP));
    spec.addPositional(Spec.words(1, "TEXT",
        "The annotation; several words are joined by spaces; - reads standard input."));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    String text = Stdin.orValue(String.join(" ", in.words(1)));
    try (Heph heph = in.open()) {
      in.out().changed(heph.annotate(in.positional(0), text, NodeView.NODE_AND_JSON), "annotated", in.json());
    }
    return 0;
  }
}
