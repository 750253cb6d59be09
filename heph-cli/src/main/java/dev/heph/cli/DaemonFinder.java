package dev.heph.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.DaemonFile;
import dev.heph.core.HephException;
import dev.heph.core.Locations;
import dev.heph.core.op.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds the daemon that serves a database: the socket hephd named in {@code DB.hephd.lock} when it
 * started ({@link DaemonFile}), else the default socket, and only a daemon whose
 * {@code daemon.status} names that same database counts.
 */
final class DaemonFinder {
  private DaemonFinder() {}

  /**
   * What was found: {@code status} is daemon.status's result (null: no daemon serves the
   * database), {@code socket} where it answered (else where one was looked for first), and
   * {@code other} a daemon that answered serving another database (else null).
   */
  record Found(Path socket, String status, Other other) {}

  /** A daemon found on {@code socket} serving another database, {@code db}. */
  record Other(Path socket, String db) {}

  /** The daemon on exactly this socket, whatever it serves. */
  static Found onSocket(Path socket) throws IOException {
    return new Found(socket, ask(socket), null);
  }

  /** The daemon serving {@code db}. */
  static Found serving(Path db, Map<String, String> env) throws IOException {
    Set<Path> sockets = new LinkedHashSet<>();
    DaemonFile.read(db).flatMap(DaemonFile::socket).ifPresent(sockets::add);
    sockets.add(Locations.socket(env).toAbsolutePath());
    Other other = null;
    for (Path socket : sockets) {
      String status = ask(socket);
      if (status == null) {
        continue;
      }
      String served = servedDb(status);
      if (served != null && sameFile(Path.of(served), db)) {
        return new Found(socket, status, null);
      }
      other = other != null ? other : new Other(socket, served);
    }
    return new Found(sockets.iterator().next(), null, other);
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
          : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    } catch (IOException e) {
      return false;
    }
  }

  /** The {@code db} of a daemon.status result, or null. */
  private static String servedDb(String status) throws IOException {
    try (JsonParser p = Json.FACTORY.createParser(status)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("db") && value == JsonToken.VALUE_STRING) {
          return p.getText();
        }
        p.skipChildren();
      }
      return null;
    }
  }

  /** daemon.status's result as JSON text, or null when no daemon answers on the socket. */
  private static String ask(Path path) throws IOException {
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException e) {
      return null;
    }
    try (channel; OutputStream out = Channels.newOutputStream(channel);
         BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))) {
      out.write("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"daemon.status\"}\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      String line = in.readLine();
      if (line == null) {
        return null;
      }
      String result = RpcAnswer.result(line);
      if (result == null) {
        throw new HephException.InvalidInput("the daemon on " + path + " answered an error: " + line);
      }
      return result;
    }
  }
}
