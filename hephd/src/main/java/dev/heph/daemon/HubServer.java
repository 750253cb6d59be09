package dev.heph.daemon;

import dev.heph.auth.Authenticator;
import dev.heph.daemon.login.LoginRoutes;
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
import org.eclipse.jetty.server.SslConnectionFactory;
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
  /**
   * How failing credentials are slowed down, per address: see {@link AuthThrottle}. 20 free
   * failures, one more allowed per second, then a 1 s wait before each check. Tests change them.
   */
  static final AuthThrottle.Limits AUTH_FAILURES = new AuthThrottle.Limits(
      Integer.getInteger("hephd.authFailureBurst", 20), Duration.ofSeconds(1),
      Duration.ofMillis(Long.getLong("hephd.authFailureDelayMillis", 1_000)), 10_000);
  /** Threads beyond one per connection: Jetty's acceptor and selectors, the scheduler's tasks. */
  private static final int SPARE_THREADS = 64;
  private static final long STOP_TIMEOUT_MILLIS = 10_000;
  private static final long SHUTDOWN_IDLE_TIMEOUT_MILLIS = 5_000;

  private final Server server;
  private final ServerConnector connector;
  private final AllowedHosts hosts;
  private final InetAddress bound;
  private final boolean tls;

  private HubServer(Server server, ServerConnector connector, AllowedHosts hosts, InetAddress bound, boolean tls) {
    this.server = server;
    this.connector = connector;
    this.hosts = hosts;
    this.bound = bound;
    this.tls = tls;
  }

  /**
   * Binds {@code address} (so that an ephemeral port is known) and wires the routes; {@link #start} serves.
   * With {@code tls} (null: plain HTTP) the port speaks HTTPS only; {@code login} (null: none, as
   * on an open hub) serves the device login's routes.
   */
  static HubServer bind(InetSocketAddress address, List<String> allowedHosts, HubDirectory directory,
      Authenticator authenticator, HubTls tls, LoginRoutes login) throws IOException {
    VirtualThreadPool threads = new VirtualThreadPool(MAX_CONNECTIONS + SPARE_THREADS);
    threads.setMaxConcurrentTasks(MAX_CONNECTIONS + SPARE_THREADS);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    HttpConnectionFactory plain = new HttpConnectionFactory(http);
    SslConnectionFactory ssl = tls == null ? null : new SslConnectionFactory(tls.sslContextFactory(), plain.getProtocol());
    ServerConnector connector = tls == null ? new ServerConnector(server, plain)
        : new ServerConnector(server, new PlainHttpOnTlsPort(ssl), ssl, plain);
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
    try {
      connector.open();
    } catch (IOException | java.nio.channels.UnresolvedAddressException e) {
      throw ListenFailure.of(address, e);
    }
    InetAddress bound = ((InetSocketAddress) ((ServerSocketChannel) connector.getTransport()).getLocalAddress())
        .getAddress();
    AllowedHosts hosts = AllowedHosts.of(bound, address.getHostString(), connector.getLocalPort(), allowedHosts);
    server.setHandler(new GracefulHandler(new HttpApi(directory, authenticator, new AuthThrottle(AUTH_FAILURES),
        new BrowserGuard(hosts), slowClients, login)));
    server.setErrorHandler(new JsonErrorHandler());
    return new HubServer(server, connector, hosts, bound, tls != null);
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

  /** The hub's base URL: its scheme, the host it was told to listen on, its port. */
  String url(InetSocketAddress address) {
    return (tls ? "https://" : "http://") + address.getHostString() + ":" + port();
  }

  /** Whether the hub speaks HTTPS. */
  boolean tls() {
    return tls;
  }

  AllowedHosts hosts() {
    return hosts;
  }

  /** Whether only this machine can reach the hub. */
  boolean loopbackOnly() {
    return bound.isLoopbackAddress();
  }
}
