package dev.heph.daemon.admin;

import dev.heph.auth.ExternalIdentity;
import dev.heph.auth.accounts.Accounts;
import dev.heph.auth.accounts.DeviceToken;
import dev.heph.auth.accounts.User;
import dev.heph.core.json.JsonText;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hephd user add|list|remove|link}: the people a hub serves. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the hub's users (the hub may be running).",
    subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Remove.class, UserCommand.Link.class})
public final class UserCommand {

  /** {@code hephd user add NAME}. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Create a user and print its id.",
          "The first user ever created owns the hub's database itself (an open hub's history becomes theirs);"
              + " every other user gets HUBDB.users/<id>.db."})
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubDb hub;
    @Parameters(paramLabel = "NAME", description = "1 to 64 of A-Z a-z 0-9 . _ @ -, unique among active users.")
    String name;
    @Option(names = "--json", description = "Print {\"id\",\"name\",\"created\"}.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (Accounts accounts = hub.open(err)) {
        User user = accounts.addUser(name);
        if (json) {
          out.println(JsonText.of(g -> {
            g.writeStartObject();
            g.writeStringField("id", user.id());
            g.writeStringField("name", user.name());
            g.writeStringField("created", user.created().toString());
            g.writeEndObject();
          }));
        } else {
          out.println(user.id());
        }
        boolean owner = accounts.owner().orElseThrow().equals(user.id());
        err.println("hephd: user " + user.name() + " (" + user.id() + ") keeps their data in "
            + accounts.storeOf(user.id()) + (owner ? " (the hub's database: its history is theirs)" : ""));
      }
      return 0;
    }
  }

  /** {@code hephd user list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users, removed ones too.")
  static final class ListUsers implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubDb hub;
    @Option(names = "--json", description = "Print [{\"id\",\"name\",\"created\",\"removed\",\"db\"}].")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Accounts accounts = hub.open(spec.commandLine().getErr())) {
        List<User> users = accounts.users();
        if (json) {
          out.println(JsonText.of(g -> {
            g.writeStartArray();
            for (User u : users) {
              g.writeStartObject();
              g.writeStringField("id", u.id());
              g.writeStringField("name", u.name());
              g.writeStringField("created", u.created().toString());
              g.writeStringField("removed", text(u.removed()));
              g.writeStringField("db", accounts.storeOf(u.id()).toString());
              g.writeEndObject();
            }
            g.writeEndArray();
          }));
          return 0;
        }
        Table table = new Table("ID", "NAME", "CREATED", "REMOVED", "DATA");
        users.forEach(u -> table.row(u.id(), u.name(), u.created(), u.removed(), accounts.storeOf(u.id())));
        table.print(out);
      }
      return 0;
    }
  }

  /** {@code hephd user remove NAME|ID}. */
  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = {"Remove a user: their device tokens are revoked at once and they can no longer sign in.",
          "Their data file is kept (ids are never reused, so it is never handed to anyone else)."})
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubDb hub;
    @Parameters(paramLabel = "NAME|ID", description = "An active user's name, or a user id.")
    String user;

    @Override
    public Integer call() {
      try (Accounts accounts = hub.open(spec.commandLine().getErr())) {
        long tokens = accounts.tokens(user).stream().filter(DeviceToken::active).count();
        User removed = accounts.removeUser(user);
        spec.commandLine().getOut().println("removed user " + removed.name() + " (" + removed.id() + "); "
            + tokens + " device token" + (tokens == 1 ? "" : "s") + " revoked; their data stays in "
            + accounts.storeOf(removed.id()));
      }
      return 0;
    }
  }

  /** {@code hephd user link NAME|ID --issuer URL --subject SUB}: lets a person in through the identity provider. */
  @Command(name = "link", mixinStandardHelpOptions = true,
      description = {"Link an identity provider's account (issuer and subject) to a user, for --auth oidc without"
          + " --oidc-auto-create: that person's access tokens and sign-ins then act as this user.",
          "A link of the same identity to another user is replaced."},
      footer = {"", "Example:", "  hephd user link alice --issuer https://idp.example.org/realms/family"
          + " --subject 4f2c9a1e-77b0-4d1b-9a43-1d2f3e4a5b6c --db /var/lib/heph/hub.db"})
  static final class Link implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubDb hub;
    @Parameters(paramLabel = "NAME|ID", description = "An active user's name, or a user id.")
    String user;
    @Option(names = "--issuer", required = true, paramLabel = "URL",
        description = "The provider's issuer, exactly as --oidc-issuer gives it.")
    String issuer;
    @Option(names = "--subject", required = true, paramLabel = "SUB",
        description = "The person's subject at the provider (the sub claim of their tokens).")
    String subject;

    @Override
    public Integer call() {
      if (issuer.isBlank() || subject.isBlank()) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--issuer and --subject must not be empty");
      }
      try (Accounts accounts = hub.open(spec.commandLine().getErr())) {
        User linked = accounts.user(user);
        accounts.link(new ExternalIdentity(issuer, subject), linked.id());
        spec.commandLine().getOut().println("linked " + subject + " at " + issuer + " to user " + linked.name() + " ("
            + linked.id() + ")");
      }
      return 0;
    }
  }

  static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
