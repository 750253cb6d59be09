package dev.heph.cli;

import dev.heph.core.json.JsonText;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph daemon status}: whether a hephd serves the database in use, and its sync status. */
final class DaemonCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "daemon", new String[] {"Ask the local daemon (hephd --mode local) how it is doing.",
        "Finds the daemon serving the database in use (--db, $HEPH_DB or the default): the socket hephd named"
            + " in DB.hephd.lock beside it, else the default socket. Prints whether one runs and its sync status;"
            + " --json prints daemon.status's result, or {\"running\":false,\"socket\",\"db\"}."});
    spec.addPositional(Spec.positional(0, "status", "What to ask: status."));
    spec.addOption(Spec.option("--socket", "PATH",
        "Ask the daemon on this socket, whatever database it serves (default: the one serving the database in use)."));
    return spec;
  }

  @Override
  public int run(Invocation in) throws IOException {
    String what = in.positional(0);
    if (!"status".equals(what)) {
      throw new dev.heph.core.HephException.InvalidInput("unknown daemon subcommand '" + what + "' (use: status)");
    }
    Path db = in.option("--socket") == null ? in.dbPath() : null;
    DaemonFinder.Found found = db == null ? DaemonFinder.onSocket(Path.of(in.option("--socket")))
        : DaemonFinder.serving(db, System.getenv());
    Output out = in.out();
    if (in.json()) {
      out.jsonText(found.status() != null ? found.status() : notRunning(found.socket(), db));
    } else if (found.status() == null) {
      out.text().println("no daemon is running" + (db == null ? "" : " for " + db.toAbsolutePath()) + " ("
          + (found.other() == null ? "no answer on " + found.socket()
              : "the one on " + found.other().socket() + " serves " + found.other().db()) + ")");
    } else {
      out.text().println(DaemonStatusText.describe(found.status()));
    }
    return 0;
  }

  /** What --json prints when no daemon serves the database (or answers on the socket given). */
  private static String notRunning(Path socket, Path db) {
    return JsonText.of(g -> {
      g.writeStartObject();
      g.writeBooleanField("running", false);
      g.writeStringField("socket", socket.toString());
      if (db != null) {
        g.writeStringField("db", db.toAbsolutePath().toString());
      }
      g.writeEndObject();
    });
  }
}
