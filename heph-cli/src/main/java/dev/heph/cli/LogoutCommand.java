package dev.heph.cli;

import dev.heph.core.json.JsonText;
import dev.heph.sync.login.DeviceLogin;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph logout}: forgets the token {@code heph login} kept for this replica. */
final class LogoutCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    return Spec.command(this, "logout", new String[] {"Forget this device's hub token (deletes DB.login).",
        "The hub stays remembered; its token stays valid on the hub until an admin revokes it",
        "(hephd token revoke ID)."},
        "", "Examples:", "  heph logout", "  heph --db ~/work.db logout --json",
        "", "--json prints {\"removed\",\"file\",\"hub\"} (removed false, hub null: there was no login).");
  }

  @Override
  public int run(Invocation in) {
    DeviceLogin.Forgotten f = DeviceLogin.logout(in.dbPath().toAbsolutePath());
    if (in.json()) {
      in.out().jsonText(JsonText.of(g -> {
        g.writeStartObject();
        g.writeBooleanField("removed", f.removed());
        g.writeStringField("file", f.file().toString());
        g.writeStringField("hub", f.hub());
        g.writeEndObject();
      }));
    } else if (f.removed()) {
      in.out().text().println("logged out" + (f.hub() == null ? "" : " of " + f.hub()) + ": deleted " + f.file());
    } else {
      in.out().text().println("not logged in: there is no " + f.file());
    }
    return 0;
  }
}
