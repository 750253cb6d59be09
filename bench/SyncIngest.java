import dev.heph.core.Heph;
import dev.heph.core.op.Op;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hub ingest benchmark for bench/sync.sh (a benchmark, not a heph feature): how many ops per
 * second a real hub ({@code hephd --mode server}, over HTTP on loopback) stores when one remote
 * device pushes them to {@code POST /sync/push} in bodies of 1,000 ops, beside the floor: a plain
 * SQLite insert of the same rows (seq, hlc, node, body; WAL; synchronous=FULL; 1,000 per
 * transaction, as in bench/Ingest.java) in this JVM, on the same disk.
 *
 * <p>The ops are made like Populate's (create, title, status, some priority and due, one tag add
 * per node) by one remote device, and every push body is serialized before any timing. Each hub
 * repetition starts a fresh {@code hephd} on a fresh database file (its start-up is not timed),
 * checks it answers {@code GET /sync/info}, then times the pushes, one at a time like a spoke,
 * from the first request to the last answer, and stops the hub with SIGTERM. The hub is a fresh
 * process each time, so its figure includes the hub's JIT warm-up; the second half of the
 * batches is reported separately as the warmed-up rate. For reference, the same ops are also
 * applied in-process ({@code Heph.applyRemote}, no HTTP) into a fresh store. The three kinds of
 * run alternate, so slow phases of a shared machine hit them alike.
 *
 * <p>Usage: java --enable-native-access=ALL-UNNAMED -cp 'CLASSES:heph-cli/target/lib/*' SyncIngest
 * WORKDIR OUT.json HEPHD_LAUNCHER PIDFILE [OPS=100000] [BATCH=1000] [REPS=3]
 * (PIDFILE: each hephd's pid is appended there, so the calling script can stop it if this JVM dies.)
 */
public class SyncIngest {
  private static final String REMOTE_ORIGIN = "5e1f00d5a1c0ffee";
  private static final Pattern SERVING = Pattern.compile("^hephd: hub (\\S+) serving .* on (http://\\S+)$");
  private static final Pattern APPLIED = Pattern.compile("\"applied\":(\\d+)");

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: SyncIngest WORKDIR OUT.json HEPHD_LAUNCHER PIDFILE [OPS=100000] [BATCH=1000] [REPS=3]");
      System.exit(2);
    }
    Path work = Path.of(args[0]);
    Path out = Path.of(args[1]);
    String launcher = args[2];
    Path pidFile = Path.of(args[3]);
    int total = args.length > 4 ? Integer.parseInt(args[4]) : 100_000;
    int batch = args.length > 5 ? Integer.parseInt(args[5]) : 1_000;
    int reps = args.length > 6 ? Integer.parseInt(args[6]) : 3;
    Files.createDirectories(work);

    List<Op> ops = IngestKit.makeOps(total, REMOTE_ORIGIN, 7);
    IngestKit.Rows rows = IngestKit.Rows.of(ops);
    List<byte[]> pushes = new ArrayList<>();
    long pushBytes = 0;
    for (int from = 0; from < total; from += batch) {
      StringBuilder sb = new StringBuilder("{\"ops\":[");
      for (int i = from; i < Math.min(total, from + batch); i++) {
        sb.append(i == from ? "" : ",").append(rows.bodies()[i]);
      }
      byte[] body = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
      pushes.add(body);
      pushBytes += body.length;
    }
    System.out.printf(Locale.ROOT, "hub ingest: %,d ops (%,d nodes) in %d pushes of %,d ops (%,d bytes in all), %d repetitions%n",
        total, rows.nodeCount(), pushes.size(), batch, pushBytes, reps);

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    // Warm-up (untimed) of this JVM's paths: the raw insert and the in-process apply, a fifth each.
    int warm = Math.max(batch, total / 5);
    IngestKit.runRaw(work.resolve("warm-raw.db"), rows, warm, batch);
    IngestKit.runHeph(work.resolve("warm-heph.db"), ops.subList(0, warm), batch);
    IngestKit.deleteDb(work.resolve("warm-raw.db"));
    IngestKit.deleteDb(work.resolve("warm-heph.db"));

    double[] hub = new double[reps];
    double[] hubWarm = new double[reps];
    double[] raw = new double[reps];
    double[] inproc = new double[reps];
    long[] hubFileBytes = new long[reps];
    for (int r = 0; r < reps; r++) {
      Path h = work.resolve("hub-" + r + ".db");
      double[] perBatch = runHub(client, launcher, pidFile, h, work.resolve("hub-" + r + ".log"), pushes, total);
      double secs = Arrays.stream(perBatch).sum();
      hub[r] = total / secs;
      int half = perBatch.length / 2;
      double secondHalf = Arrays.stream(perBatch, half, perBatch.length).sum();
      int secondHalfOps = total - half * batch;
      hubWarm[r] = secondHalfOps / secondHalf;
      hubFileBytes[r] = IngestKit.dbBytes(h);
      System.out.printf(Locale.ROOT, "  rep %d  hub POST /sync/push   %7.3f s  %,10.0f ops/s  (second half %,.0f ops/s; file %,d bytes)%n",
          r + 1, secs, hub[r], hubWarm[r], hubFileBytes[r]);
      IngestKit.deleteDb(h);

      Path q = work.resolve("raw-" + r + ".db");
      double rs = IngestKit.runRaw(q, rows, total, batch);
      raw[r] = total / rs;
      System.out.printf(Locale.ROOT, "  rep %d  raw SQLite insert     %7.3f s  %,10.0f ops/s  (file %,d bytes)%n",
          r + 1, rs, raw[r], IngestKit.dbBytes(q));
      IngestKit.deleteDb(q);

      Path p = work.resolve("inproc-" + r + ".db");
      double ps = IngestKit.runHeph(p, ops, batch);
      inproc[r] = total / ps;
      System.out.printf(Locale.ROOT, "  rep %d  in-process applyRemote %7.3f s  %,10.0f ops/s%n", r + 1, ps, inproc[r]);
      IngestKit.deleteDb(p);
    }
    double hm = IngestKit.median(hub);
    double rm = IngestKit.median(raw);
    System.out.printf(Locale.ROOT, "median: hub %,.0f ops/s, raw SQLite %,.0f ops/s: hub = %.1f %% of raw%n",
        hm, rm, 100 * hm / rm);

    StringBuilder json = new StringBuilder("{\n");
    json.append("  \"ops\": ").append(total).append(",\n");
    json.append("  \"nodes\": ").append(rows.nodeCount()).append(",\n");
    json.append("  \"batch\": ").append(batch).append(",\n");
    json.append("  \"pushes\": ").append(pushes.size()).append(",\n");
    json.append("  \"push_bytes\": ").append(pushBytes).append(",\n");
    json.append("  \"reps\": ").append(reps).append(",\n");
    json.append("  \"java\": \"").append(System.getProperty("java.vm.version")).append("\",\n");
    json.append("  \"hub_ops_per_s\": ").append(IngestKit.arr(hub)).append(",\n");
    json.append("  \"hub_second_half_ops_per_s\": ").append(IngestKit.arr(hubWarm)).append(",\n");
    json.append("  \"hub_file_bytes\": ").append(Arrays.toString(hubFileBytes)).append(",\n");
    json.append("  \"raw_ops_per_s\": ").append(IngestKit.arr(raw)).append(",\n");
    json.append("  \"inproc_ops_per_s\": ").append(IngestKit.arr(inproc)).append("\n");
    json.append("}\n");
    Files.writeString(out, json.toString());
  }

  /** Starts a fresh hub on {@code db}, pushes every body in order, stops the hub; seconds per push. */
  static double[] runHub(HttpClient client, String launcher, Path pidFile, Path db, Path log, List<byte[]> pushes,
      int total) throws Exception {
    IngestKit.deleteDb(db);
    ProcessBuilder pb = new ProcessBuilder(launcher, "--mode", "server", "--db", db.toString(),
        "--http-addr", "127.0.0.1:0", "--auth", "none");
    pb.redirectError(log.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process hub = pb.start();
    Files.writeString(pidFile, hub.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Thread stopper = new Thread(hub::destroy);
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      BufferedReader stdout = new BufferedReader(new InputStreamReader(hub.getInputStream(), StandardCharsets.UTF_8));
      String url = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String line;
      while (url == null && System.nanoTime() < deadline && (line = stdout.readLine()) != null) {
        Matcher m = SERVING.matcher(line);
        if (m.matches()) {
          url = m.group(2);
        }
      }
      if (url == null) {
        throw new IllegalStateException("hephd did not report its URL; see " + log);
      }
      Thread drain = new Thread(() -> {
        try {
          while (stdout.readLine() != null) {
            // discard ("hephd: stopped")
          }
        } catch (IOException e) {
          // hub gone
        }
      });
      drain.setDaemon(true);
      drain.start();
      HttpResponse<String> info = client.send(HttpRequest.newBuilder(URI.create(url + "/sync/info")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (info.statusCode() != 200) {
        throw new IllegalStateException("GET /sync/info answered " + info.statusCode() + ": " + info.body());
      }
      URI push = URI.create(url + "/sync/push");
      double[] seconds = new double[pushes.size()];
      long applied = 0;
      for (int i = 0; i < pushes.size(); i++) {
        HttpRequest request = HttpRequest.newBuilder(push).timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json").header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(pushes.get(i))).build();
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        seconds[i] = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200) {
          throw new IllegalStateException("push " + i + " answered " + response.statusCode() + ": " + response.body());
        }
        Matcher m = APPLIED.matcher(response.body());
        if (!m.find()) {
          throw new IllegalStateException("push " + i + ": no 'applied' in " + response.body());
        }
        applied += Long.parseLong(m.group(1));
      }
      if (applied != total) {
        throw new IllegalStateException("hub applied " + applied + " of " + total + " ops");
      }
      return seconds;
    } finally {
      hub.destroy();   // SIGTERM: hephd finishes its transaction and exits 0
      if (!hub.waitFor(20, TimeUnit.SECONDS)) {
        hub.destroyForcibly();
        hub.waitFor(5, TimeUnit.SECONDS);
      }
      Runtime.getRuntime().removeShutdownHook(stopper);
    }
  }
}
