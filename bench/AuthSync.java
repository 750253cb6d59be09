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
 *
 * <p>Prints per-sync wall times (mean, sd, median, p95) for each side, the ratio token/open of the
 * means with its standard error (from the paired per-round differences) and of the medians, and a
 * {@code RESULT} line for scripts.
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
    double[] open = new double[rounds];
    double[] token = new double[rounds];
    try (Heph a = Heph.open(Path.of(args[0])); Heph b = Heph.open(Path.of(args[1]))) {
      SyncService openSync = new SyncService(a);
      SyncService tokenSync = new SyncService(b);
      for (int r = -warmup; r < rounds; r++) {
        add(a, nodes, r);
        add(b, nodes, r);
        double ta;
        double tb;
        if ((r & 1) == 0) {
          ta = timed(openSync, nodes);
          tb = timed(tokenSync, nodes);
        } else {
          tb = timed(tokenSync, nodes);
          ta = timed(openSync, nodes);
        }
        if (r >= 0) {
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
    System.out.printf(Locale.ROOT, "RESULT rounds=%d open_mean=%.4f open_sd=%.4f open_median=%.4f token_mean=%.4f"
        + " token_sd=%.4f token_median=%.4f diff_mean=%.4f diff_se=%.4f ratio=%.5f ratio_se=%.5f ratio_median=%.5f%n",
        rounds, mo, sd(open), median(open), mt, sd(token), median(token), md, seDiff, ratio, ratioSe,
        median(token) / median(open));
  }

  private static void add(Heph heph, int n, int round) {
    for (int i = 0; i < n; i++) {
      heph.add(NewNode.task("auth bench round " + round + " #" + i));
    }
  }

  /** One sync of the remembered hub, in milliseconds; fails loudly unless it pushed what was added. */
  private static double timed(SyncService sync, int nodes) {
    long t0 = System.nanoTime();
    SyncReport report = sync.sync(null);
    double ms = (System.nanoTime() - t0) / 1e6;
    if (report.pushed() != nodes * 3) {
      throw new IllegalStateException("expected to push " + nodes * 3 + " ops, pushed " + report.pushed() + ": " + report);
    }
    return ms;
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
