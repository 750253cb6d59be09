package dev.heph.daemon;

import dev.heph.core.text.TerminalText;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * hephd's usage errors as heph says them: one line naming the problem (with the option meant,
 * for a mistyped one), one line pointing at {@code --help}, exit 2; never the whole usage screen.
 */
final class UsageErrors {
  private UsageErrors() {}

  static final int USAGE_ERROR = 2;

  /** A {@link CommandLine.IParameterExceptionHandler}: prints the two lines and returns 2. */
  static int handle(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("hephd: " + TerminalText.line(message(e)));
    err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return USAGE_ERROR;
  }

  private static String message(CommandLine.ParameterException e) {
    String message = e.getMessage().startsWith("Error: ") ? e.getMessage().substring(7) : e.getMessage();
    if (e instanceof CommandLine.UnmatchedArgumentException u && u.isUnknownOption() && !u.getUnmatched().isEmpty()) {
      String typed = u.getUnmatched().getFirst();
      String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
      List<String> near = u.getSuggestions();
      return "unknown option '" + name + "'" + (near.isEmpty() ? "" : "; did you mean '" + near.getFirst() + "'?");
    }
    return message;
  }
}
