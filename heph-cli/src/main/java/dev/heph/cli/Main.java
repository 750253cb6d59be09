package dev.heph.cli;

import dev.heph.core.HephException;
import dev.heph.core.text.TerminalText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of {@code heph}. Builds the model of the one command being run (all of them only
 * for help), parses, runs it, and maps failures to exit codes: 0 ok, 1 user error (unknown id,
 * bad date...), 2 usage error.
 */
public final class Main {
  private Main() {}

  /** The commands, by name; each is constructed only when run. */
  static final Map<String, Supplier<CliCommand>> COMMANDS = Map.ofEntries(
      Map.entry("add", AddCommand::new),
      Map.entry("list", ListCommand::new),
      Map.entry("show", ShowCommand::new),
      Map.entry("edit", EditCommand::new),
      Map.entry("modify", EditCommand::new),
      Map.entry("count", CountCommand::new),
      Map.entry("note", NoteCommand::new),
      Map.entry("done", NodeActionCommand::done),
      Map.entry("rm", NodeActionCommand::rm),
      Map.entry("restore", NodeActionCommand::restore),
      Map.entry("start", NodeActionCommand::start),
      Map.entry("stop", NodeActionCommand::stop),
      Map.entry("annotate", AnnotateCommand::new),
      Map.entry("link", LinkCommand::link),
      Map.entry("unlink", LinkCommand::unlink),
      Map.entry("undo", UndoCommand::new),
      Map.entry("import", ImportCommand::new),
      Map.entry("export", ExportCommand::new),
      Map.entry("search", SearchCommand::new),
      Map.entry("log", LogCommand::new),
      Map.entry("conflicts", ConflictsCommand::new),
      Map.entry("sync", SyncCommand::new),
      Map.entry("login", LoginCommand::new),
      Map.entry("logout", LogoutCommand::new),
      Map.entry("check", CheckCommand::new),
      Map.entry("daemon", DaemonCommand::new),
      Map.entry("next", ReportCommand::next),
      Map.entry("all", ReportCommand::all),
      Map.entry("completed", ReportCommand::completed),
      Map.entry("overdue", ReportCommand::overdue),
      Map.entry("waiting", ReportCommand::waiting),
      Map.entry("projects", ProjectsCommand::new),
      Map.entry("tags", TagsCommand::new),
      Map.entry("device", DeviceCommand::new),
      Map.entry("completion", CompletionCommand::new),
      Map.entry("man", ManCommand::new));

  /** Commands for scripts, not people: in no help, list or suggestion. */
  private static final Map<String, Supplier<CliCommand>> HIDDEN = Map.of(CompleteCommand.NAME, CompleteCommand::new);

  /** What {@code heph} with no command runs (with the global options given, if any). */
  private static final String DEFAULT_COMMAND = "next";

  /** Options that may come before the command name; those taking a value are listed here. */
  private static final List<String> GLOBAL_FLAGS = List.of("--json", "--debug");
  private static final List<String> GLOBAL_WITH_VALUE = List.of("--db", "--color");

  public static void main(String[] args) {
    int code;
    try {
      code = run(Argv.typed(args));
    } catch (HephException.InvalidInput e) {
      System.err.println("heph: " + e.getMessage());
      code = Failures.USER_ERROR;
    }
    System.out.flush();
    System.err.flush();
    // halt, not exit: there are no shutdown hooks to run (every command closed its store), and
    // exit's logging machinery costs a few milliseconds of every run.
    Runtime.getRuntime().halt(code);
  }

  static int run(String[] args) {
    // Global options before the command name are moved behind it, where the command takes them.
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
    if (i == args.length) {
      // The default report: the config file's "report" (a command and its options), else DEFAULT_COMMAND.
      List<String> report = Config.report(DEFAULT_COMMAND);
      List<String> rest = new ArrayList<>(leading);
      rest.addAll(report.subList(1, report.size()));
      return execute(commandLine(report.getFirst(), COMMANDS.get(report.getFirst()).get()), rest.toArray(String[]::new));
    }
    Supplier<CliCommand> command = COMMANDS.getOrDefault(args[i], HIDDEN.get(args[i]));
    if (command == null) {
      return runTop(Arrays.copyOfRange(args, i, args.length));
    }
    List<String> rest = new ArrayList<>(leading);
    rest.addAll(Arrays.asList(args).subList(i + 1, args.length));
    CommandLine cli = commandLine(args[i], command.get());
    return execute(cli, rest.toArray(String[]::new));
  }

  /** The command's model with the global options added, its subcommands too. */
  static CommandLine commandLine(String name, CliCommand command) {
    CommandSpec spec = command.spec().name("heph " + name);
    addGlobals(spec);
    for (CommandLine sub : spec.subcommands().values()) {
      addGlobals(sub.getCommandSpec());
    }
    return new CommandLine(spec)
        .setOut(new PrintWriter(System.out, true))
        .setErr(new PrintWriter(System.err, true));
  }

  private static void addGlobals(CommandSpec spec) {
    spec.addOption(Spec.option("--db", "PATH",
        "Database file (default: $HEPH_DB, else $XDG_DATA_HOME/heph/heph.db, else ~/.local/share/heph/heph.db)."));
    spec.addOption(Spec.flag("--json", "Print machine-readable JSON (documented, stable shapes)."));
    spec.addOption(Spec.flag("--debug", "Show stack traces on errors."));
    spec.addOption(Spec.option("--color", "WHEN",
        "Colour tables: auto (on a terminal, unless $NO_COLOR is set), always or never."));
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
  }

  /** Parses and runs; every failure becomes an exit code and a message here, once. */
  private static int execute(CommandLine cli, String[] args) {
    ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      return Failures.usage(e);
    }
    ParseResult target = parsed;
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.isUsageHelpRequested()) {
        level.commandSpec().commandLine().usage(level.commandSpec().commandLine().getOut());
        return 0;
      }
      target = level;
    }
    Invocation in = new Invocation(target, target == parsed ? null : parsed);
    try {
      in.checkColourFlag();
    } catch (HephException.InvalidInput e) {
      return Failures.usage(new CommandLine.ParameterException(target.commandSpec().commandLine(), e.getMessage()));
    }
    try {
      int code = ((CliCommand) target.commandSpec().userObject()).run(in);
      in.commitOutput(); // only now: a failed command prints nothing on stdout
      return code;
    } catch (Exception e) {
      return Failures.execution(e, in.debug(), cli.getErr());
    }
  }

  /** {@code heph}, {@code heph --help}, {@code heph --version}, {@code heph help [CMD]}, or an unknown command. */
  private static int runTop(String[] args) {
    if (args.length > 0 && args[0].equals("help")) {
      if (args.length > 1 && COMMANDS.containsKey(args[1])) {
        commandLine(args[1], COMMANDS.get(args[1]).get()).usage(System.out);
        return 0;
      }
      return runTop(new String[0]);
    }
    if (args.length > 0 && !args[0].startsWith("-")) {
      Optional<String> nearest = Suggest.nearest(args[0], COMMANDS.keySet());
      String hint = nearest.isPresent() ? Failures.didYouMean(nearest)
          : " (commands: " + String.join(", ", COMMANDS.keySet().stream().sorted().toList()) + ")";
      System.err.println("heph: unknown command '" + TerminalText.line(args[0]) + "'" + hint);
      System.err.println("Try 'heph --help'.");
      return Failures.USAGE_ERROR;
    }
    CommandLine cli = model();
    try {
      ParseResult parsed = cli.parseArgs(args);
      if (parsed.isVersionHelpRequested()) {
        cli.printVersionHelp(cli.getOut());
      } else {
        cli.usage(cli.getOut());
      }
      return 0;
    } catch (CommandLine.ParameterException e) {
      return Failures.usage(e);
    }
  }

  /** Every command's model under one {@code heph}, with the global options: for help, completion and man pages. */
  static CommandLine model() {
    CommandSpec top = Spec.command(null, "heph", new String[] {"Local-first tasks and notes.", "",
        "Every device keeps a full replica in a SQLite file; run a command with --help for its options.",
        "With no command, heph runs 'heph next' (the most urgent pending tasks), or the config's report."},
        "", "Store: --db PATH, else $HEPH_DB, else $XDG_DATA_HOME/heph/heph.db, else ~/.local/share/heph/heph.db.",
        "Ids: a number from heph list (digits alone, up to 6: add a dash, 123-, for an id prefix), a full id,",
        "or a unique id prefix with or without dashes. done, rm, restore, start and stop take several.",
        "Exit codes: 0 ok, 1 user error (with several ids: any one failed), 2 usage error.",
        "Config: $XDG_CONFIG_HOME/heph/config (db, report, color, hub.url; see heph man). Completion: heph completion.");
    top.version("heph " + version());
    top.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
    top.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print the version and exit.")
        .build());
    for (String name : COMMANDS.keySet().stream().sorted().toList()) {
      top.addSubcommand(name, commandLine(name, COMMANDS.get(name).get()).getCommandSpec().name(name));
    }
    return new CommandLine(top).setOut(new PrintWriter(System.out, true)).setErr(new PrintWriter(System.err, true));
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
