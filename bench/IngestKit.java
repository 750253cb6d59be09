import dev.heph.core.Heph;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.NodeId;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpWriter;
import dev.heph.core.op.Value;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * What bench/Ingest.java and bench/SyncIngest.java share: the synthetic ops, the timed apply into a
 * fresh store, the bare-table floor and the small number helpers. Found by the source launcher
 * beside bench/Ingest.java (JDK 22+ launches multi-file programs); sync.sh compiles it with
 * SyncIngest.
 */
final class IngestKit {
  private IngestKit() {}

  /**
   * Ops as Populate makes them (create, title, status, some priority and due, one tag add per
   * node), stamped by one remote device {@code origin}, until there are {@code total}; tags drawn
   * with {@code seed}.
   */
  static List<Op> makeOps(int total, String origin, long seed) {
    Random random = new Random(seed);
    String[] tags = {"home", "work", "errand", "phone", "later"};
    int approxNodes = total / 4 + 1;
    long millis = System.currentTimeMillis() - approxNodes * 10L - 60_000;
    List<Op> ops = new ArrayList<>(total + 8);
    for (int i = 0; ops.size() < total; i++) {
      int counter = 0;
      String id = NodeId.newId(millis);
      ops.add(new Op.Create(new Hlc(millis, counter++, origin), id, "task"));
      ops.add(new Op.Set(new Hlc(millis, counter++, origin), id, Field.TITLE,
          Value.text("Task number " + i + " of the benchmark"), List.of()));
      ops.add(new Op.Set(new Hlc(millis, counter++, origin), id, Field.STATUS, Value.text("open"), List.of()));
      if (i % 3 == 0) {
        ops.add(new Op.Set(new Hlc(millis, counter++, origin), id, Field.PRIORITY,
            Value.text("HML".substring(i / 3 % 3, i / 3 % 3 + 1)), List.of()));
      }
      if (i % 4 == 0) {
        ops.add(new Op.Set(new Hlc(millis, counter++, origin), id, Field.DUE,
            Value.text("2026-12-" + String.format("%02d", 1 + i % 28)), List.of()));
      }
      ops.add(new Op.Add(new Hlc(millis, counter++, origin), id, Field.TAGS,
          Value.text(tags[random.nextInt(tags.length)])));
      millis += 10;
    }
    return new ArrayList<>(ops.subList(0, total));
  }

  /** Each op's hlc, node and canonical JSON, made before any timing: the rows the floor inserts. */
  record Rows(String[] hlcs, String[] nodes, String[] bodies, long nodeCount) {
    static Rows of(List<Op> ops) {
      int n = ops.size();
      String[] hlcs = new String[n];
      String[] nodes = new String[n];
      String[] bodies = new String[n];
      long nodeCount = 0;
      for (int i = 0; i < n; i++) {
        Op op = ops.get(i);
        hlcs[i] = op.hlc().toString();
        nodes[i] = op.node();
        bodies[i] = OpWriter.toJson(op);
        if (op instanceof Op.Create) {
          nodeCount++;
        }
      }
      return new Rows(hlcs, nodes, bodies, nodeCount);
    }
  }

  /** Seconds to apply {@code ops} into a fresh heph store in this JVM, {@code batch} per transaction. */
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

  /** Seconds to insert the same rows into a bare ops table (the floor), {@code batch} per transaction. */
  static double runRaw(Path db, Rows rows, int n, int batch) throws SQLException {
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
            ins.setString(1, rows.hlcs()[i]);
            ins.setString(2, rows.nodes()[i]);
            ins.setString(3, rows.bodies()[i]);
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
        throw new UncheckedIOException(e);
      }
    }
  }
}
