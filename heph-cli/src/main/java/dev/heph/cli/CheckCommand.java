package dev.heph.cli;

import dev.heph.core.CheckReport;
import dev.heph.core.Heph;
import dev.heph.sync.SyncService;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph check}: is the replica healthy? SQLite's integrity check plus heph's own invariants. */
final class CheckCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    return Spec.command(this, "check", new String[] {"Check the database for damage.",
        "Runs SQLite's integrity check, then heph's own: every op decodes, no two ops share an hlc, this"
            + " device's ops are in order, and the nodes, fields, tags, links and search index equal a replay"
            + " of the op log."},
        "", "Prints \"ok: N ops, M nodes checked\" and exits 0 when healthy; else prints one problem a line"
            + " (kind: what) and exits 1, with how to recover on stderr.",
        "A replica found damaged is not synced (heph sync, hephd) until a check passes again.",
        "", "--json prints {\"ok\",\"ops\",\"nodes\",\"problems\":[{\"kind\",\"message\"}]}; kinds: sqlite,"
            + " search_index, meta, op, hlc, state.",
        "", "Examples:", "  heph check", "  heph --db ~/backup/heph.db check --json");
  }

  @Override
  public int run(Invocation in) {
    Path db = in.dbPath();
    CheckReport report = Heph.check(db);
    Output out = in.out();
    if (in.json()) {
      out.jsonText(report.json());
    } else if (report.ok()) {
      out.text().println("ok: " + report.ops() + " ops, " + report.nodes() + " nodes checked");
    } else {
      for (CheckReport.Problem p : report.problems()) {
        out.text().println(p.kind().wireName() + ": " + p.message());
      }
    }
    if (report.ok()) {
      return 0;
    }
    System.err.println("heph: " + db.toAbsolutePath() + " is damaged; " + SyncService.recoveryAdvice(db, rememberedHub(db)));
    System.err.flush();
    return Failures.USER_ERROR;
  }

  /** The hub the damaged database remembers, when it can still be read. */
  private static String rememberedHub(Path db) {
    try (Heph heph = Heph.open(db)) {
      return new SyncService(heph).rememberedUrlIfReadable();
    } catch (dev.heph.core.HephException e) {
      return null;
    }
  }
}
