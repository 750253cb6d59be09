package dev.heph.cli;

import dev.heph.core.HephException;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph completion bash|zsh|fish}: a completion script for the shell, built from the command models. */
final class CompletionCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "completion", new String[] {
        "Print a shell completion script: commands, options, and ids and tags from your store."},
        "", "Install:", "  bash: heph completion bash > ~/.local/share/bash-completion/completions/heph",
        "  zsh:  heph completion zsh > \"${fpath[1]}/_heph\"   (or: source <(heph completion zsh) in ~/.zshrc)",
        "  fish: heph completion fish > ~/.config/fish/completions/heph.fish");
    spec.addPositional(Spec.positional(0, "bash|zsh|fish", "The shell."));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    String shell = in.positional(0);
    String script = switch (shell) {
      case "bash" -> Completion.bash(Main.model());
      case "zsh" -> Completion.zsh(Main.model());
      case "fish" -> Completion.fish(Main.model());
      default -> throw new HephException.InvalidInput("unknown shell '" + shell + "' (use bash, zsh or fish)");
    };
    in.out().raw(script);
    return 0;
  }
}
