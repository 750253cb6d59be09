package dev.heph.daemon;

import dev.heph.daemon.login.LoginRoutes;
import dev.heph.daemon.rpc.Rpc;
import dev.heph.sync.hub.Hub;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The Jetty server of {@code hephd --mode server}, with the bounds that keep it serving under
 * abuse: at most {@link #MAX_CONNECTIONS} connections (more wait in the listen backlog), a
 * thread for each, slow clients cut off ({@link SlowClientGuard}), idle connections closed, no
 * version in answers; and its routes guarded against web pages ({@link BrowserGuard}).
 */
final class HubServer {
  /** Connections served at once; each may hold a virtual thread while its request is read. */
  static final int MAX_CONNECTIONS = 512;
  /** A connection with no traffic at all for this long is closed (also while the hub works). */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
  /** How slow a client may be: see {@link SlowClientGuard}. Tests shorten the grace. */
  static final SlowClientGuard.Limits SLOW_CLIENTS = new SlowClientGuard.Limits(
      Duration.ofMillis(Long.getLong("hephd.slowClientGraceMillis", 20_000)), 1024);
  /** Threads beyond one per connection: Jetty's acceptor and selectors, the scheduler's tasks. */
  private static final int SPARE_THREADS = 64;
  private static final long STOP_TIMEOUT_MILLIS = 10_000;
  private static final long SHUTDOWN_IDLE_TIMEOUT_MILLIS = 5_000;

  private final Server server;
  private final ServerConnector connector;
  private final AllowedHosts hosts;
  private final InetAddress bound;

  private HubServer(Server server, ServerConnector connector, AllowedHosts hosts, InetAddress bound) {
    this.server = server;
    this.connector = connector;
    this.hosts = hosts;
    this.bound = bound;
  }

  /** Binds {@code address} (so that an ephemeral port is known) and wires the routes; {@link #start} serves. */
  static HubServer bind(InetSocketAddress address, List<String> allowedHosts, Hub hub, Rpc rpc) throws IOException {
    return bind(address, allowedHosts, hub, rpc, null);
  }

  /** The same, with the device login's routes ({@code login} null: none, as on an open hub). */
  static HubServer bind(InetSocketAddress address, List<String> allowedHosts, Hub hub, Rpc rpc, LoginRoutes login)
      throws IOException {
    VirtualThreadPool threads = new VirtualThreadPool(MAX_CONNECTIONS + SPARE_THREADS);
    threads.setMaxConcurrentTasks(MAX_CONNECTIONS + SPARE_THREADS);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    // While stopping, a request in flight may finish, but a client that goes quiet is not waited
    // for: Jetty's default of 1 s cut pushes whose client was merely slow (a loaded machine);
    // 5 s, well inside the stop timeout, lets them finish.
    connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT_MILLIS);
    SlowClientGuard slowClients = new SlowClientGuard(SLOW_CLIENTS, server.getScheduler());
    connector.addBean(slowClients);
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
    server.setStopTimeout(STOP_TIMEOUT_MILLIS);
    server.setStopAtShutdown(false);
    connector.open();
    InetAddress bound = ((InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress())
        .getAddress();
    AllowedHosts hosts = AllowedHosts.of(bound, address.getHostString(), connector.getLocalPort(), allowedHosts);
    server.setHandler(new GracefulHandler(new HttpApi(hub, rpc, new BrowserGuard(hosts), slowClients, login)));
    server.setErrorHandler(new JsonErrorHandler());
    return new HubServer(server, connector, hosts, bound);
  }

  void start() throws Exception {
    server.start();
  }

  void stop() throws Exception {
    server.stop();
  }

  int port() {
    return connector.getLocalPort();
  }

  AllowedHosts hosts() {
    return hosts;
  }

  /** Whether only this machine can reach the hub. */
  boolean loopbackOnly() {
    return bound.isLoopbackAddress();
  }
}
