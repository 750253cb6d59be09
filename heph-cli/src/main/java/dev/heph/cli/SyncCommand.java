package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.sync.SyncService;
import dev.heph.sync.spoke.SyncReport;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph sync}: one exchange with the hub; a failure is loud (exit 1) and loses nothing. */
final class SyncCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "sync", new String[] {"Exchange changes with a hub (hephd --mode server).",
        "The URL is remembered in the database after first use."},
        "", "Examples:", "  heph sync --hub-url http://127.0.0.1:7878", "  heph sync",
        "", "--json prints {\"hub\",\"pulled\",\"applied\",\"pushed\",\"reset\"}.");
    spec.addOption(Spec.option("--hub-url", "URL", "The hub, e.g. http://127.0.0.1:7878 (remembered)."));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    try (Heph heph = in.open()) {
      Output out = in.out();
      SyncReport r = new SyncService(heph).sync(in.option("--hub-url"));
      if (in.json()) {
        out.jsonText("{\"hub\":" + dev.heph.core.op.Json.quote(r.hub()) + ",\"pulled\":" + r.pulled() + ",\"applied\":"
            + r.applied() + ",\"pushed\":" + r.pushed() + ",\"reset\":" + r.reset() + "}");
      } else {
        out.text().println("synced with " + r.hub() + ": pulled " + r.pulled() + " ops (" + r.applied() + " new), pushed "
            + r.pushed() + (r.reset() ? "; the hub's history had changed, so everything was re-sent" : ""));
      }
    }
    return 0;
  }
}
