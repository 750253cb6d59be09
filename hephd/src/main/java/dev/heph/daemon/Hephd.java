package dev.heph.daemon;

import dev.heph.auth.Authenticator;
import dev.heph.auth.accounts.Accounts;
import dev.heph.auth.accounts.HubLayout;
import dev.heph.auth.oidc.OidcProvider;
import dev.heph.auth.oidc.OidcSettings;
import dev.heph.auth.oidc.OidcVerifier;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.Locations;
import dev.heph.daemon.admin.TokenCommand;
import dev.heph.daemon.admin.UserCommand;
import dev.heph.daemon.local.BackgroundSync;
import dev.heph.daemon.login.AccountTokens;
import dev.heph.daemon.login.LoginRoutes;
import dev.heph.daemon.login.OidcBrowserLogin;
import dev.heph.daemon.local.DaemonLock;
import dev.heph.daemon.local.SocketServer;
import dev.heph.daemon.rpc.Rpc;
import dev.heph.sync.hub.Hub;
import dev.heph.sync.spoke.HubTrust;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hephd}: the heph daemon. Local mode serves JSON-RPC on a unix socket and keeps the
 * device in sync with its hub in the background; server mode serves the sync hub and
 * {@code POST /rpc} over HTTP on virtual threads. SIGTERM or SIGINT stops it cleanly: requests in
 * flight (and their transactions) finish, the socket is removed, the exit code is 0.
 */
@Command(name = "hephd", mixinStandardHelpOptions = true, description = "The heph daemon.",
    subcommands = {UserCommand.class, TokenCommand.class},
    footer = {"", "Examples:", "  hephd --mode local --db ~/.local/share/heph/heph.db --hub-url http://127.0.0.1:7878",
        "  hephd user add alice --db /var/lib/heph/hub.db",
        "  hephd token create alice --device laptop --db /var/lib/heph/hub.db",
        "  hephd --mode server --db /var/lib/heph/hub.db --http-addr 127.0.0.1:7878",
        "  hephd --mode server --db /var/lib/heph/hub.db --http-addr 0.0.0.0:7878 --tls-cert cert.pem --tls-key key.pem",
        "  hephd --mode server --db /var/lib/heph/hub.db --http-addr 0.0.0.0:443 --tls-cert cert.pem --tls-key key.pem \\",
        "        --auth oidc --oidc-issuer https://idp.example.org/realms/family --oidc-client-id heph --oidc-auto-create",
        "", "Server mode asks every request for a device token (Authorization: Bearer) unless --auth none,"
            + " which is allowed on loopback only. With --auth oidc it also takes the identity provider's signed"
            + " access tokens, and heph login's page offers signing in there; register"
            + " https://HUB/device/callback (each name the hub is reached by) as a redirect URI of the client.",
        "", "Exit codes: 0 done; 1 failed (e.g. no such user or token, a database it cannot use);"
            + " 2 bad usage (unknown flag, missing argument)."})
public final class Hephd implements Callable<Integer> {

  /** The modes hephd runs in. */
  enum Mode { local, server }

  /** How server mode knows who is asking. */
  enum Auth { token, oidc, none }

  @Spec CommandSpec spec;

  // Checked in call(), not by picocli: the account subcommands run without a mode.
  @Option(names = "--mode", paramLabel = "MODE",
      description = "local: serve the unix socket and sync in the background; server: serve the hub over HTTP.")
  Mode mode;

  // No defaultValue: picocli would take its text "token" for the subcommand of that name.
  @Option(names = "--auth", paramLabel = "token|oidc|none",
      description = "Server mode: token (default): every request needs a device token made with hephd token create,"
          + " and sees only its user's data; oidc: device tokens, or the --oidc-issuer provider's access tokens, and"
          + " signing in there to log a device in; none: an open single-owner hub, refused unless --http-addr is"
          + " loopback.")
  Auth auth = Auth.token;

  @Option(names = "--oidc-issuer", paramLabel = "URL",
      description = "--auth oidc: the provider's issuer URL, exactly as its tokens name it; discovered at start"
          + " (ISSUER/.well-known/openid-configuration).")
  String oidcIssuer;

  @Option(names = "--oidc-client-id", paramLabel = "ID", description = "--auth oidc: the hub's client id at the provider.")
  String oidcClientId;

  @Option(names = "--oidc-audience", paramLabel = "AUD",
      description = "--auth oidc: the aud access tokens must carry (default: the client id).")
  String oidcAudience;

  @Option(names = "--oidc-auto-create",
      description = "--auth oidc: a person the provider signs in for the first time becomes a new user (named after"
          + " the token's subject); without it, only identities linked to a user are let in.")
  boolean oidcAutoCreate;

  @Option(names = "--oidc-client-secret-file", paramLabel = "FILE",
      description = "--auth oidc: a file holding the client secret, for a confidential client (default: a public"
          + " client, PKCE alone).")
  Path oidcClientSecretFile;

  @Option(names = "--db", paramLabel = "PATH",
      description = "Database file (default: $HEPH_DB, else $XDG_DATA_HOME/heph/heph.db, else ~/.local/share/heph/heph.db).")
  Path db;

  @Option(names = "--http-addr", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7878",
      description = "Server mode: address to listen on (default: ${DEFAULT-VALUE}); port 0 picks a free port.")
  String httpAddr;

  @Option(names = "--allowed-host", paramLabel = "NAME",
      description = "Server mode: also answer requests for this host name (any port), e.g. the name of a proxy in front;"
          + " repeatable. The hub always answers to the address it listens on.")
  List<String> allowedHosts = new ArrayList<>();

  @Option(names = "--hub-url", paramLabel = "URL",
      description = "Local mode: the hub to sync with (default: the one remembered by heph sync).")
  String hubUrl;

  @Option(names = "--sync-interval", paramLabel = "SECS", defaultValue = "30",
      description = "Local mode: seconds between background syncs (default: ${DEFAULT-VALUE}).")
  long syncInterval;

  @Option(names = "--tls-cert", paramLabel = "PEM",
      description = "Server mode: serve HTTPS with this certificate chain (PEM, the hub's own certificate first);"
          + " needs --tls-key.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM",
      description = "Server mode: the certificate's private key (PEM, unencrypted PKCS#8, RSA or EC); needs --tls-cert.")
  Path tlsKey;

  @Option(names = "--ca-file", paramLabel = "PEM",
      description = "Local mode: trust exactly the CA certificates in this PEM file for an https:// hub"
          + " (default: the one given to heph login for that hub, else the JDK's trusted CAs).")
  Path caFile;

  @Option(names = "--socket", paramLabel = "PATH",
      description = "Local mode: socket path (default: $XDG_RUNTIME_DIR/heph/hephd.sock, else ~/.local/share/heph/hephd.sock).")
  Path socket;

  public static void main(String[] args) {
    int code = new CommandLine(new Hephd())
        // "--auth token": the value, not the subcommand of that name.
        .setAllowSubcommandsAsOptionParameters(true)
        .setParameterExceptionHandler(UsageErrors::handle)
        .setExecutionExceptionHandler((e, cli, parsed) -> {
          cli.getErr().println("hephd: " + (e instanceof HephException ? e.getMessage() : e.toString()));
          return 1;
        })
        .execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() throws Exception {
    if (mode == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--mode=MODE'");
    }
    Path database = db != null ? db : Locations.defaultDb(System.getenv());
    if (syncInterval < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--sync-interval must be at least 1 second");
    }
    InetSocketAddress address = mode == Mode.server ? parseAddress(httpAddr) : null;
    if (address != null && auth == Auth.none && !loopback(address)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--auth none serves anyone who can reach the hub,"
          + " so it is allowed only on a loopback --http-addr (e.g. 127.0.0.1:7878), not on " + httpAddr);
    }
    OidcSettings oidc = oidcSettings();
    // Read before anything is opened or bound: a file hephd cannot use stops it with one line.
    HubTls tls = mode == Mode.server ? tls() : null;
    // Discovered before anything is opened or bound too: a provider the hub cannot use stops it
    // with one line, rather than refusing every sign-in later.
    OidcProvider provider = oidc == null ? null : OidcProvider.discover(oidc.issuer());
    HubTrust trust = mode == Mode.local ? trust() : null;
    // Opened before the lock is taken: a path heph cannot use is refused before a lock file is
    // made beside it (e.g. /dev/null.hephd.lock).
    Heph heph = opened(database);
    try (DaemonLock lock = DaemonLock.acquire(database)) {
      return mode == Mode.local ? runLocal(database, heph, trust, lock)
          : runServer(database, heph, address, tls, oidc, provider);
    } catch (RuntimeException e) {
      heph.close();
      throw e;
    }
  }

  /** The {@code --oidc-*} flags: null unless {@code --auth oidc}, which needs the issuer and the client id. */
  private OidcSettings oidcSettings() {
    boolean given = oidcIssuer != null || oidcClientId != null || oidcAudience != null || oidcAutoCreate
        || oidcClientSecretFile != null;
    if (mode != Mode.server || auth != Auth.oidc) {
      if (given) {
        throw new CommandLine.ParameterException(spec.commandLine(), "the --oidc-* options go with --mode server"
            + " --auth oidc");
      }
      return null;
    }
    if (oidcIssuer == null || oidcIssuer.isBlank() || oidcClientId == null || oidcClientId.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--auth oidc needs --oidc-issuer URL and"
          + " --oidc-client-id ID");
    }
    return new OidcSettings(oidcIssuer, oidcClientId, oidcAudience, oidcClientSecretFile);
  }

  /** {@code --tls-cert} and {@code --tls-key}, both or neither; null: plain HTTP. A certificate out of date is served, with a warning. */
  private HubTls tls() {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--tls-cert and --tls-key go together: give both (HTTPS) or neither (plain HTTP)");
    }
    if (caFile != null) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--ca-file is for --mode local");
    }
    if (tlsCert == null) {
      return null;
    }
    HubTls tls = HubTls.load(tlsCert, tlsKey);
    tls.validityWarning(tlsCert, Instant.now()).ifPresent(warning -> System.err.println("hephd: WARNING: " + warning));
    return tls;
  }

  private HubTrust trust() {
    if (tlsCert != null || tlsKey != null) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--tls-cert and --tls-key are for --mode server");
    }
    // Null without --ca-file: the sync then trusts the CA file heph login kept for the hub, else the JDK's CAs.
    return caFile == null ? null : HubTrust.fromCaFile(caFile);
  }

  private int runLocal(Path database, Heph heph, HubTrust trust, DaemonLock lock) throws InterruptedException {
    Path socketPath = socket != null ? socket : Locations.socket(System.getenv());
    BackgroundSync sync = new BackgroundSync(Heph.open(database), hubUrl, trust, Duration.ofSeconds(syncInterval));
    Rpc rpc = new Rpc(heph, new Control("local", database, socketPath.toString(), heph, sync));
    SocketServer server = SocketServer.bind(socketPath, rpc);
    lock.announce(socketPath); // heph daemon status --db DB finds this socket there
    CountDownLatch stopped = onTermination(() -> {
      server.close();
      rpc.close();
      sync.close();
    });
    server.serve();
    sync.start();
    System.out.println("hephd: serving " + database.toAbsolutePath() + " on " + socketPath);
    System.out.flush();
    awaitStop(stopped);
    return 0;
  }

  private int runServer(Path database, Heph heph, InetSocketAddress address, HubTls tls, OidcSettings oidc,
      OidcProvider provider) throws Exception {
    HubDirectory.UserHub hubDb = HubDirectory.serving(database, heph);
    Hub hub = hubDb.hub();
    Accounts accounts = auth == Auth.none ? null : openedAccounts(database);
    HubDirectory directory = new HubDirectory(hubDb, accounts);
    OidcBrowserLogin browser = provider == null ? null : new OidcBrowserLogin(provider, oidc, accounts, oidcAutoCreate);
    // Device login needs accounts to log in to: an open hub has none.
    LoginRoutes login = accounts == null ? null : new LoginRoutes(new AccountTokens(accounts), browser,
        Clock.systemUTC());
    Authenticator authenticator = accounts == null ? Authenticator.open() : Authenticator.bearer(accounts,
        provider == null ? null : new OidcVerifier(provider, oidc), oidcAutoCreate);
    HubServer server = HubServer.bind(address, allowedHosts, directory, authenticator, tls, login);
    CountDownLatch stopped = onTermination(() -> {
      try {
        server.stop();
      } catch (Exception e) {
        System.err.println("hephd: error while stopping: " + e);
      }
      directory.close();
    });
    server.start();
    if (!server.loopbackOnly() && !server.tls()) {
      System.err.println("hephd: WARNING: the hub listens on " + httpAddr + ", which other machines can reach, over"
          + " plain HTTP: device tokens and tasks travel in clear text, readable by anyone on the way. Serve HTTPS"
          + " with --tls-cert/--tls-key, or keep --http-addr on 127.0.0.1 behind a TLS-terminating reverse proxy"
          + " (docs/hub.md).");
    }
    if (accounts != null && accounts.users().isEmpty() && !oidcAutoCreate) {
      System.err.println("hephd: this hub has no users yet, so it refuses every request: add one with"
          + " hephd user add NAME --db " + database + " (the first user's data is this database)"
          + (auth == Auth.oidc ? ", then link their provider account with hephd user link NAME --issuer "
              + oidc.issuer() + " --subject SUB, or start with --oidc-auto-create" : ""));
    }
    String url = server.url(address);
    // Tests and scripts read this line to find an ephemeral port.
    System.out.println("hephd: hub " + hub.hubId() + " serving " + database.toAbsolutePath() + " on " + url);
    System.out.flush();
    awaitStop(stopped);
    return 0;
  }

  /** Opens the hub's accounts database ({@code P.accounts}), saying on stderr what opening made private. */
  private static Accounts openedAccounts(Path database) {
    Accounts accounts = Accounts.open(new HubLayout(database));
    accounts.notices().forEach(notice -> System.err.println("hephd: " + notice));
    return accounts;
  }

  /** Opens the database, saying on stderr what opening made private. */
  private static Heph opened(Path database) {
    Heph heph = Heph.open(database);
    heph.notices().forEach(notice -> System.err.println("hephd: " + notice));
    return heph;
  }

  /**
   * Makes SIGTERM/SIGINT run {@code stop}; installed before the ready line is printed, so a stop
   * that follows it at once is orderly too. The latch opens when {@code stop} has run.
   */
  private static CountDownLatch onTermination(Runnable stop) {
    CountDownLatch stopped = new CountDownLatch(1);
    Signals.onTermination(() -> {
      stop.run();
      stopped.countDown();
    });
    return stopped;
  }

  private static void awaitStop(CountDownLatch stopped) throws InterruptedException {
    stopped.await();
    System.out.println("hephd: stopped");
  }

  /** Whether {@code address} names this machine only (a name is resolved; an unknown one is not loopback). */
  private static boolean loopback(InetSocketAddress address) {
    try {
      return java.net.InetAddress.getByName(address.getHostString()).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  static InetSocketAddress parseAddress(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new CommandLine.ParameterException(new CommandLine(new Hephd()),
          "--http-addr must be HOST:PORT, got '" + hostPort + "'");
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
      return InetSocketAddress.createUnresolved(host, port);
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(new CommandLine(new Hephd()),
          "--http-addr port must be a number, got '" + hostPort + "'");
    }
  }
}
