package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One client connection to a daemon's unix socket: newline-delimited JSON-RPC 2.0. */
final class RpcConn implements AutoCloseable {
  final SocketChannel channel;
  private final BufferedReader in;
  private final OutputStream out;
  private long nextId = 1;

  private RpcConn(SocketChannel channel) {
    this.channel = channel;
    this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    this.out = Channels.newOutputStream(channel);
  }

  static RpcConn open(Path socket) {
    try {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
      return new RpcConn(ch);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + socket, e);
    }
  }

  /** Sends raw bytes (no newline added). */
  void send(String text) {
    send(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends bytes as they are, UTF-8 or not. */
  void send(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next response line, or null at end of stream; fails (and hangs up) after 15 s of silence. */
  String readLine() {
    return readLine(15);
  }

  String readLine(long timeoutSeconds) {
    FutureTask<String> read = new FutureTask<>(in::readLine);
    Thread.ofVirtual().start(read);
    try {
      return read.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      close();
      throw new AssertionError("no answer from the daemon within " + timeoutSeconds + " s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Sends one line, returns the one line answered. */
  String roundTrip(String line) {
    send(line + "\n");
    String answer = readLine();
    assertThat(answer).as("answer to %s", line).isNotNull();
    return answer;
  }

  /** A request's full response object (checked to be JSON-RPC 2.0 with our id). */
  Map<String, Object> call(String method, Map<String, Object> params) {
    long id = nextId++;
    Map<String, Object> request = JsonTree.map("jsonrpc", "2.0", "id", id, "method", method);
    if (params != null) {
      request.put("params", params);
    }
    Map<String, Object> response = JsonTree.obj(JsonTree.parse(roundTrip(JsonTree.write(request))));
    assertThat(response).containsEntry("jsonrpc", "2.0").containsEntry("id", id);
    assertThat(response.containsKey("result") ^ response.containsKey("error"))
        .as("exactly one of result/error in %s", response).isTrue();
    return response;
  }

  /** The result of a call that must succeed. */
  Object result(String method, Object... params) {
    Map<String, Object> r = call(method, params.length == 0 ? null : JsonTree.map(params));
    assertThat(r).as("%s %s", method, List.of(params)).doesNotContainKey("error");
    return r.get("result");
  }

  /** The result of a call that must succeed and return a node. */
  Map<String, Object> node(String method, Object... params) {
    Map<String, Object> n = JsonTree.obj(result(method, params));
    assertThat(JsonTree.nodeKeys(n)).as("node keys from %s", method).isEqualTo(JsonTree.NODE_KEYS);
    return n;
  }

  /** The nodes returned by a call that must succeed and return an array of nodes. */
  List<Map<String, Object>> nodes(String method, Object... params) {
    List<Map<String, Object>> nodes = JsonTree.objs(result(method, params));
    for (Map<String, Object> n : nodes) {
      assertThat(JsonTree.nodeKeys(n)).as("node keys from %s", method).isEqualTo(JsonTree.NODE_KEYS);
    }
    return nodes;
  }

  /** The error object of a call that must fail. */
  Map<String, Object> error(String method, Object... params) {
    Map<String, Object> r = call(method, params.length == 0 ? null : JsonTree.map(params));
    assertThat(r).as("%s %s", method, List.of(params)).doesNotContainKey("result");
    Map<String, Object> e = JsonTree.obj(r.get("error"));
    assertThat(e.keySet()).containsExactly("code", "message", "data");
    assertThat(JsonTree.obj(e.get("data"))).containsOnlyKeys("code");
    return e;
  }

  static String dataCode(Map<String, Object> error) {
    return (String) JsonTree.obj(error.get("data")).get("code");
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
