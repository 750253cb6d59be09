import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Round trips of hephd's JSON-RPC over its unix socket, measured from a client that keeps one
 * connection open (what an editor plugin or a TUI does). JDK only; run with the source launcher:
 *
 * <pre>
 *   java bench/RpcBench.java SOCKET fill N        # add nodes until node.list returns at least N
 *   java bench/RpcBench.java SOCKET [CALLS] [CLIENTS] [all|reads|writes]   # 10000 calls, 8 clients, all
 * </pre>
 *
 * The measurement: p50/p99 of {@code node.list} (every live node: the store's size matters),
 * {@code node.get} (one node by id: a small query) and {@code node.create} over CALLS sequential
 * calls each on one connection, after 1,000 warm-up calls; then requests/s with CLIENTS clients,
 * each on its own connection, sharing CALLS calls of each method. Reads are measured before
 * writes so that node.list sees the filled store. Besides the human-readable lines it prints
 * {@code RESULT name p50_us p99_us mean_us} and {@code RPS name clients value} lines for scripts.
 */
public final class RpcBench {
  private static final int WARMUP = 1_000;
  private static final Pattern ID = Pattern.compile("\"result\":\\{\"id\":\"([0-9a-f-]{36})\"");

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: RpcBench SOCKET [CALLS] [CLIENTS] [all|reads|writes] | RpcBench SOCKET fill N");
      System.exit(2);
    }
    Path socket = Path.of(args[0]);
    if (args.length >= 3 && args[1].equals("fill")) {
      fill(socket, Integer.parseInt(args[2]));
      return;
    }
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    String phases = args.length > 3 ? args[3] : "all";
    boolean reads = !phases.equals("writes");
    boolean writes = !phases.equals("reads");

    try (Client c = new Client(socket)) {
      int live = countNodes(c);
      String id = idOf(c.call("node.create", "{\"title\":\"bench: the node.get target\",\"tags\":[\"bench\"]}"));
      System.out.printf(Locale.ROOT, "store: %d live nodes; %d calls per method; %d clients for requests/s%n", live + 1,
          calls, clients);
      String list = "";
      String get = "{\"id\":\"" + id + "\"}";
      if (reads) {
        latency(c, "node.list", "node.list", list, calls);
        latency(c, "node.get", "node.get", get, calls);
        throughput(socket, "node.list", "node.list", list, calls, clients);
        throughput(socket, "node.get", "node.get", get, calls, clients);
      }
      if (writes) {
        latency(c, "node.create", "node.create", null, calls);
        throughput(socket, "node.create", "node.create", null, calls, clients);
      }
      System.out.printf(Locale.ROOT, "store at the end: %d live nodes%n", countNodes(c));
    }
  }

  /** Creates nodes until node.list returns at least {@code n}; prints the store's size. */
  private static void fill(Path socket, int n) throws IOException {
    try (Client c = new Client(socket)) {
      int have = countNodes(c);
      for (int i = have; i < n; i++) {
        c.call("node.create", "{\"title\":\"Bench task " + i + " with a few words of title\",\"tags\":[\"bench\",\"t"
            + (i % 20) + "\"],\"due\":\"2031-0" + (1 + i % 9) + "-1" + (i % 10) + "\",\"priority\":\""
            + "HML".charAt(i % 3) + "\",\"body\":\"Some body text for node " + i + ", as a real task might have.\"}");
      }
      System.out.println(countNodes(c));
    }
  }

  private static int countNodes(Client c) throws IOException {
    String r = c.call("node.list", "");
    int count = 0;
    for (int at = r.indexOf("{\"id\":\""); at >= 0; at = r.indexOf("{\"id\":\"", at + 1)) {
      count++;
    }
    return count;
  }

  private static String idOf(String response) {
    Matcher m = ID.matcher(response);
    if (!m.find()) {
      throw new IllegalStateException("no node id in: " + response);
    }
    return m.group(1);
  }

  private static String params(String method, String params, int i) {
    if (params != null) {
      return params;
    }
    return "{\"title\":\"bench create " + i + "\",\"tags\":[\"created\"]}";
  }

  private static void latency(Client c, String name, String method, String params, int calls) throws IOException {
    for (int i = 0; i < WARMUP; i++) {
      c.call(method, params(method, params, -i));
    }
    long[] nanos = new long[calls];
    long bytes = 0;
    for (int i = 0; i < calls; i++) {
      String p = params(method, params, i);
      long t0 = System.nanoTime();
      bytes += c.callBytes(method, p);
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    double mean = Arrays.stream(nanos).average().orElse(0) / 1000.0;
    double p50 = nanos[(int) Math.ceil(calls * 0.50) - 1] / 1000.0;
    double p99 = nanos[(int) Math.ceil(calls * 0.99) - 1] / 1000.0;
    System.out.printf(Locale.ROOT, "%-12s 1 client : p50 %8.1f us  p99 %8.1f us  mean %8.1f us  max %8.1f us  (%d B/answer)%n",
        name, p50, p99, mean, nanos[calls - 1] / 1000.0, bytes / calls);
    System.out.printf(Locale.ROOT, "RESULT %s %.1f %.1f %.1f%n", name, p50, p99, mean);
  }

  private static void throughput(Path socket, String name, String method, String params, int calls, int clients)
      throws Exception {
    List<Client> conns = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      conns.add(new Client(socket));
    }
    try {
      for (Client c : conns) { // a short warm-up on every connection
        for (int i = 0; i < 50; i++) {
          c.call(method, params(method, params, -i));
        }
      }
      CountDownLatch go = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(clients);
      AtomicReference<Throwable> failed = new AtomicReference<>();
      int each = calls / clients;
      for (int k = 0; k < clients; k++) {
        Client c = conns.get(k);
        int base = 1_000_000 * (k + 1);
        Thread.ofPlatform().start(() -> {
          try {
            go.await();
            for (int i = 0; i < each; i++) {
              c.callBytes(method, params(method, params, base + i));
            }
          } catch (Throwable t) {
            failed.compareAndSet(null, t);
          } finally {
            done.countDown();
          }
        });
      }
      long t0 = System.nanoTime();
      go.countDown();
      done.await();
      double secs = (System.nanoTime() - t0) / 1e9;
      if (failed.get() != null) {
        throw new IllegalStateException(failed.get());
      }
      double rps = each * clients / secs;
      System.out.printf(Locale.ROOT, "%-12s %d clients: %8.0f requests/s (%d calls in %.2f s)%n", name, clients, rps,
          each * clients, secs);
      System.out.printf(Locale.ROOT, "RPS %s %d %.0f%n", name, clients, rps);
    } finally {
      for (Client c : conns) {
        c.close();
      }
    }
  }

  /** One connection; reads answers as bytes up to the newline (no JSON parsing on the client). */
  private static final class Client implements AutoCloseable {
    private final SocketChannel channel;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[1 << 16];
    private long nextId = 1;

    Client(Path socket) throws IOException {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
      out = Channels.newOutputStream(channel);
      in = Channels.newInputStream(channel);
    }

    /** Sends one request, reads its answer; returns the answer's length. Fails on an error answer. */
    int callBytes(String method, String params) throws IOException {
      long id = nextId++;
      String request = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\""
          + (params.isEmpty() ? "" : ",\"params\":" + params) + "}\n";
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      int n = 0;
      while (true) {
        if (pos == limit) {
          limit = in.read(buf, 0, buf.length);
          pos = 0;
          if (limit < 0) {
            throw new IOException("the daemon hung up");
          }
        }
        int nl = pos;
        while (nl < limit && buf[nl] != '\n') {
          nl++;
        }
        int chunk = nl - pos;
        if (n + chunk > line.length) {
          line = Arrays.copyOf(line, Math.max(line.length * 2, n + chunk));
        }
        System.arraycopy(buf, pos, line, n, chunk);
        n += chunk;
        pos = nl;
        if (nl < limit) {
          pos++; // the newline
          break;
        }
      }
      // {"jsonrpc":"2.0","id":N,"result":...  versus  ..."error":...
      String head = new String(line, 0, Math.min(n, 64), StandardCharsets.UTF_8);
      if (!head.startsWith("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":")) {
        throw new IOException("unexpected answer to " + method + ": " + new String(line, 0, Math.min(n, 400),
            StandardCharsets.UTF_8));
      }
      return n;
    }

    String call(String method, String params) throws IOException {
      int n = callBytes(method, params);
      return new String(line, 0, n, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
