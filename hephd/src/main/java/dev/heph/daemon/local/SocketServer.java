package dev.heph.daemon.local;

import dev.heph.core.HephException;
import dev.heph.core.Locations;
import dev.heph.core.PrivateFiles;
import dev.heph.daemon.rpc.Rpc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves newline-delimited JSON-RPC 2.0 on a unix-domain socket: one request per line, each
 * client on its own virtual thread. The socket is mode 0600 inside a 0700 directory: only its
 * owner can talk to the daemon.
 */
public final class SocketServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("heph.daemon");
  /** Longest request line accepted; a longer one is answered with an error and the client dropped. */
  private static final int MAX_LINE = 4 << 20;

  private final Path path;
  private final Rpc rpc;
  private final ServerSocketChannel server;
  private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  private SocketServer(Path path, Rpc rpc, ServerSocketChannel server) {
    this.path = path;
    this.rpc = rpc;
    this.server = server;
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
          throw new HephException.InvalidInput("another hephd is already listening on " + path);
        }
        Files.delete(path); // left behind by a daemon that was killed
      }
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(path));
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
      return new SocketServer(path, rpc, server);
    } catch (IOException e) {
      throw new HephException.StoreFailure("socket_unusable", "cannot listen on " + path + ": " + e.getMessage(), e);
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

  private void serveClient(SocketChannel client) {
    try (client;
         BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
             StandardCharsets.UTF_8), 1 << 16);
         OutputStream out = Channels.newOutputStream(client)) {
      String line;
      try {
        while ((line = readLine(in)) != null) {
          if (line.isBlank()) {
            continue;
          }
          String response = rpc.handle(line);
          if (response != null) {
            out.write((response + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
        }
      } catch (LineTooLong e) {
        LOG.warn("client sent a request line over {} bytes; answered and hung up", MAX_LINE);
        out.write(("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"request line longer than "
            + MAX_LINE + " bytes\",\"data\":{\"code\":\"invalid_request\"}}}\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      if (!closing) {
        LOG.debug("client gone: {}", e.toString());
      }
    } finally {
      clients.remove(client);
    }
  }

  /** A line, or null at end of stream; refuses lines longer than MAX_LINE. */
  private static String readLine(BufferedReader in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        return sb.toString();
      }
      if (sb.length() >= MAX_LINE) {
        throw new LineTooLong();
      }
      sb.append((char) c);
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  private static final class LineTooLong extends IOException {}

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
