package dev.heph.cli;

import dev.heph.core.HephException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** The task-field flags {@code add} and {@code edit} share: project, dates, depends and UDAs. */
final class TaskFlags {
  private TaskFlags() {}

  /** How dates are typed, for the flags' help. */
  static final String DATES = "YYYY-MM-DD, YYYY-MM-DDTHH:MM (local time; or with Z or +01:00), today, tomorrow,"
      + " +3d, +2w or a weekday";

  /** Adds the flags; {@code edit} adds the ways to clear them. */
  static void addTo(CommandSpec spec, boolean edit) {
    String clear = edit ? "; none clears it." : ".";
    spec.addOption(Spec.option("--project", "P", "Project, dot-separated for sub-projects (Home.Garden)" + clear));
    spec.addOption(Spec.option("--scheduled", "D", "When work can begin: " + DATES + clear));
    spec.addOption(Spec.option("--wait", "D", "Hidden from lists until then: " + DATES + clear));
    spec.addOption(Spec.option("--until", "D", "Expires then: " + DATES + clear));
    spec.addOption(Spec.repeatable("--depends", "ID", "A task this one waits for (repeatable); shown as blocked"
        + " while that task is open."));
    if (edit) {
      spec.addOption(Spec.repeatable("--no-depends", "ID", "No longer depend on this task (repeatable)."));
    }
    spec.addOption(Spec.repeatable("--uda", "KEY=VALUE", "A user-defined attribute, kept verbatim (repeatable)"
        + (edit ? "; KEY= removes it." : ".")));
  }

  /** The {@code --uda KEY=VALUE} options as a map (an empty value: remove that UDA). */
  static Map<String, String> udas(Invocation in) {
    Map<String, String> udas = new LinkedHashMap<>();
    for (String pair : in.options("--uda")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new HephException.InvalidInput("bad --uda '" + pair + "': use KEY=VALUE (KEY= removes it)");
      }
      if (udas.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
        throw new HephException.InvalidInput("--uda " + pair.substring(0, eq) + " is given twice");
      }
    }
    return udas;
  }

  /** The {@code --depends} refs. */
  static List<String> depends(Invocation in) {
    return in.options("--depends");
  }
}
