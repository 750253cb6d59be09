import dev.heph.core.Heph;
import dev.heph.core.op.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Ingest benchmark (a benchmark, not a heph feature): how fast ops received from another device
 * are applied into a fresh heph store, one transaction per batch, beside the floor: a plain SQLite
 * insert of the same rows (same hlc, node and canonical op JSON) into a bare
 * {@code ops(seq INTEGER PRIMARY KEY, hlc TEXT UNIQUE, node TEXT, body TEXT)} table with heph's
 * journal mode (WAL) and synchronous=FULL, with the same batch size.
 *
 * <p>The ops are made like Populate's (create, set title/status, some priority and due, one tag
 * add per node), stamped by one remote device, built once before any timing. The heph figure
 * times {@code Heph.applyRemote(batch, null)} calls only (opening the store, i.e. creating its
 * schema, is not timed); the raw figure times the INSERTs and COMMITs only (the JSON text is
 * made before timing). Each repetition uses fresh files; one untimed warm-up round of each (all
 * the ops) comes first so that both are measured with a warmed-up JIT. heph and raw runs
 * alternate, so slow phases of a noisy machine hit both alike.
 *
 * <p>Usage: java --enable-native-access=ALL-UNNAMED -cp 'heph-cli/target/lib/*' bench/Ingest.java
 * WORKDIR OUT.json [OPS=100000] [BATCH=1000] [REPS=5]
 */
public class Ingest {
  private static final String REMOTE_ORIGIN = "b3c4d5e6f7081920";

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: Ingest WORKDIR OUT.json [OPS=100000] [BATCH=1000] [REPS=5]");
      System.exit(2);
    }
    Path work = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int total = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
    int reps = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    Files.createDirectories(work);

    List<Op> ops = IngestKit.makeOps(total, REMOTE_ORIGIN, 42);
    IngestKit.Rows rows = IngestKit.Rows.of(ops);
    System.out.printf(Locale.ROOT, "ingest: %,d ops (%,d nodes), %,d per transaction, %d repetitions each%n",
        total, rows.nodeCount(), batch, reps);

    // Warm-up (untimed): all the ops once through each path, in throw-away files, so that the JIT
    // has compiled both paths before the first timed repetition.
    int warm = total;
    IngestKit.runHeph(work.resolve("warm-heph.db"), ops.subList(0, warm), batch);
    IngestKit.runRaw(work.resolve("warm-raw.db"), rows, warm, batch);
    IngestKit.deleteDb(work.resolve("warm-heph.db"));
    IngestKit.deleteDb(work.resolve("warm-raw.db"));

    double[] heph = new double[reps];
    double[] raw = new double[reps];
    for (int r = 0; r < reps; r++) {
      Path h = work.resolve("heph-" + r + ".db");
      double hs = IngestKit.runHeph(h, ops, batch);
      heph[r] = total / hs;
      System.out.printf(Locale.ROOT, "  rep %d  heph applyRemote  %7.3f s  %,10.0f ops/s  (file %,d bytes)%n",
          r + 1, hs, heph[r], IngestKit.dbBytes(h));
      IngestKit.deleteDb(h);
      Path q = work.resolve("raw-" + r + ".db");
      double rs = IngestKit.runRaw(q, rows, total, batch);
      raw[r] = total / rs;
      System.out.printf(Locale.ROOT, "  rep %d  raw SQLite insert %7.3f s  %,10.0f ops/s  (file %,d bytes)%n",
          r + 1, rs, raw[r], IngestKit.dbBytes(q));
      IngestKit.deleteDb(q);
    }
    double hm = IngestKit.median(heph);
    double rm = IngestKit.median(raw);
    System.out.printf(Locale.ROOT, "median: heph %,.0f ops/s, raw SQLite %,.0f ops/s; heph takes %.1fx the floor's time%n",
        hm, rm, rm / hm);

    StringBuilder json = new StringBuilder();
    json.append("{\n");
    json.append("  \"ops\": ").append(total).append(",\n");
    json.append("  \"nodes\": ").append(rows.nodeCount()).append(",\n");
    json.append("  \"batch\": ").append(batch).append(",\n");
    json.append("  \"reps\": ").append(reps).append(",\n");
    json.append("  \"java\": \"").append(System.getProperty("java.vm.version")).append("\",\n");
    json.append("  \"heph_ops_per_s\": ").append(IngestKit.arr(heph)).append(",\n");
    json.append("  \"raw_ops_per_s\": ").append(IngestKit.arr(raw)).append(",\n");
    json.append(String.format(Locale.ROOT, "  \"heph_median_ops_per_s\": %.1f,%n", hm));
    json.append(String.format(Locale.ROOT, "  \"raw_median_ops_per_s\": %.1f,%n", rm));
    json.append(String.format(Locale.ROOT, "  \"time_ratio_heph_over_raw\": %.3f%n", rm / hm));
    json.append("}\n");
    Files.writeString(out, json.toString());
  }
}
