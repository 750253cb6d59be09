package dev.heph.cli;

import dev.heph.core.HephException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Maps failures to exit codes and one-line messages, once for every command: 1 for a user error
 * (a {@link HephException}), 2 for a usage error. A stack trace only with {@code --debug}.
 */
final class Failures {
  private Failures() {}

  static final int USER_ERROR = 1;
  static final int USAGE_ERROR = 2;

  /** Turns exceptions thrown by a command into exit code 1 and a message on stderr. */
  static final class ExecutionHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
      PrintWriter err = cli.getErr();
      boolean debug = false;
      for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
        debug |= level.hasMatchedOption("--debug");
      }
      if (e instanceof HephException he) {
        err.println("heph: " + he.getMessage());
      } else {
        err.println("heph: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
      }
      if (debug) {
        e.printStackTrace(err);
      }
      err.flush();
      return USER_ERROR;
    }
  }

  /** A bad flag or argument: one line naming the problem and where to find help; exit 2. */
  static final class UsageHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
      CommandLine cli = e.getCommandLine();
      PrintWriter err = cli.getErr();
      String message = e.getMessage().startsWith("Error: ") ? e.getMessage().substring(7) : e.getMessage();
      err.println("heph: " + message);
      err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help'.");
      err.flush();
      return USAGE_ERROR;
    }
  }
}
