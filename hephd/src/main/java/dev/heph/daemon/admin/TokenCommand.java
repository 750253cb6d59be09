package dev.heph.daemon.admin;

import dev.heph.auth.accounts.Accounts;
import dev.heph.auth.accounts.DeviceToken;
import dev.heph.auth.accounts.IssuedToken;
import dev.heph.core.json.JsonText;
import dev.heph.core.text.TerminalText;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hephd token create|list|revoke}: the device tokens a hub accepts. */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Manage device tokens (the hub may be running; a revoked token is refused on its next request).",
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand {

  /** {@code hephd token create NAME --device DEVICE}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = {"Mint a device token for a user's device and print it, alone, on one line of stdout.",
          "It is shown this once: the hub keeps only its SHA-256. The device sends it as"
              + " 'Authorization: Bearer TOKEN'."})
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubDb hub;
    @Parameters(paramLabel = "NAME", description = "The user (name or id).")
    String user;
    @Option(names = "--device", required = true, paramLabel = "DEVICE",
        description = "What the device is called, e.g. laptop (shown by token list).")
    String device;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try (Accounts accounts = hub.open(err)) {
        IssuedToken issued = accounts.createToken(user, device);
        PrintWriter out = spec.commandLine().getOut();
        out.println(issued.secret());
        out.flush();
        DeviceToken t = issued.token();
        err.println("hephd: token " + t.id() + " for " + t.userName() + "'s device " + TerminalText.line(t.device())
            + "; store it now, it is not shown again");
      }
      return 0;
    }
  }

  /** {@code hephd token list [--user NAME]}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List device tokens (never their secrets).")
  static final class ListTokens implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubDb hub;
    @Option(names = "--user", paramLabel = "NAME", description = "Only this user's tokens (name or id).")
    String user;
    @Option(names = "--json",
        description = "Print [{\"id\",\"user\",\"user_id\",\"device\",\"created\",\"last_used\",\"revoked\"}].")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Accounts accounts = hub.open(spec.commandLine().getErr())) {
        List<DeviceToken> tokens = accounts.tokens(user);
        if (json) {
          out.println(JsonText.of(g -> {
            g.writeStartArray();
            for (DeviceToken t : tokens) {
              g.writeStartObject();
              g.writeStringField("id", t.id());
              g.writeStringField("user", t.userName());
              g.writeStringField("user_id", t.userId());
              g.writeStringField("device", t.device());
              g.writeStringField("created", t.created().toString());
              g.writeStringField("last_used", UserCommand.text(t.lastUsed()));
              g.writeStringField("revoked", UserCommand.text(t.revoked()));
              g.writeEndObject();
            }
            g.writeEndArray();
          }));
          return 0;
        }
        Table table = new Table("ID", "USER", "DEVICE", "CREATED", "LAST USED", "REVOKED");
        tokens.forEach(t -> table.row(t.id(), t.userName(), t.device(), t.created(), t.lastUsed(), t.revoked()));
        table.print(out);
      }
      return 0;
    }
  }

  /** {@code hephd token revoke ID}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a device token by its id (see token list); the hub refuses it from its next request on.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubDb hub;
    @Parameters(paramLabel = "ID", description = "The token's id, t_...")
    String id;

    @Override
    public Integer call() {
      try (Accounts accounts = hub.open(spec.commandLine().getErr())) {
        DeviceToken t = accounts.revokeToken(id);
        spec.commandLine().getOut().println("revoked token " + t.id() + " (" + t.userName() + ", "
            + TerminalText.line(t.device()) + ") at " + t.revoked());
      }
      return 0;
    }
  }
}
