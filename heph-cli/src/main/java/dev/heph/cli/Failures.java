package dev.heph.cli;

import dev.heph.core.text.TerminalText;
import dev.heph.core.HephException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Maps failures to exit codes and one-line messages, once for every command: 1 for a user error
 * (a {@link HephException}), 2 for a usage error. A stack trace only with {@code --debug}.
 */
final class Failures {
  private Failures() {}

  static final int USER_ERROR = 1;
  static final int USAGE_ERROR = 2;

  /** A command failed: one line on stderr, exit 1. */
  static int execution(Exception e, boolean debug, PrintWriter err) {
    if (readerWentAway(e)) {
      return 0; // e.g. `heph list | head`: the reader has what it wanted
    }
    if (e instanceof HephException he) {
      err.println("heph: " + TerminalText.line(he.getMessage()));
    } else if (e instanceof Output.OutputFailure of) {
      err.println("heph: " + of.describe());
    } else {
      err.println("heph: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
    }
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return USER_ERROR;
  }

  private static boolean readerWentAway(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException && t.getMessage() != null && t.getMessage().contains("Broken pipe")) {
        return true;
      }
    }
    return false;
  }

  /** A bad flag or argument: one line naming the problem and where to find help; exit 2. */
  static int usage(CommandLine.ParameterException e) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    String message = e.getMessage().startsWith("Error: ") ? e.getMessage().substring(7) : e.getMessage();
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      message = unmatched(u, message);
    }
    err.println("heph: " + TerminalText.line(message));
    err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return USAGE_ERROR;
  }

  /** An unknown option or subcommand, with the one the person most likely meant. */
  private static String unmatched(CommandLine.UnmatchedArgumentException e, String message) {
    String typed = e.getUnmatched().getFirst();
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    if (e.isUnknownOption()) {
      String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
      return "unknown option '" + name + "'" + didYouMean(Suggest.nearest(name, spec.optionsMap().keySet()));
    }
    if (spec.subcommands().isEmpty() || !spec.positionalParameters().isEmpty()) {
      return message;
    }
    // A command that takes no words but subcommands: the word is a subcommand mistyped.
    String command = spec.qualifiedName().replaceFirst("^heph ", "");
    return "unknown command '" + command + " " + typed + "'"
        + didYouMean(Suggest.nearest(typed, spec.subcommands().keySet()).map(s -> command + " " + s));
  }

  /** "; did you mean 'X'?", or nothing when there is no suggestion. */
  static String didYouMean(Optional<String> suggestion) {
    return suggestion.map(s -> "; did you mean '" + s + "'?").orElse("");
  }
}
