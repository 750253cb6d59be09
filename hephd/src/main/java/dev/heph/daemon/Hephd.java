package dev.heph.daemon;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.Locations;
import dev.heph.daemon.local.BackgroundSync;
import dev.heph.daemon.local.DaemonLock;
import dev.heph.daemon.local.SocketServer;
import dev.heph.daemon.rpc.Rpc;
import dev.heph.sync.hub.Hub;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hephd}: the heph daemon. Local mode serves JSON-RPC on a unix socket and keeps the
 * device in sync with its hub in the background; server mode serves the sync hub and
 * {@code POST /rpc} over HTTP on virtual threads. SIGTERM or SIGINT stops it cleanly: requests in
 * flight (and their transactions) finish, the socket is removed, the exit code is 0.
 */
@Command(name = "hephd", mixinStandardHelpOptions = true, description = "The heph daemon.",
    footer = {"", "Examples:", "  hephd --mode local --db ~/.local/share/heph/heph.db --hub-url http://127.0.0.1:7878",
        "  hephd --mode server --db /var/lib/heph/hub.db --http-addr 127.0.0.1:7878",
        "", "Server mode is unauthenticated for now: keep it on loopback or behind an authenticating proxy."})
public final class Hephd implements Callable<Integer> {

  /** The modes hephd runs in. */
  enum Mode { local, server }

  @Option(names = "--mode", required = true, paramLabel = "MODE",
      description = "local: serve the unix socket and sync in the background; server: serve the hub over HTTP.")
  Mode mode;

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

  @Option(names = "--socket", paramLabel = "PATH",
      description = "Local mode: socket path (default: $XDG_RUNTIME_DIR/heph/hephd.sock, else ~/.local/share/heph/hephd.sock).")
  Path socket;

  public static void main(String[] args) {
    int code = new CommandLine(new Hephd())
        .setExecutionExceptionHandler((e, cli, parsed) -> {
          cli.getErr().println("hephd: " + (e instanceof HephException ? e.getMessage() : e.toString()));
          return 1;
        })
        .execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() throws Exception {
    Path database = db != null ? db : Locations.defaultDb(System.getenv());
    if (syncInterval < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--sync-interval must be at least 1 second");
    }
    InetSocketAddress address = mode == Mode.server ? parseAddress(httpAddr) : null;
    // Opened before the lock is taken: a path heph cannot use is refused before a lock file is
    // made beside it (e.g. /dev/null.hephd.lock).
    Heph heph = opened(database);
    try (DaemonLock lock = DaemonLock.acquire(database)) {
      return mode == Mode.local ? runLocal(database, heph) : runServer(database, heph, address);
    } catch (RuntimeException e) {
      heph.close();
      throw e;
    }
  }

  private int runLocal(Path database, Heph heph) throws InterruptedException {
    Path socketPath = socket != null ? socket : Locations.socket(System.getenv());
    BackgroundSync sync = new BackgroundSync(Heph.open(database), hubUrl, Duration.ofSeconds(syncInterval));
    Rpc rpc = new Rpc(heph, new Control("local", database, socketPath.toString(), heph, sync));
    SocketServer server = SocketServer.bind(socketPath, rpc);
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

  private int runServer(Path database, Heph heph, InetSocketAddress address) throws Exception {
    Hub hub = new Hub(heph);
    // The hub and the RPC share one facade, whose store lets their threads take turns.
    Control control = new Control("server", database, "", heph, null);
    Rpc rpc = new Rpc(heph, control);
    HubServer server = HubServer.bind(address, allowedHosts, hub, rpc);
    CountDownLatch stopped = onTermination(() -> {
      try {
        server.stop();
      } catch (Exception e) {
        System.err.println("hephd: error while stopping: " + e);
      }
      rpc.close();
    });
    server.start();
    if (!server.loopbackOnly()) {
      System.err.println("hephd: WARNING: the hub listens on " + httpAddr + ", which other machines can reach, and has"
          + " no authentication: anyone who reaches it can read and change every task. Keep --http-addr on"
          + " 127.0.0.1, or put an authenticating proxy in front.");
    }
    String url = "http://" + address.getHostString() + ":" + server.port();
    // Tests and scripts read this line to find an ephemeral port.
    System.out.println("hephd: hub " + hub.hubId() + " serving " + database.toAbsolutePath() + " on " + url);
    System.out.flush();
    awaitStop(stopped);
    return 0;
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
