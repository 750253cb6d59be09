package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.sync.SyncReportJson;
import dev.heph.sync.SyncService;
import dev.heph.sync.spoke.HubTrust;
import dev.heph.sync.spoke.RestampReport;
import java.nio.file.Path;
import dev.heph.sync.spoke.SyncReport;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph sync}: one exchange with the hub; a failure is loud (exit 1) and loses nothing. */
final class SyncCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "sync", new String[] {"Exchange changes with a hub (hephd --mode server).",
        "The URL is remembered in the database after first use."},
        "", "Examples:", "  heph sync --hub-url http://127.0.0.1:7878", "  heph sync", "  heph sync --restamp",
        "  heph sync --hub-url https://hub.example:7878 --ca-file my-ca.pem",
        "", "--restamp is the way back for a device whose clock once ran ahead: the hub refuses changes",
        "stamped in its future (clock_drift), and every later change is stamped after them. Fix the clock,",
        "then --restamp gives this device's changes that no hub has taken yet fresh stamps (same order,",
        "same references between them; nothing is lost) and syncs. It is refused, changing nothing,",
        "while this device's clock is still ahead of the hub's.",
        "", "Prints what moved: \"pulled 3 changes (2 new), pushed 1 change\" (a change is one field set, one",
        "tag added...). --json prints {\"hub\",\"pulled\",\"applied\",\"pushed\",\"reset\"} (counts of ops);",
        "with --restamp also \"restamped\" (ops) and \"nodes\" (how many nodes they touch).");
    spec.addOption(Spec.option("--hub-url", "URL", "The hub, e.g. http://127.0.0.1:7878 (remembered)."));
    spec.addOption(Spec.option("--ca-file", "PEM", "For an https:// hub: trust exactly the CA certificates in this"
        + " PEM file (default: the one given to heph login for that hub, else the JDK's trusted CAs). Not remembered."));
    spec.addOption(Spec.flag("--restamp", "Re-stamp this device's unsynced ops made while its clock ran ahead,"
        + " then sync."));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    String caFile = in.option("--ca-file");
    // No --ca-file: the CA file heph login kept for that hub, else the JDK's CAs (SyncService decides).
    HubTrust trust = caFile == null ? null : HubTrust.fromCaFile(Path.of(caFile));
    try (Heph heph = in.open()) {
      Output out = in.out();
      SyncService service = new SyncService(heph, trust);
      // --hub-url, else the hub this database remembers, else the config file's hub.url
      String hubUrl = in.option("--hub-url");
      if (hubUrl == null && service.rememberedUrl() == null) {
        hubUrl = Config.current().get(Config.HUB_URL);
      }
      if (in.flag("--restamp")) {
        RestampReport r = service.restamp(hubUrl);
        if (in.json()) {
          out.jsonText(SyncReportJson.of(r));
        } else {
          out.text().println((r.restamped() == 0 ? "no change needed a new stamp; "
              : "re-stamped " + changes(r.restamped()) + " on " + r.nodes() + (r.nodes() == 1 ? " node; " : " nodes; "))
              + reportText(r.sync()));
        }
        return 0;
      }
      SyncReport r = service.sync(hubUrl);
      if (in.json()) {
        out.jsonText(SyncReportJson.of(r));
      } else {
        out.text().println(reportText(r));
      }
    }
    return 0;
  }

  /** In words, not the wire's: a person made changes (each an op on the wire, and in --json's counts). */
  private static String reportText(SyncReport r) {
    return "synced with " + r.hub() + ": pulled " + changes(r.pulled()) + " (" + r.applied() + " new), pushed "
        + changes(r.pushed()) + (r.reset() ? "; the hub's history had changed, so everything was re-sent" : "");
  }

  private static String changes(long n) {
    return n + (n == 1 ? " change" : " changes");
  }
}
