import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.sync.SyncService;
import dev.heph.sync.spoke.SyncReport;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a device token adds to an incremental sync, without JVM start-up (bench/auth.sh, issue 11):
 * two replicas, each already synced with its own hub (one `hephd --auth none`, one `--auth token`
 * holding the same data), the second logged in with `heph login --token` (so its token comes
 * from DB.login, as for `heph sync`). Each round adds 10 tasks to both (untimed), then times one
 * {@link SyncService#sync} of each (a new HTTP client per sync, as `heph sync` and the daemon do),
 * the order alternating ABBA so that neither side always goes first. Warm-up rounds first (JIT).
 *
 * <p>Usage: java -cp 'hephd/target/lib/*' bench/AuthSync.java OPEN_DB TOKEN_DB [ROUNDS=300] [WARMUP=60] [NODES=10]
 * [OPEN_HUB_PID TOKEN_HUB_PID]
 *
 * <p>Prints per-sync wall times (mean, sd, median, p95) for each side, the ratio token/open of the
 * means with its standard error (from the paired per-round differences) and of the medians, and a
 * {@code RESULT} line for scripts. CPU, which a busy machine does not inflate the way it inflates
 * wall time: the syncing thread's own CPU per sync (the HTTP client's selector thread not
 * included), and with the hubs' PIDs each hub's CPU over the timed rounds (/proc, 10 ms ticks;
 * each hub serves only its side, so hub CPU / rounds is the hub's CPU per sync).
 */
public final class AuthSync {
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: AuthSync OPEN_DB TOKEN_DB [ROUNDS=300] [WARMUP=60] [NODES=10]");
      System.exit(2);
    }
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 60;
    int nodes = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    long openHub = args.length > 6 ? Long.parseLong(args[5]) : -1;
    long tokenHub = args.length > 6 ? Long.parseLong(args[6]) : -1;
    double[] open = new double[rounds];
    double[] token = new double[rounds];
    long[] threadCpu = new long[2];
    long[] hubTicks0 = null;
    try (Heph a = Heph.open(Path.of(args[0])); Heph b = Heph.open(Path.of(args[1]))) {
      SyncService openSync = new SyncService(a);
      SyncService tokenSync = new SyncService(b);
      for (int r = -warmup; r < rounds; r++) {
        add(a, nodes, r);
        add(b, nodes, r);
        if (r == 0 && openHub > 0) {
          hubTicks0 = new long[] {ticks(openHub), ticks(tokenHub)};
        }
        double ta;
        double tb;
        long[] cpu = new long[2];
        if ((r & 1) == 0) {
          ta = timed(openSync, nodes, cpu, 0);
          tb = timed(tokenSync, nodes, cpu, 1);
        } else {
          tb = timed(tokenSync, nodes, cpu, 1);
          ta = timed(openSync, nodes, cpu, 0);
        }
        if (r >= 0) {
          threadCpu[0] += cpu[0];
          threadCpu[1] += cpu[1];
          open[r] = ta;
          token[r] = tb;
        }
      }
    }
    double[] diff = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      diff[i] = token[i] - open[i];
    }
    double mo = mean(open);
    double mt = mean(token);
    double md = mean(diff);
    double seDiff = sd(diff) / Math.sqrt(rounds);
    // ratio = mt / mo = 1 + md / mo; the uncertainty is dominated by the paired difference's.
    double ratio = mt / mo;
    double ratioSe = seDiff / mo;
    System.out.printf(Locale.ROOT, "%d rounds after %d warm-up rounds; %d nodes (%d ops) added to each replica per round%n",
        rounds, warmup, nodes, nodes * 3);
    line("open hub (--auth none)", open);
    line("token hub (--auth token)", token);
    System.out.printf(Locale.ROOT, "token - open, paired: %+.3f ms ± %.3f (standard error)%n", md, seDiff);
    System.out.printf(Locale.ROOT, "ratio of means token/open: %.4f ± %.4f (1 SE; 95%% CI %.4f-%.4f)%n", ratio, ratioSe,
        ratio - 1.96 * ratioSe, ratio + 1.96 * ratioSe);
    System.out.printf(Locale.ROOT, "ratio of medians token/open: %.4f%n", median(token) / median(open));
    double cpuOpen = threadCpu[0] / 1e6 / rounds;
    double cpuToken = threadCpu[1] / 1e6 / rounds;
    System.out.printf(Locale.ROOT, "syncing thread's CPU per sync: open %.3f ms, token %.3f ms, ratio %.4f%n", cpuOpen,
        cpuToken, cpuToken / cpuOpen);
    String hubCpu = "";
    if (hubTicks0 != null) {
      double hubOpen = (ticks(openHub) - hubTicks0[0]) * 10.0 / rounds;
      double hubToken = (ticks(tokenHub) - hubTicks0[1]) * 10.0 / rounds;
      System.out.printf(Locale.ROOT, "hub CPU per sync (whole hub process, over the timed rounds): open %.3f ms, token %.3f"
          + " ms, ratio %.4f%n", hubOpen, hubToken, hubToken / hubOpen);
      hubCpu = String.format(Locale.ROOT, " hub_cpu_open_ms=%.4f hub_cpu_token_ms=%.4f", hubOpen, hubToken);
    }
    System.out.printf(Locale.ROOT, "RESULT rounds=%d open_mean=%.4f open_sd=%.4f open_median=%.4f token_mean=%.4f"
        + " token_sd=%.4f token_median=%.4f diff_mean=%.4f diff_se=%.4f ratio=%.5f ratio_se=%.5f ratio_median=%.5f"
        + " thread_cpu_open_ms=%.4f thread_cpu_token_ms=%.4f%s%n",
        rounds, mo, sd(open), median(open), mt, sd(token), median(token), md, seDiff, ratio, ratioSe,
        median(token) / median(open), cpuOpen, cpuToken, hubCpu);
  }

  private static void add(Heph heph, int n, int round) {
    for (int i = 0; i < n; i++) {
      heph.add(NewNode.task("auth bench round " + round + " #" + i));
    }
  }

  /** One sync of the remembered hub, in milliseconds; fails loudly unless it pushed what was added. */
  private static double timed(SyncService sync, int nodes, long[] cpu, int side) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    SyncReport report = sync.sync(null);
    double ms = (System.nanoTime() - t0) / 1e6;
    cpu[side] += mx.getCurrentThreadCpuTime() - c0;
    if (report.pushed() != nodes * 3) {
      throw new IllegalStateException("expected to push " + nodes * 3 + " ops, pushed " + report.pushed() + ": " + report);
    }
    return ms;
  }

  /** utime + stime of a process, in clock ticks (100 a second). */
  private static long ticks(long pid) {
    try {
      String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void line(String name, double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    System.out.printf(Locale.ROOT, "%-26s mean %.3f ± %.3f ms, median %.3f, p95 %.3f, min %.3f, max %.3f%n", name,
        mean(v), sd(v), s[s.length / 2], s[(int) Math.floor(0.95 * (s.length - 1))], s[0], s[s.length - 1]);
  }

  private static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }

  private static double sd(double[] v) {
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    return Math.sqrt(ss / (v.length - 1));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
