package dev.heph.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Entry point of {@code heph}. Builds the picocli model for the one subcommand being run (building
 * all of them costs tens of milliseconds of start-up); the full model only for help.
 *
 * <p>Exit codes: 0 ok, 1 user error (unknown id, bad date...), 2 usage error.
 */
public final class Main {
  private Main() {}

  /** The subcommands, by name; each is constructed only when run. */
  static final Map<String, Supplier<Object>> COMMANDS = Map.ofEntries(
      Map.entry("add", AddCommand::new),
      Map.entry("list", ListCommand::new),
      Map.entry("show", ShowCommand::new),
      Map.entry("edit", EditCommand::new),
      Map.entry("done", DoneCommand::new),
      Map.entry("rm", RmCommand::new),
      Map.entry("restore", RestoreCommand::new),
      Map.entry("link", LinkCommand::new),
      Map.entry("unlink", UnlinkCommand::new),
      Map.entry("search", SearchCommand::new),
      Map.entry("log", LogCommand::new),
      Map.entry("conflicts", ConflictsCommand::new),
      Map.entry("sync", SyncCommand::new),
      Map.entry("daemon", DaemonCommand::new));

  /** Options that may come before the subcommand name; those taking a value are listed here. */
  private static final List<String> GLOBAL_FLAGS = List.of("--json", "--debug");
  private static final List<String> GLOBAL_WITH_VALUE = List.of("--db");

  public static void main(String[] args) {
    int code = run(args);
    System.out.flush();
    System.err.flush();
    // halt, not exit: there are no shutdown hooks to run (every command closed its store), and
    // exit's logging machinery costs a few milliseconds of every run.
    Runtime.getRuntime().halt(code);
  }

  static int run(String[] args) {
    // Global options before the subcommand are moved behind it, where the command's mixin takes them.
    List<String> leading = new ArrayList<>();
    int i = 0;
    while (i < args.length && args[i].startsWith("-") && !args[i].equals("--")) {
      String a = args[i];
      if (GLOBAL_FLAGS.contains(a) || GLOBAL_WITH_VALUE.stream().anyMatch(g -> a.startsWith(g + "="))) {
        leading.add(a);
        i++;
      } else if (GLOBAL_WITH_VALUE.contains(a) && i + 1 < args.length) {
        leading.add(a);
        leading.add(args[i + 1]);
        i += 2;
      } else {
        break;
      }
    }
    Supplier<Object> command = i < args.length ? COMMANDS.get(args[i]) : null;
    if (command == null) {
      return runTop(Arrays.copyOfRange(args, i, args.length));
    }
    List<String> rest = new ArrayList<>(Arrays.asList(args).subList(i + 1, args.length));
    rest.addAll(0, leading);
    CommandLine cli = configure(new CommandLine(command.get()).setCommandName("heph " + args[i]));
    return cli.execute(rest.toArray(String[]::new));
  }

  /** {@code heph}, {@code heph --help}, {@code heph --version}, or an unknown subcommand. */
  private static int runTop(String[] args) {
    if (args.length > 0 && !args[0].startsWith("-") && !args[0].equals("help")) {
      System.err.println("heph: unknown command '" + args[0] + "' (commands: "
          + String.join(", ", COMMANDS.keySet().stream().sorted().toList()) + ")");
      System.err.println("Try 'heph --help'.");
      return Failures.USAGE_ERROR;
    }
    CommandLine top = new CommandLine(new TopCommand());
    for (var entry : COMMANDS.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
      top.addSubcommand(entry.getKey(), entry.getValue().get());
    }
    return configure(top).execute(args);
  }

  private static CommandLine configure(CommandLine cli) {
    return cli
        .setOut(new PrintWriter(System.out, true))
        .setErr(new PrintWriter(System.err, true))
        .setExecutionExceptionHandler(new Failures.ExecutionHandler())
        .setParameterExceptionHandler(new Failures.UsageHandler());
  }

  /** The bare {@code heph} command: prints help. */
  @CommandLine.Command(name = "heph", mixinStandardHelpOptions = true, versionProvider = Version.class,
      subcommands = CommandLine.HelpCommand.class,
      description = {"Local-first tasks and notes.", "",
          "Every device keeps a full replica in a SQLite file; run a command with --help for its options."},
      footer = {"", "Store: --db PATH, else $HEPH_DB, else $XDG_DATA_HOME/heph/heph.db, else ~/.local/share/heph/heph.db.",
          "Exit codes: 0 ok, 1 user error, 2 usage error."})
  static final class TopCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }
}
