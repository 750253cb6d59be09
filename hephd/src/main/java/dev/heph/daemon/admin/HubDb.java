package dev.heph.daemon.admin;

import dev.heph.auth.accounts.Accounts;
import dev.heph.auth.accounts.HubLayout;
import dev.heph.core.Locations;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --db} option of the account commands: the hub's database, whose accounts they change. */
final class HubDb {
  @Option(names = "--db", paramLabel = "HUBDB",
      description = "The hub's database, as given to hephd --mode server (default: as hephd's --db); the accounts"
          + " are in HUBDB.accounts. The hub may be running.")
  Path db;

  /** Opens the hub's accounts database, telling {@code err} what opening made private. */
  Accounts open(PrintWriter err) {
    Path hubDb = db != null ? db : Locations.defaultDb(System.getenv());
    Accounts accounts = Accounts.open(new HubLayout(hubDb));
    accounts.notices().forEach(notice -> err.println("hephd: " + notice));
    return accounts;
  }
}
