package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.json.JsonText;
import dev.heph.core.text.TerminalText;
import dev.heph.sync.SyncService;
import dev.heph.sync.login.DeviceFlow;
import dev.heph.sync.login.DeviceLogin;
import dev.heph.sync.spoke.HubTrust;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code heph login URL [--token TOKEN | --device NAME]}: gets this device a token from a hub (through
 * the hub's device login, approved in a browser, or given) and keeps it with the replica.
 */
final class LoginCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "login", new String[] {"Log this device in to a hub that wants a token.",
        "Without --token: prints an address and a code; open the address in any browser (on any machine),",
        "enter the code and approve, and this device gets its own new token. With --token: checks that token.",
        "The token is kept beside the database in DB.login (mode 0600) and URL is remembered as the hub to",
        "sync with. heph sync and hephd send the token only to that hub (same scheme, host and port)."},
        "", "Examples:", "  heph login https://hub.example.org                 # then open the address it prints",
        "  heph login https://hub.example.org --device laptop",
        "  heph login https://hub.example.org --token heph_Xy...  # a token from hephd token create",
        "  pass show heph/laptop | heph login https://hub.example.org --token -",
        "  heph login https://hub.home.arpa:7878 --ca-file home-ca.pem   # a hub with a private CA",
        "", "The address and code go to stderr as soon as the hub answers; the login waits (polling every few",
        "seconds) until the code is approved, denied or expires (10 minutes).",
        "--token - reads the token from the first line of stdin (keeps it out of the process list).",
        "", "--json prints {\"hub\",\"file\"} once logged in. A token the hub refuses, or a login denied or",
        "expired, is an error (exit 1), and nothing is written then.");
    spec.addPositional(Spec.positional(0, "URL", "The hub, e.g. https://hub.example.org or http://127.0.0.1:7878."));
    spec.addOption(Spec.option("--token", "TOKEN", "A device token (heph_...) or an identity provider's access"
        + " token; - reads it from stdin."));
    spec.addOption(Spec.option("--device", "NAME", "This device's name on the hub (default: the host name)."));
    spec.addOption(Spec.option("--ca-file", "PEM", "For an https:// hub: trust exactly the CA certificates in this"
        + " PEM file (default: the JDK's trusted CAs). Kept with the login: heph sync and hephd use it for this hub."));
    return spec;
  }

  @Override
  public int run(Invocation in) throws IOException, InterruptedException {
    String token = in.option("--token");
    if (token != null && in.option("--device") != null) {
      throw new HephException.InvalidInput("--device names the device for a login through the browser; a token"
          + " from --token already has its device");
    }
    Path caFile = in.option("--ca-file") == null ? null : Path.of(in.option("--ca-file"));
    HubTrust trust = caFile == null ? HubTrust.systemDefault() : HubTrust.fromCaFile(caFile);
    String hub;
    if (token == null) {
      hub = SyncService.checkUrl(in.positional(0));
      token = throughBrowser(hub, trust, deviceName(in.option("--device")));
    } else {
      if (token.equals("-")) {
        token = firstLineOfStdin();
      }
      hub = DeviceLogin.check(in.positional(0), token, trust); // a refused token writes nothing, not even the database
    }
    try (Heph heph = in.open()) {
      print(in, new DeviceLogin(heph).store(hub, token, caFile));
    }
    return 0;
  }

  /** Starts the hub's device login, tells the person where to approve it (now, on stderr), and waits. */
  private static String throughBrowser(String hub, HubTrust trust, String device) throws InterruptedException {
    try (DeviceFlow flow = new DeviceFlow(hub, trust)) {
      DeviceFlow.Started started = flow.start(device);
      System.err.println("Open " + TerminalText.line(started.verificationUri()) + " and enter "
          + TerminalText.line(started.userCode()));
      System.err.println("(or open " + TerminalText.line(started.verificationUriComplete()) + "); waiting for approval"
          + " of " + device + ", for up to " + started.expiresIn().toMinutes() + " minutes...");
      System.err.flush();
      return flow.await(started);
    }
  }

  /** {@code --device}, else this machine's host name, as the hub takes device names. */
  static String deviceName(String given) {
    if (given != null) {
      if (!given.matches("[A-Za-z0-9._@-]{1,64}")) {
        throw new HephException.InvalidInput("--device must be 1 to 64 letters, digits or ._@- (got '" + given + "')");
      }
      return given;
    }
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = System.getenv().getOrDefault("HOSTNAME", "device");
    }
    String name = host.replaceAll("[^A-Za-z0-9._@-]", "-");
    return name.isEmpty() ? "device" : name.length() > 64 ? name.substring(0, 64) : name;
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
