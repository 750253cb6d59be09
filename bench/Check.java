import dev.heph.core.CheckReport;
import dev.heph.core.Heph;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a check costs (benchmark, not a heph feature): SQLite's quick check (the daemon's daily one)
 * and the full `heph check` on an existing database, each run REPS times in one warmed-up JVM;
 * prints every time and the median. Usage:
 * java --enable-native-access=ALL-UNNAMED -cp 'heph-cli/target/lib/*' bench/Check.java DB [REPS]
 */
public class Check {
  public static void main(String[] args) {
    Path db = Path.of(args[0]);
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try (Heph heph = Heph.open(db)) {
      java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
      double[] quick = new double[reps];
      double[] quickCpu = new double[reps];
      double[] full = new double[reps];
      double[] fullCpu = new double[reps];
      CheckReport last = null;
      heph.check(); // warm-up: JIT, page cache
      for (int i = 0; i < reps; i++) {
        long t0 = System.nanoTime();
        long q0 = cpu.getCurrentThreadCpuTime();
        List<CheckReport.Problem> problems = heph.quickCheck();
        quick[i] = (System.nanoTime() - t0) / 1e6;
        quickCpu[i] = (cpu.getCurrentThreadCpuTime() - q0) / 1e6;
        if (!problems.isEmpty()) {
          throw new IllegalStateException("damaged: " + problems);
        }
        t0 = System.nanoTime();
        long c0 = cpu.getCurrentThreadCpuTime();
        last = heph.check();
        full[i] = (System.nanoTime() - t0) / 1e6;
        fullCpu[i] = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
      }
      System.out.printf("%s: %d ops, %d nodes, ok=%s%n", db, last.ops(), last.nodes(), last.ok());
      System.out.printf("quick check ms: %s, median %.1f%n", Arrays.toString(round(quick)), median(quick));
      System.out.printf("quick check CPU ms: %s, median %.1f%n", Arrays.toString(round(quickCpu)), median(quickCpu));
      System.out.printf("full check ms:  %s, median %.1f%n", Arrays.toString(round(full)), median(full));
      System.out.printf("full check CPU ms (this thread; SQLite runs on it too): %s, median %.1f%n",
          Arrays.toString(round(fullCpu)), median(fullCpu));
    }
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static long[] round(double[] xs) {
    return Arrays.stream(xs).mapToLong(Math::round).toArray();
  }
}
