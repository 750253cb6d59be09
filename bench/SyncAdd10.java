import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import java.nio.file.Path;

/**
 * Adds N new tasks (default 10) to a heph database, as `heph add` would, without syncing: the
 * untimed hyperfine --prepare step of bench/sync.sh's incremental-sync figures (a benchmark helper,
 * not a heph feature). One JVM instead of ten `heph add` processes keeps the prepare step short.
 *
 * <p>Usage: java --enable-native-access=ALL-UNNAMED -cp 'heph-cli/target/lib/*' bench/SyncAdd10.java DB [N=10]
 */
public class SyncAdd10 {
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: SyncAdd10 DB [N=10]");
      System.exit(2);
    }
    Path db = Path.of(args[0]);
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    long stamp = System.currentTimeMillis();
    try (Heph heph = Heph.open(db)) {
      for (int i = 0; i < n; i++) {
        heph.add(NewNode.task("incremental sync bench " + stamp + " #" + i));
      }
    }
  }
}
