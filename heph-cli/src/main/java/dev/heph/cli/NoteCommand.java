package dev.heph.cli;

import dev.heph.core.HephException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph note append ID TEXT}: notes kept in a node's body. */
final class NoteCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "note", new String[] {"Add to a node's notes (its body)."},
        "", "Examples:", "  heph note append 0193a2b4 \"Called the landlord; he comes on Monday\"",
        "  make test 2>&1 | tail -5 | heph note append 0193a2b4 -");
    spec.addSubcommand("append", new CommandLine(new NoteAppendCommand().spec()));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    throw new HephException.InvalidInput("say what to do: heph note append ID TEXT (see heph note --help)");
  }
}
