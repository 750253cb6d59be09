package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.json.JsonText;
import dev.heph.sync.login.DeviceLogin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph login URL [--token TOKEN]}: gets this device a token from a hub and keeps it with the replica. */
final class LoginCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "login", new String[] {"Log this device in to a hub that wants a token.",
        "Checks the token against the hub, keeps it beside the database in DB.login (mode 0600) and remembers",
        "URL as the hub to sync with. heph sync and hephd send it only to that hub (same scheme, host, port)."},
        "", "Examples:", "  heph login https://hub.example.org --token heph_Xy...  # a token from hephd token create",
        "  pass show heph/laptop | heph login https://hub.example.org --token -",
        "", "--token - reads the token from the first line of stdin (keeps it out of the process list).",
        "", "--json prints {\"hub\",\"file\"}. A token the hub refuses is an error (exit 1); nothing is written then.");
    spec.addPositional(Spec.positional(0, "URL", "The hub, e.g. https://hub.example.org or http://127.0.0.1:7878."));
    spec.addOption(Spec.option("--token", "TOKEN", "A device token (heph_...) or an identity provider's access"
        + " token; - reads it from stdin."));
    return spec;
  }

  @Override
  public int run(Invocation in) throws IOException {
    String token = in.option("--token");
    if (token == null) {
      throw new HephException.InvalidInput("give the device's token with --token TOKEN (an admin makes one with"
          + " hephd token create NAME --device DEVICE)");
    }
    if (token.equals("-")) {
      token = firstLineOfStdin();
    }
    String hub = DeviceLogin.check(in.positional(0), token); // a refused token writes nothing, not even the database
    try (Heph heph = in.open()) {
      print(in, new DeviceLogin(heph).store(hub, token));
    }
    return 0;
  }

  static void print(Invocation in, DeviceLogin.Stored stored) {
    if (in.json()) {
      in.out().jsonText(JsonText.of(g -> {
        g.writeStartObject();
        g.writeStringField("hub", stored.hub());
        g.writeStringField("file", stored.file().toString());
        g.writeEndObject();
      }));
    } else {
      in.out().text().println("logged in to " + stored.hub() + "; the token is kept in " + stored.file());
    }
  }

  private static String firstLineOfStdin() throws IOException {
    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (line == null || line.strip().isEmpty()) {
      throw new HephException.InvalidInput("--token - read no token from stdin");
    }
    return line.strip();
  }
}
