package dev.heph.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Man pages in roff, made from the command models: {@code heph(1)} lists every command, and each
 * command (and subcommand) has its own page, {@code heph-add(1)}, {@code heph-conflicts-resolve(1)}.
 */
final class ManPage {
  private ManPage() {}

  /** The first line of every page: bin/install removes only pages that carry it. */
  static final String MARK = ".\\\" Made by 'heph man' from heph's command models.";

  /** Every page, by file name ({@code heph.1}, {@code heph-add.1}...), heph's first. */
  static Map<String, String> all(CommandLine heph, String version) {
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("heph.1", top(heph.getCommandSpec(), version));
    addCommands(heph.getCommandSpec(), "heph", version, pages);
    return pages;
  }

  private static void addCommands(CommandSpec parent, String prefix, String version, Map<String, String> pages) {
    for (Map.Entry<String, CommandLine> sub : parent.subcommands().entrySet()) {
      CommandSpec spec = sub.getValue().getCommandSpec();
      if (spec.usageMessage().hidden()) {
        continue;
      }
      String name = prefix + " " + sub.getKey();
      pages.put(name.replace(' ', '-') + ".1", command(name, spec, version));
      addCommands(spec, name, version, pages);
    }
  }

  /** heph(1): what heph is, its commands, where it keeps things, exit codes. */
  private static String top(CommandSpec heph, String version) {
    StringBuilder sb = header("heph", version, heph);
    sb.append(".SH SYNOPSIS\n.B heph\n[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n");
    description(sb, heph);
    sb.append(".SH COMMANDS\n");
    for (Map.Entry<String, CommandLine> sub : heph.subcommands().entrySet()) {
      CommandSpec spec = sub.getValue().getCommandSpec();
      if (!spec.usageMessage().hidden()) {
        sb.append(".TP\n.BR heph\\-").append(escape(sub.getKey())).append(" (1)\n").append(escape(firstLine(spec))).append('\n');
      }
    }
    sb.append("""
        .SH "GLOBAL OPTIONS"
        Every command takes these, before or after its name.
        .TP
        .BI \\-\\-db " PATH"
        The database file.
        .TP
        .B \\-\\-json
        Print machine-readable JSON (documented, stable shapes; instants in ISO-8601 UTC).
        .TP
        .B \\-\\-debug
        Show stack traces on errors.
        .SH ENVIRONMENT
        .TP
        .B HEPH_DB
        The database, when no \\-\\-db is given.
        .TP
        .B NO_COLOR
        Set and not empty: no colour, unless \\-\\-color says otherwise.
        .TP
        .B XDG_CONFIG_HOME
        Where the config file is (default: ~/.config).
        .TP
        .B XDG_DATA_HOME
        Where the default database is (default: ~/.local/share).
        .TP
        .BR VISUAL ", " EDITOR
        The editor heph edit opens.
        .SH FILES
        .TP
        .I $XDG_CONFIG_HOME/heph/config
        Optional settings, one "key = value" a line (# starts a comment):
        .B db
        (the database),
        .B report
        (what heph with no command runs, e.g. "list \\-\\-tag work"),
        .B color
        (auto, always or never) and
        .B hub.url
        (the hub heph sync and heph login use when none is given or remembered).
        A flag wins over the environment, which wins over this file, which wins over the default.
        .TP
        .I $XDG_DATA_HOME/heph/heph.db
        The default database, created on first use.
        .SH "EXIT STATUS"
        0 done; 1 user error (unknown or ambiguous id, bad date...; with several ids, any one failed); 2 usage error.
        """);
    footer(sb, heph);
    return sb.toString();
  }

  private static String command(String name, CommandSpec spec, String version) {
    StringBuilder sb = header(name, version, spec);
    sb.append(".SH SYNOPSIS\n.B ").append(escape(name)).append("\n[\\fIOPTIONS\\fR]");
    for (PositionalParamSpec p : spec.positionalParameters()) {
      boolean repeats = p.arity().max() > 1 || p.index().max() > p.index().min();
      sb.append(" \\fI").append(escape(p.paramLabel())).append("\\fR").append(repeats ? "..." : "");
    }
    if (!spec.subcommands().isEmpty()) {
      sb.append(" | \\fICOMMAND\\fR ...");
    }
    sb.append('\n');
    description(sb, spec);
    if (!spec.positionalParameters().isEmpty()) {
      sb.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec p : spec.positionalParameters()) {
        sb.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n').append(escape(String.join(" ", p.description())))
            .append('\n');
      }
    }
    sb.append(".SH OPTIONS\n");
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      List<String> names = new ArrayList<>();
      for (String n : o.names()) {
        names.add("\\fB" + escape(n) + "\\fR");
      }
      sb.append(".TP\n").append(String.join(", ", names));
      if (o.arity().max() > 0) {
        sb.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
      }
      sb.append('\n').append(escape(String.join(" ", o.description()))).append('\n');
    }
    if (!spec.subcommands().isEmpty()) {
      sb.append(".SH COMMANDS\n");
      spec.subcommands().forEach((sub, cl) -> sb.append(".TP\n.BR ").append(escape(name.replace(' ', '-') + "-" + sub))
          .append(" (1)\n").append(escape(firstLine(cl.getCommandSpec()))).append('\n'));
    }
    footer(sb, spec);
    sb.append(".SH \"SEE ALSO\"\n.BR heph (1)\n");
    return sb.toString();
  }

  private static StringBuilder header(String name, String version, CommandSpec spec) {
    StringBuilder sb = new StringBuilder(MARK).append('\n');
    sb.append(".TH ").append(escape(name.replace(' ', '-').toUpperCase(java.util.Locale.ROOT))).append(" 1 \"\" \"heph ")
        .append(escape(version)).append("\" \"heph manual\"\n");
    sb.append(".SH NAME\n").append(escape(name.replace(' ', '-'))).append(" \\- ").append(escape(firstLine(spec))).append('\n');
    return sb;
  }

  private static void description(StringBuilder sb, CommandSpec spec) {
    sb.append(".SH DESCRIPTION\n");
    for (String line : spec.usageMessage().description()) {
      sb.append(line.isBlank() ? ".PP" : escape(line)).append('\n');
    }
  }

  /** The help's footer (examples, notes) as it is laid out. */
  private static void footer(StringBuilder sb, CommandSpec spec) {
    String[] footer = spec.usageMessage().footer();
    if (footer.length == 0) {
      return;
    }
    sb.append(".SH NOTES\n.nf\n");
    for (String line : footer) {
      sb.append(escape(line)).append('\n');
    }
    sb.append(".fi\n");
  }

  private static String firstLine(CommandSpec spec) {
    String[] d = spec.usageMessage().description();
    return d.length == 0 ? "" : d[0];
  }

  /** Text safe in roff: backslashes and hyphens escaped, no line read as a request. */
  static String escape(String text) {
    String s = text.replace("\\", "\\e").replace("-", "\\-");
    return s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s;
  }
}
