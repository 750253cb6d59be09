package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.sync.SyncService;
import dev.heph.sync.spoke.SyncReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code heph sync}: one exchange with the hub; a failure is loud (exit 1) and loses nothing. */
@Command(name = "sync", description = {"Exchange changes with a hub (hephd --mode server).",
    "The URL is remembered in the database after first use."},
    footer = {"", "Examples:", "  heph sync --hub-url http://127.0.0.1:7878", "  heph sync",
        "", "--json prints {\"hub\",\"pulled\",\"applied\",\"pushed\",\"reset\"}."})
final class SyncCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Option(names = "--hub-url", paramLabel = "URL", description = "The hub, e.g. http://127.0.0.1:7878 (remembered).")
  String hubUrl;

  @Override
  public Integer call() {
    try (Heph heph = global.open(); Output out = new Output()) {
      SyncReport r = new SyncService(heph).sync(hubUrl);
      if (global.json) {
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
