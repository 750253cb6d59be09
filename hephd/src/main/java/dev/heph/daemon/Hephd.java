package dev.heph.daemon;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.sync.hub.Hub;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hephd}: the heph daemon. Server mode serves the sync hub over HTTP on virtual threads.
 * SIGTERM or SIGINT stops it cleanly: requests in flight (and their transactions) finish, the
 * store is closed, and the exit code is 0.
 */
@Command(name = "hephd", mixinStandardHelpOptions = true, description = "The heph daemon.",
    footer = {"", "Example:", "  hephd --mode server --db /var/lib/heph/hub.db --http-addr 127.0.0.1:7878",
        "", "Server mode is unauthenticated for now: keep it on loopback or behind an authenticating proxy."})
public final class Hephd implements Callable<Integer> {

  /** How long in-flight requests get to finish on shutdown. */
  private static final long STOP_TIMEOUT_MILLIS = 10_000;

  /** The modes hephd runs in. */
  enum Mode { server }

  @Option(names = "--mode", required = true, paramLabel = "MODE",
      description = "server: serve the sync hub over HTTP. (local mode, the device daemon, is not built yet.)")
  Mode mode;

  @Option(names = "--db", required = true, paramLabel = "PATH", description = "The hub's database file.")
  Path db;

  @Option(names = "--http-addr", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7878",
      description = "Address to listen on (default: ${DEFAULT-VALUE}); port 0 picks a free port.")
  String httpAddr;

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
    InetSocketAddress address = parseAddress(httpAddr);
    Heph heph = Heph.open(db);
    Hub hub = new Hub(heph);
    Server server = new Server(new VirtualThreadPool());
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    server.addConnector(connector);
    server.setHandler(new GracefulHandler(new HubHandler(hub)));
    server.setStopTimeout(STOP_TIMEOUT_MILLIS);
    server.setStopAtShutdown(false);
    server.start();
    String url = "http://" + address.getHostString() + ":" + connector.getLocalPort();
    // Tests and scripts read this line to find an ephemeral port.
    System.out.println("hephd: hub " + hub.hubId() + " serving " + db.toAbsolutePath() + " on " + url);
    System.out.flush();

    CountDownLatch stopped = new CountDownLatch(1);
    Signals.onTermination(() -> {
      try {
        server.stop();
      } catch (Exception e) {
        System.err.println("hephd: error while stopping: " + e);
      }
      heph.close();
      stopped.countDown();
    });
    stopped.await();
    System.out.println("hephd: stopped");
    return 0;
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
