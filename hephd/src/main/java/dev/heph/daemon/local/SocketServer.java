package dev.heph.daemon.local;

import dev.heph.core.HephException.DaemonFailure;
import dev.heph.core.HephException.DaemonFailure.Kind;
import dev.heph.core.Locations;
import dev.heph.core.PrivateFiles;
import dev.heph.daemon.rpc.Rpc;
import dev.heph.daemon.rpc.RpcError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves newline-delimited JSON-RPC 2.0 on a unix-domain socket: one request per line, each
 * client on its own virtual thread. The socket is mode 0600 inside a 0700 directory, and every
 * connection's peer must run as the daemon's own user (the kernel's {@code SO_PEERCRED}): a
 * connection from anyone else (root included, or through modes loosened by hand) is closed
 * unanswered, with a log line. What clients can make it hold is bounded: {@link #MAX_CLIENTS}
 * connections, {@link #MAX_LINE} bytes per request line, {@link #MAX_BUFFERED} bytes of request
 * lines across all clients; a client beyond a bound gets an error line and is hung up on, and the
 * others are served as before.
 */
public final class SocketServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("heph.daemon");
  /** Longest request line accepted, in bytes; a longer one is answered with an error and the client dropped. */
  static final int MAX_LINE = 4 << 20;
  /**
   * Bytes of request lines all clients together may hold, from their first byte until answered,
   * beyond the first {@link LineReader#UNCOUNTED} bytes of each (so at most MAX_BUFFERED +
   * MAX_CLIENTS × 64 KiB in all).
   */
  static final long MAX_BUFFERED = 32L << 20;
  /** Clients connected at once; one more is told the daemon is busy and hung up on. */
  static final int MAX_CLIENTS = 256;
  /** The JSON-RPC error code of a refusal for lack of room (a server error of JSON-RPC's range). */
  static final int BUSY = -32030;

  private final Path path;
  private final Rpc rpc;
  private final ServerSocketChannel server;
  /** The daemon's own user: the owner of the socket it created. */
  private final UserPrincipal owner;
  private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
  private final MemoryBudget buffered = new MemoryBudget(MAX_BUFFERED);
  private volatile boolean closing;

  private SocketServer(Path path, Rpc rpc, ServerSocketChannel server, UserPrincipal owner) {
    this.path = path;
    this.rpc = rpc;
    this.server = server;
    this.owner = owner;
  }

  /**
   * Binds the socket, replacing a stale one from a killed daemon and refusing a live one. Missing
   * folders are created 0700; an existing one is made 0700 only when it is heph's own (the
   * default's), never a folder the person named with {@code --socket}.
   */
  public static SocketServer bind(Path path, Rpc rpc) {
    try {
      Path dir = path.toAbsolutePath().getParent();
      PrivateFiles.createDirectories(dir);
      if (Locations.ownDirectories(System.getenv()).contains(dir)) {
        PrivateFiles.tighten(dir).ifPresent(notice -> System.err.println("hephd: " + notice));
      }
      if (Files.exists(path)) {
        if (answers(path)) {
          throw new DaemonFailure(Kind.DAEMON_RUNNING, "cannot listen on " + path + ": address already in use by"
              + " another hephd (stop it, or give this one its own --socket PATH)", null);
        }
        Files.delete(path); // left behind by a daemon that was killed
      }
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(path));
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
      return new SocketServer(path, rpc, server, Files.getOwner(path));
    } catch (IOException e) {
      throw new DaemonFailure(Kind.SOCKET_UNUSABLE, "cannot listen on " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean answers(Path path) {
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      return probe.isConnected();
    } catch (IOException e) {
      return false;
    }
  }

  public Path path() {
    return path;
  }

  /** Accepts clients until closed; each is served on a virtual thread. */
  public void serve() {
    Thread.ofVirtual().name("hephd-accept").start(() -> {
      while (!closing) {
        try {
          SocketChannel client = server.accept();
          if (!fromOwner(client)) {
            continue;
          }
          if (clients.size() >= MAX_CLIENTS) {
            refuse(client, "busy", "the daemon already serves " + MAX_CLIENTS + " clients; try again later");
            continue;
          }
          clients.add(client);
          Thread.ofVirtual().name("hephd-client").start(() -> serveClient(client));
        } catch (IOException e) {
          if (!closing) {
            LOG.warn("accept failed: {}", e.toString());
          }
        }
      }
    });
  }

  /**
   * Whether the client runs as the daemon's user; if not, it is hung up on without a word (an
   * answer would tell a stranger that a daemon listens, and what it speaks).
   */
  private boolean fromOwner(SocketChannel client) {
    String peer;
    try {
      UserPrincipal user = client.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
      if (user.equals(owner)) {
        return true;
      }
      peer = "user " + user.getName();
    } catch (IOException | UnsupportedOperationException e) {
      peer = "a peer whose user cannot be known (" + e + ")";
    }
    LOG.warn("refused a connection from {}: only {} may use this daemon", peer, owner.getName());
    try {
      client.close();
    } catch (IOException e) {
      LOG.debug("refused client gone: {}", e.toString());
    }
    return false;
  }

  private void serveClient(SocketChannel client) {
    LineReader in = new LineReader(client, buffered, MAX_LINE);
    try (client; OutputStream out = Channels.newOutputStream(client)) {
      try {
        int length;
        while ((length = in.next()) >= 0) {
          try {
            String response = in.isBlank(length) ? null : rpc.handle(in.bytes(), 0, length);
            if (response != null) {
              out.write((response + "\n").getBytes(StandardCharsets.UTF_8));
              out.flush();
            }
          } finally {
            in.release();
          }
        }
      } catch (LineReader.LineTooLong e) {
        LOG.warn("client sent a request line over {} bytes; answered and hung up", MAX_LINE);
        out.write(errorLine(RpcError.INVALID_REQUEST, "invalid_request", "request line longer than " + MAX_LINE
            + " bytes"));
        out.flush();
      } catch (LineReader.OverBudget e) {
        LOG.warn("clients hold {} bytes of unanswered requests; one more was answered busy and hung up",
            MAX_BUFFERED);
        out.write(errorLine(BUSY, "busy", "the daemon holds " + MAX_BUFFERED
            + " bytes of unanswered requests from its clients; try again later"));
        out.flush();
      }
    } catch (IOException e) {
      if (!closing) {
        LOG.debug("client gone: {}", e.toString());
      }
    } finally {
      in.release();
      clients.remove(client);
    }
  }

  /** Answers a client the daemon will not serve with one error line, and hangs up. */
  private static void refuse(SocketChannel client, String code, String message) {
    LOG.warn("refused a client: {}", message);
    try (client) {
      client.write(java.nio.ByteBuffer.wrap(errorLine(BUSY, code, message)));
    } catch (IOException e) {
      LOG.debug("refused client gone: {}", e.toString());
    }
  }

  private static byte[] errorLine(int code, String name, String message) {
    return (Rpc.error(null, new RpcError(code, name, message)) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    closing = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (SocketChannel c : clients) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", path, e.toString());
    }
  }
}
