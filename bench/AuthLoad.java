import dev.heph.auth.accounts.Accounts;
import dev.heph.auth.accounts.HubLayout;
import dev.heph.auth.accounts.IssuedToken;
import dev.heph.core.Heph;
import dev.heph.core.Node;
import dev.heph.core.NodeFilter;
import dev.heph.core.NewNode;
import dev.heph.core.store.OpLog;
import dev.heph.sync.spoke.HttpHubClient;
import dev.heph.sync.spoke.HubClient;
import dev.heph.sync.spoke.HubTrust;
import dev.heph.sync.spoke.Spoke;
import dev.heph.sync.spoke.SyncReport;
import dev.heph.sync.wire.HubInfo;
import dev.heph.sync.wire.PullPage;
import dev.heph.sync.wire.PushAck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hub under many users' devices at once (bench/auth.sh, issue 11): USERS users with DEVICES
 * device tokens each, every device a real replica (on tmpfs: the devices' disks are not what is
 * measured) with its own {@link HttpHubClient} (kept for the whole run, one keep-alive
 * connection) and {@link Spoke}, all syncing at once in a closed loop: add OPS_NODES tasks,
 * sync (info, pull, push), again, with no pause. Every sync must succeed and push exactly what
 * was added. After the timed window every device syncs twice more, one at a time, and then each
 * user's devices must hold the same nodes, exactly the ones that user's devices made, none of
 * another user's.
 *
 * <pre>
 *   java -cp 'hephd/target/lib/*' bench/AuthLoad.java setup HUBDB USERS DEVICES TOKENS_FILE
 *   java -cp 'hephd/target/lib/*' bench/AuthLoad.java run URL TOKENS_FILE DEVICE_DIR HUB_PID WARMUP_S MEASURE_S OPS_NODES OUT_TSV
 * </pre>
 *
 * {@code setup} makes the users and tokens through the hub's accounts API (what {@code hephd user
 * add} and {@code hephd token create} run, without 300 JVM starts) and writes
 * {@code user device token} lines to TOKENS_FILE (0600). {@code run} prints a report and
 * {@code RESULT}/{@code ROUTE}/{@code SECOND} lines for scripts; it exits 1 on any error or failed check.
 */
public final class AuthLoad {
  /** The routes the spoke calls, as timed from the client (the pull's body read included). */
  enum Route { INFO, PULL, PULL_CHECK, PUSH, SYNC }

  public static void main(String[] args) throws Exception {
    if (args.length >= 5 && args[0].equals("setup")) {
      setup(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
    } else if (args.length >= 9 && args[0].equals("run")) {
      System.exit(run(args[1], Path.of(args[2]), Path.of(args[3]), Long.parseLong(args[4]), Integer.parseInt(args[5]),
          Integer.parseInt(args[6]), Integer.parseInt(args[7]), Path.of(args[8])));
    } else {
      System.err.println("usage: AuthLoad setup HUBDB USERS DEVICES TOKENS_FILE"
          + " | AuthLoad run URL TOKENS_FILE DEVICE_DIR HUB_PID WARMUP_S MEASURE_S OPS_NODES OUT_TSV");
      System.exit(2);
    }
  }

  private static void setup(Path hubDb, int users, int devices, Path out) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Accounts accounts = Accounts.open(new HubLayout(hubDb))) {
      for (int u = 0; u < users; u++) {
        String name = String.format(Locale.ROOT, "user%03d", u);
        accounts.addUser(name);
        for (int d = 0; d < devices; d++) {
          IssuedToken t = accounts.createToken(name, "dev" + d);
          lines.add(name + " dev" + d + " " + t.secret());
        }
      }
    }
    Files.deleteIfExists(out);
    Files.createFile(out, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Files.write(out, lines, StandardCharsets.UTF_8);
    System.out.printf(Locale.ROOT, "setup: %d users, %d tokens%n", users, lines.size());
  }

  /** Latencies of one route, in microseconds, recorded only while the window is open. */
  static final class Samples {
    private long[] v = new long[1 << 12];
    private int n;

    synchronized void add(long micros) {
      if (n == v.length) {
        v = Arrays.copyOf(v, n * 2);
      }
      v[n++] = micros;
    }

    synchronized long[] sorted() {
      long[] s = Arrays.copyOf(v, n);
      Arrays.sort(s);
      return s;
    }
  }

  static volatile boolean measuring;
  static volatile boolean stop;
  static final Map<Route, Samples> LATENCY = new ConcurrentHashMap<>();
  static final AtomicLong ERRORS = new AtomicLong();
  static final Map<String, AtomicLong> ERROR_KINDS = new ConcurrentHashMap<>();
  /** Per second of the window: requests answered, and the slowest request (µs). */
  static final AtomicLong[] PER_SECOND = new AtomicLong[3600];
  static final AtomicLong[] MAX_PER_SECOND = new AtomicLong[3600];
  static volatile long windowStart;

  static void record(Route route, long t0) {
    long now = System.nanoTime();
    if (!measuring) {
      return;
    }
    long micros = (now - t0) / 1000;
    LATENCY.computeIfAbsent(route, r -> new Samples()).add(micros);
    if (route != Route.SYNC) {
      int sec = (int) ((now - windowStart) / 1_000_000_000L);
      if (sec >= 0 && sec < PER_SECOND.length) {
        PER_SECOND[sec].incrementAndGet();
        MAX_PER_SECOND[sec].accumulateAndGet(micros, Math::max);
      }
    }
  }

  /** The real HTTP client, each call timed. */
  record Timed(HttpHubClient http) implements HubClient {
    @Override
    public HubInfo info() {
      long t0 = System.nanoTime();
      HubInfo info = http.info();
      record(Route.INFO, t0);
      return info;
    }

    @Override
    public PullPage pull(Cursor after, int limit, Batches batches) {
      long t0 = System.nanoTime();
      PullPage page = http.pull(after, limit, batches);
      record(limit == 0 ? Route.PULL_CHECK : Route.PULL, t0);
      return page;
    }

    @Override
    public PushAck push(List<OpLog.Row> batch) {
      long t0 = System.nanoTime();
      PushAck ack = http.push(batch);
      record(Route.PUSH, t0);
      return ack;
    }

    @Override
    public String describe() {
      return http.describe();
    }
  }

  /** One device: its replica, its client, the ids of the nodes it made. */
  record Device(String user, String name, Heph heph, HttpHubClient http, Spoke spoke, Set<String> made) {}

  private static int run(String url, Path tokens, Path dir, long hubPid, int warmupS, int measureS, int opsNodes,
      Path out) throws Exception {
    for (int i = 0; i < PER_SECOND.length; i++) {
      PER_SECOND[i] = new AtomicLong();
      MAX_PER_SECOND[i] = new AtomicLong();
    }
    List<Device> devices = new ArrayList<>();
    for (String line : Files.readAllLines(tokens)) {
      String[] p = line.split(" ");
      Heph heph = Heph.open(dir.resolve(p[0] + "-" + p[1] + ".db"));
      HttpHubClient http = new HttpHubClient(url, HubTrust.systemDefault(), p[2]);
      devices.add(new Device(p[0], p[1], heph, http, new Spoke(heph, new Timed(http)), ConcurrentHashMap.newKeySet()));
    }
    System.out.printf(Locale.ROOT, "%d devices of %d users; warm-up %d s, window %d s, %d tasks (%d ops) per round%n",
        devices.size(), devices.stream().map(Device::user).distinct().count(), warmupS, measureS, opsNodes, opsNodes * 3);
    AtomicLong rounds = new AtomicLong();
    CountDownLatch done = new CountDownLatch(devices.size());
    List<Thread> threads = new ArrayList<>();
    for (Device d : devices) {
      Thread t = Thread.ofPlatform().name(d.user() + "-" + d.name()).start(() -> {
        try {
          int round = 0;
          while (!stop) {
            for (int i = 0; i < opsNodes; i++) {
              d.made().add(d.heph().add(NewNode.task("load " + d.user() + " " + d.name() + " r" + round + " #" + i)).id());
            }
            round++;
            long t0 = System.nanoTime();
            try {
              SyncReport report = d.spoke().sync();
              record(Route.SYNC, t0);
              if (report.pushed() != opsNodes * 3) {
                error("pushed " + report.pushed() + " ops, not " + opsNodes * 3);
              }
              if (measuring) {
                rounds.incrementAndGet();
              }
            } catch (RuntimeException e) {
              error(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
          }
        } finally {
          done.countDown();
        }
      });
      threads.add(t);
    }
    Thread.sleep(warmupS * 1000L);
    long[] hubCpu0 = cpuTicks(hubPid);
    long[] selfCpu0 = cpuTicks(ProcessHandle.current().pid());
    String load0 = Files.readString(Path.of("/proc/loadavg")).trim();
    long windowStartMs = System.currentTimeMillis();
    windowStart = System.nanoTime();
    measuring = true;
    long maxRss = 0;
    List<String> loads = new ArrayList<>();
    for (int s = 0; s < measureS; s++) {
      Thread.sleep(1000);
      maxRss = Math.max(maxRss, rssKb(hubPid, "VmRSS"));
      loads.add(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
    measuring = false;
    long windowEndMs = System.currentTimeMillis();
    long windowNanos = System.nanoTime() - windowStart;
    long[] hubCpu1 = cpuTicks(hubPid);
    long[] selfCpu1 = cpuTicks(ProcessHandle.current().pid());
    String load1 = Files.readString(Path.of("/proc/loadavg")).trim();
    stop = true;
    done.await();
    double seconds = windowNanos / 1e9;

    // Convergence: every device syncs twice more, one at a time; then per user, both replicas equal
    // the union of what its devices made, and nothing else.
    for (int pass = 0; pass < 2; pass++) {
      for (Device d : devices) {
        try {
          d.spoke().sync();
        } catch (RuntimeException e) {
          error("final sync: " + e.getMessage());
        }
      }
    }
    int usersChecked = 0;
    int failedChecks = 0;
    long nodesChecked = 0;
    Map<String, List<Device>> byUser = new LinkedHashMap<>();
    devices.forEach(d -> byUser.computeIfAbsent(d.user(), u -> new ArrayList<>()).add(d));
    for (Map.Entry<String, List<Device>> e : byUser.entrySet()) {
      Set<String> expected = new HashSet<>();
      e.getValue().forEach(d -> expected.addAll(d.made()));
      for (Device d : e.getValue()) {
        Set<String> ids = new HashSet<>();
        boolean foreign = false;
        for (Node n : d.heph().list(new NodeFilter(true, null, null, null))) {
          ids.add(n.id());
          if (!n.title().startsWith("load " + e.getKey() + " ")) {
            foreign = true;
          }
        }
        nodesChecked += ids.size();
        if (foreign || !ids.equals(expected)) {
          failedChecks++;
          System.out.printf(Locale.ROOT, "CHECK FAILED %s %s: %d nodes, expected %d, foreign titles: %s%n", e.getKey(),
              d.name(), ids.size(), expected.size(), foreign);
        }
      }
      usersChecked++;
    }
    long rssNow = rssKb(hubPid, "VmRSS");
    long hwm = rssKb(hubPid, "VmHWM");
    for (Device d : devices) {
      d.http().close();
      d.heph().close();
    }

    long requests = 0;
    List<String> tsv = new ArrayList<>();
    tsv.add("route\tcount\tper_s\tp50_ms\tp95_ms\tp99_ms\tmax_ms\tmean_ms");
    System.out.printf(Locale.ROOT, "%-11s %8s %8s %8s %8s %8s %8s%n", "route", "count", "per s", "p50 ms", "p95 ms",
        "p99 ms", "max ms");
    for (Route r : Route.values()) {
      Samples s = LATENCY.get(r);
      if (s == null) {
        continue;
      }
      long[] v = s.sorted();
      if (r != Route.SYNC) {
        requests += v.length;
      }
      double mean = Arrays.stream(v).average().orElse(0) / 1000;
      String row = String.format(Locale.ROOT, "%s\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f", r, v.length, v.length / seconds,
          pct(v, 0.50), pct(v, 0.95), pct(v, 0.99), v[v.length - 1] / 1000.0, mean);
      tsv.add(row);
      String[] c = row.split("\t");
      System.out.printf(Locale.ROOT, "%-11s %8s %8s %8s %8s %8s %8s%n", c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
      System.out.println("ROUTE " + row.replace('\t', ' '));
    }
    double hubCpuS = (hubCpu1[0] + hubCpu1[1] - hubCpu0[0] - hubCpu0[1]) / 100.0;
    double selfCpuS = (selfCpu1[0] + selfCpu1[1] - selfCpu0[0] - selfCpu0[1]) / 100.0;
    System.out.printf(Locale.ROOT, "window %.1f s: %d requests, %.1f requests/s, %d syncs (%.1f/s), errors %d%n",
        seconds, requests, requests / seconds, rounds.get(), rounds.get() / seconds, ERRORS.get());
    ERROR_KINDS.forEach((k, n) -> System.out.printf(Locale.ROOT, "  error x%d: %s%n", n.get(), k));
    System.out.printf(Locale.ROOT, "hub CPU %.1f s user %.1f + sys %.1f = %.0f %% of one core (%.0f %% of the machine's 2);"
        + " load generator CPU %.1f s = %.0f %% of one core%n", hubCpuS, hubCpu1[0] / 100.0 - hubCpu0[0] / 100.0,
        hubCpu1[1] / 100.0 - hubCpu0[1] / 100.0, 100 * hubCpuS / seconds, 50 * hubCpuS / seconds, selfCpuS,
        100 * selfCpuS / seconds);
    System.out.printf(Locale.ROOT, "hub RSS: max in window %.0f MiB, at the end %.0f MiB, peak (VmHWM) %.0f MiB%n",
        maxRss / 1024.0, rssNow / 1024.0, hwm / 1024.0);
    System.out.printf(Locale.ROOT, "load average: before window %s; after %s; 1-min each second %s%n", load0, load1,
        String.join(",", loads));
    System.out.printf(Locale.ROOT, "checks: %d users, %d replicas, %d nodes in them; failed: %d%n", usersChecked,
        devices.size(), nodesChecked, failedChecks);
    StringBuilder perSecond = new StringBuilder();
    StringBuilder maxPerSecond = new StringBuilder();
    for (int s = 0; s < Math.min(measureS, PER_SECOND.length); s++) {
      perSecond.append(s == 0 ? "" : ",").append(PER_SECOND[s].get());
      maxPerSecond.append(s == 0 ? "" : ",").append(MAX_PER_SECOND[s].get() / 1000);
    }
    System.out.println("SECOND requests " + perSecond);
    System.out.println("SECOND max_ms " + maxPerSecond);
    System.out.printf(Locale.ROOT, "RESULT seconds=%.2f requests=%d rps=%.1f syncs=%d errors=%d hub_cpu_s=%.2f"
        + " hub_cpu_user_s=%.2f hub_cpu_sys_s=%.2f gen_cpu_s=%.2f hub_rss_max_kb=%d hub_rss_end_kb=%d hub_hwm_kb=%d"
        + " users=%d replicas=%d nodes=%d failed_checks=%d load_before=%s load_after=%s window_start_ms=%d"
        + " window_end_ms=%d%n",
        seconds, requests, requests / seconds, rounds.get(), ERRORS.get(), hubCpuS,
        hubCpu1[0] / 100.0 - hubCpu0[0] / 100.0, hubCpu1[1] / 100.0 - hubCpu0[1] / 100.0, selfCpuS, maxRss, rssNow, hwm,
        usersChecked, devices.size(), nodesChecked, failedChecks, load0.split(" ")[0], load1.split(" ")[0],
        windowStartMs, windowEndMs);
    tsv.add("#per_second_requests\t" + perSecond);
    tsv.add("#per_second_max_ms\t" + maxPerSecond);
    Files.write(out, tsv, StandardCharsets.UTF_8);
    return ERRORS.get() == 0 && failedChecks == 0 ? 0 : 1;
  }

  private static void error(String what) {
    ERRORS.incrementAndGet();
    String key = what.length() > 200 ? what.substring(0, 200) : what;
    ERROR_KINDS.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  private static double pct(long[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1000.0;
  }

  /** utime and stime of a process, in clock ticks (100 a second on Linux). */
  private static long[] cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
  }

  private static long rssKb(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
