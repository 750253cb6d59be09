import dev.heph.core.Heph;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.NodeId;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpWriter;
import dev.heph.core.op.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

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

    List<Op> ops = makeOps(total);
    String[] hlcs = new String[total];
    String[] nodes = new String[total];
    String[] bodies = new String[total];
    long nodeCount = 0;
    for (int i = 0; i < total; i++) {
      Op op = ops.get(i);
      hlcs[i] = op.hlc().toString();
      nodes[i] = op.node();
      bodies[i] = OpWriter.toJson(op);
      if (op instanceof Op.Create) {
        nodeCount++;
      }
    }
    System.out.printf(Locale.ROOT, "ingest: %,d ops (%,d nodes), %,d per transaction, %d repetitions each%n",
        total, nodeCount, batch, reps);

    // Warm-up (untimed): all the ops once through each path, in throw-away files, so that the JIT
    // has compiled both paths before the first timed repetition.
    int warm = total;
    runHeph(work.resolve("warm-heph.db"), ops.subList(0, warm), batch);
    runRaw(work.resolve("warm-raw.db"), hlcs, nodes, bodies, warm, batch);
    deleteDb(work.resolve("warm-heph.db"));
    deleteDb(work.resolve("warm-raw.db"));

    double[] heph = new double[reps];
    double[] raw = new double[reps];
    for (int r = 0; r < reps; r++) {
      Path h = work.resolve("heph-" + r + ".db");
      double hs = runHeph(h, ops, batch);
      heph[r] = total / hs;
      System.out.printf(Locale.ROOT, "  rep %d  heph applyRemote  %7.3f s  %,10.0f ops/s  (file %,d bytes)%n",
          r + 1, hs, heph[r], dbBytes(h));
      deleteDb(h);
      Path q = work.resolve("raw-" + r + ".db");
      double rs = runRaw(q, hlcs, nodes, bodies, total, batch);
      raw[r] = total / rs;
      System.out.printf(Locale.ROOT, "  rep %d  raw SQLite insert %7.3f s  %,10.0f ops/s  (file %,d bytes)%n",
          r + 1, rs, raw[r], dbBytes(q));
      deleteDb(q);
    }
    double hm = median(heph);
    double rm = median(raw);
    System.out.printf(Locale.ROOT, "median: heph %,.0f ops/s, raw SQLite %,.0f ops/s; heph takes %.1fx the floor's time%n",
        hm, rm, rm / hm);

    StringBuilder json = new StringBuilder();
    json.append("{\n");
    json.append("  \"ops\": ").append(total).append(",\n");
    json.append("  \"nodes\": ").append(nodeCount).append(",\n");
    json.append("  \"batch\": ").append(batch).append(",\n");
    json.append("  \"reps\": ").append(reps).append(",\n");
    json.append("  \"java\": \"").append(System.getProperty("java.vm.version")).append("\",\n");
    json.append("  \"heph_ops_per_s\": ").append(arr(heph)).append(",\n");
    json.append("  \"raw_ops_per_s\": ").append(arr(raw)).append(",\n");
    json.append(String.format(Locale.ROOT, "  \"heph_median_ops_per_s\": %.1f,%n", hm));
    json.append(String.format(Locale.ROOT, "  \"raw_median_ops_per_s\": %.1f,%n", rm));
    json.append(String.format(Locale.ROOT, "  \"time_ratio_heph_over_raw\": %.3f%n", rm / hm));
    json.append("}\n");
    Files.writeString(out, json.toString());
  }

  /** Ops as Populate makes them, from one remote device, until there are {@code total}. */
  static List<Op> makeOps(int total) {
    Random random = new Random(42);
    String[] tags = {"home", "work", "errand", "phone", "later"};
    int approxNodes = total / 4 + 1;
    long millis = System.currentTimeMillis() - approxNodes * 10L - 60_000;
    List<Op> ops = new ArrayList<>(total + 8);
    for (int i = 0; ops.size() < total; i++) {
      int counter = 0;
      String id = NodeId.newId(millis);
      ops.add(new Op.Create(new Hlc(millis, counter++, REMOTE_ORIGIN), id, "task"));
      ops.add(new Op.Set(new Hlc(millis, counter++, REMOTE_ORIGIN), id, Field.TITLE,
          Value.text("Task number " + i + " of the benchmark"), List.of()));
      ops.add(new Op.Set(new Hlc(millis, counter++, REMOTE_ORIGIN), id, Field.STATUS, Value.text("open"), List.of()));
      if (i % 3 == 0) {
        ops.add(new Op.Set(new Hlc(millis, counter++, REMOTE_ORIGIN), id, Field.PRIORITY,
            Value.text("HML".substring(i / 3 % 3, i / 3 % 3 + 1)), List.of()));
      }
      if (i % 4 == 0) {
        ops.add(new Op.Set(new Hlc(millis, counter++, REMOTE_ORIGIN), id, Field.DUE,
            Value.text("2026-12-" + String.format("%02d", 1 + i % 28)), List.of()));
      }
      ops.add(new Op.Add(new Hlc(millis, counter++, REMOTE_ORIGIN), id, Field.TAGS,
          Value.text(tags[random.nextInt(tags.length)])));
      millis += 10;
    }
    return new ArrayList<>(ops.subList(0, total));
  }

  /** Seconds to apply {@code ops} into a fresh heph store, {@code batch} per transaction. */
  static double runHeph(Path db, List<Op> ops, int batch) {
    deleteDb(db);
    try (Heph heph = Heph.open(db)) {
      long start = System.nanoTime();
      int applied = 0;
      for (int from = 0; from < ops.size(); from += batch) {
        applied += heph.applyRemote(ops.subList(from, Math.min(ops.size(), from + batch)), null);
      }
      long end = System.nanoTime();
      if (applied != ops.size()) {
        throw new IllegalStateException("heph applied " + applied + " of " + ops.size() + " ops");
      }
      return (end - start) / 1e9;
    }
  }

  /** Seconds to insert the same rows into a bare ops table, {@code batch} per transaction. */
  static double runRaw(Path db, String[] hlcs, String[] nodes, String[] bodies, int n, int batch) throws SQLException {
    deleteDb(db);
    try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
      try (Statement st = conn.createStatement()) {
        st.execute("PRAGMA journal_mode = WAL");
        st.execute("PRAGMA synchronous = FULL");
        st.execute("CREATE TABLE ops (seq INTEGER PRIMARY KEY, hlc TEXT UNIQUE, node TEXT, body TEXT)");
      }
      long start = System.nanoTime();
      try (Statement st = conn.createStatement();
           PreparedStatement ins = conn.prepareStatement("INSERT INTO ops(hlc, node, body) VALUES (?, ?, ?)")) {
        for (int from = 0; from < n; from += batch) {
          st.execute("BEGIN IMMEDIATE");
          int to = Math.min(n, from + batch);
          for (int i = from; i < to; i++) {
            ins.setString(1, hlcs[i]);
            ins.setString(2, nodes[i]);
            ins.setString(3, bodies[i]);
            ins.executeUpdate();
          }
          st.execute("COMMIT");
        }
      }
      long end = System.nanoTime();
      try (Statement st = conn.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM ops")) {
        rs.next();
        if (rs.getInt(1) != n) {
          throw new IllegalStateException("raw table holds " + rs.getInt(1) + " of " + n + " rows");
        }
      }
      return (end - start) / 1e9;
    }
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  static String arr(double[] xs) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < xs.length; i++) {
      b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", xs[i]));
    }
    return b.append(']').toString();
  }

  static long dbBytes(Path db) {
    long sum = 0;
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      try {
        sum += Files.size(Path.of(db + suffix));
      } catch (IOException e) {
        // absent
      }
    }
    return sum;
  }

  static void deleteDb(Path db) {
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      try {
        Files.deleteIfExists(Path.of(db + suffix));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
