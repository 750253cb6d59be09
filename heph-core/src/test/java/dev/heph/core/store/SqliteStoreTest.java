package dev.heph.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heph.core.Changes;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.HephInternals;
import dev.heph.core.Histories;
import dev.heph.core.NewNode;
import dev.heph.core.Node;
import dev.heph.core.NodeView;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.Value;
import dev.heph.testkit.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQLite store: idempotent, atomic application of ops; a materialized state that equals a
 * replay of its own log; and opening only files that are heph's, leaving any other file untouched.
 */
class SqliteStoreTest {

  @TempDir Path dir;

  static final String NODE = "0193a2b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b";
  static final String ORIGIN = "0123456789abcdef";

  static Hlc hlc(long millis, int counter) {
    return new Hlc(millis, counter, ORIGIN);
  }

  private static boolean apply(SqliteStore store, Op op, String source) {
    return store.write(tx -> tx.apply(op, source));
  }

  @Test
  void aNewStoreHasAnOriginAndKeepsItAcrossOpens() {
    Path db = dir.resolve("sub/dir/heph.db");
    String origin;
    try (SqliteStore store = SqliteStore.open(db)) {
      origin = store.origin();
      assertThat(Hlc.isOrigin(origin)).as(origin).isTrue();
      assertThat(store.path()).isEqualTo(db.toAbsolutePath());
    }
    try (SqliteStore store = SqliteStore.open(db)) {
      assertThat(store.origin()).isEqualTo(origin);
    }
    try (SqliteStore other = SqliteStore.open(dir.resolve("other.db"))) {
      assertThat(other.origin()).isNotEqualTo(origin);
    }
  }

  @Test
  void applyingTheSameOpTwiceChangesNothingTheSecondTime() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"))) {
      List<Op> ops = List.of(
          new Op.Create(hlc(1000, 0), NODE, "task"),
          new Op.Set(hlc(1000, 1), NODE, Field.TITLE, Value.text("first"), List.of()),
          new Op.Add(hlc(1000, 2), NODE, Field.TAGS, Value.text("x")),
          new Op.Set(hlc(1000, 3), NODE, Field.TITLE, Value.text("second"), List.of(hlc(1000, 1))),
          new Op.Remove(hlc(1000, 4), NODE, Field.TAGS, Value.text("x"), List.of(hlc(1000, 2))));
      for (Op op : ops) {
        assertThat(apply(store, op, null)).isTrue();
        String after = StoreDump.canonical(store);
        long logged = StoreDump.count(store, "ops");
        assertThat(apply(store, op, null)).isFalse();
        assertThat(apply(store, op, "some-hub")).isFalse();
        assertThat(StoreDump.canonical(store)).isEqualTo(after);
        assertThat(StoreDump.count(store, "ops")).isEqualTo(logged);
      }
      // Re-applying an op that is no longer a head (already overwritten or removed) does not revive it.
      store.write(tx -> {
        for (Op op : ops) {
          assertThat(tx.apply(op, null)).isFalse();
        }
        return null;
      });
      Node node = store.read(tx -> tx.queries().node(NODE));
      assertThat(node.title()).isEqualTo("second");
      assertThat(node.tags()).isEmpty();
    }
  }

  @Test
  void aWriteThatFailsHalfWayLeavesNoTrace() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"))) {
      store.write(tx -> tx.apply(new Op.Create(hlc(1000, 0), NODE, "task"), null));
      String before = StoreDump.canonical(store);
      List<String> logBefore = StoreDump.opBodies(store);

      RuntimeException boom = new IllegalStateException("boom");
      assertThatThrownBy(() -> store.write(tx -> {
        tx.apply(new Op.Set(hlc(1000, 1), NODE, Field.TITLE, Value.text("half"), List.of()), null);
        tx.apply(new Op.Add(hlc(1000, 2), NODE, Field.TAGS, Value.text("x")), null);
        tx.apply(new Op.Create(hlc(1000, 3), "0193a2b4-c5d6-7e8f-9a0b-000000000000", "note"), null);
        tx.putMeta("cursor", "42");
        throw boom;
      })).isSameAs(boom);
      assertThat(StoreDump.canonical(store)).isEqualTo(before);
      assertThat(StoreDump.opBodies(store)).isEqualTo(logBefore);
      String cursor = store.read(tx -> tx.meta("cursor"));
      assertThat(cursor).isNull();

      // A checked SQL failure half way is rolled back too, and reported as a typed store failure.
      assertThatThrownBy(() -> store.write(tx -> {
        tx.apply(new Op.Set(hlc(1000, 1), NODE, Field.TITLE, Value.text("half"), List.of()), null);
        throw new SQLException("disk on fire");
      })).isInstanceOf(HephException.StoreFailure.class);
      assertThat(StoreDump.canonical(store)).isEqualTo(before);

      // The store is still usable, and the same ops apply normally afterwards.
      assertThat(apply(store, new Op.Set(hlc(1000, 1), NODE, Field.TITLE, Value.text("whole"), List.of()), null))
          .isTrue();
      Node node = store.read(tx -> tx.queries().node(NODE));
      assertThat(node.title()).isEqualTo("whole");
    }
  }

  @Test
  void readsInsideAWriteSeeWhatItAppliedSoFar() {
    Hlc create = hlc(1000, 0);
    Hlc one = hlc(1000, 1);
    Hlc two = hlc(1000, 2);
    Hlc add = hlc(1000, 3);
    Hlc remove = hlc(1000, 4);
    try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"))) {
      store.write(tx -> {
        tx.apply(new Op.Create(create, NODE, "task"), null);
        tx.apply(new Op.Set(one, NODE, Field.TITLE, Value.text("one"), List.of()), null);
        assertThat(tx.queries().node(NODE).title()).isEqualTo("one");
        assertThat(tx.heads(NODE, Field.TITLE)).extracting(e -> e.hlc()).containsExactly(one);
        tx.apply(new Op.Set(two, NODE, Field.TITLE, Value.text("two words"), List.of(one)), null);
        assertThat(tx.heads(NODE, Field.TITLE)).extracting(e -> e.hlc()).containsExactly(two);
        assertThat(tx.queries().node(NODE).title()).isEqualTo("two words");
        assertThat(tx.queries().search("words", 10, NodeView.NODE)).hasSize(1);
        tx.apply(new Op.Add(add, NODE, Field.TAGS, Value.text("x")), null);
        assertThat(tx.queries().node(NODE).tags()).containsExactly("x");
        tx.apply(new Op.Remove(remove, NODE, Field.TAGS, Value.text("x"), List.of(add)), null);
        assertThat(tx.heads(NODE, Field.TAGS)).isEmpty();
        assertThat(tx.queries().node(NODE).tags()).isEmpty();
        assertThat(tx.latestHlc()).isEqualTo(remove);
        return null;
      });
      String interleaved = StoreDump.canonical(store);
      StoreDump.checkSearchIndex(store);
      try (SqliteStore plain = SqliteStore.open(dir.resolve("plain.db"))) {
        plain.write(tx -> {
          for (Op op : StoreDump.ops(store)) {
            tx.apply(op, null);
          }
          return null;
        });
        assertThat(StoreDump.canonical(plain)).isEqualTo(interleaved);
      }
    }
  }

  @Test
  void transactionsDoNotNest() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"))) {
      assertThatThrownBy(() -> store.write(tx -> store.read(inner -> null)))
          .isInstanceOf(IllegalStateException.class);
      Hlc latest = store.read(Tx::latestHlc);
      assertThat(latest).isNull();
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void theMaterializedStateEqualsAReplayOfTheLog(long seed) {
    Random random = new Random(seed);
    Histories.History h = Histories.simulate(3 + random.nextInt(3), Histories.randomSteps(random, 250));
    List<Op> ops = new ArrayList<>(h.ops());
    java.util.Collections.shuffle(ops, random);
    Path db = dir.resolve("live.db");
    try (SqliteStore store = SqliteStore.open(db)) {
      // Applied out of order, in transactions of random size.
      int i = 0;
      while (i < ops.size()) {
        List<Op> batch = ops.subList(i, Math.min(ops.size(), i + 1 + random.nextInt(20)));
        store.write(tx -> {
          for (Op op : batch) {
            tx.apply(op, null);
            // Reads in the middle of a write (as the facade does) must see what was applied so
            // far and must not disturb what follows.
            if (random.nextInt(3) == 0) {
              tx.queries().node(op.node());
              tx.latestHlc();
            }
            if (random.nextInt(3) == 0) {
              tx.heads(op.node(), Field.values()[random.nextInt(Field.values().length)]);
            }
          }
          return null;
        });
        i += batch.size();
      }
      assertReplayMatches(store);
    }
  }

  @Test
  void theMaterializedStateOfAReplicaUsedThroughTheFacadeEqualsAReplayOfItsLog() {
    Random random = new Random(42);
    TestClock clock = new TestClock(1_780_000_000_000L);
    try (Heph heph = Heph.open(dir.resolve("facade.db"), new Heph.Options(clock, Duration.ofMinutes(5)))) {
      List<String> ids = new ArrayList<>();
      for (int step = 0; step < 300; step++) {
        clock.advance(random.nextInt(5) - 2);
        String id = ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
        try {
          switch (id == null ? 0 : random.nextInt(9)) {
            case 0 -> ids.add(heph.add(new NewNode(random.nextBoolean() ? "task" : "note", "item " + step,
                random.nextBoolean() ? "body " + step : null, List.of("t" + random.nextInt(3)), null, null, null)).id());
            case 1 -> heph.update(id, new Changes("title " + random.nextInt(4), null, null, null, null, null, null));
            case 2 -> heph.update(id, new Changes(null, null, random.nextBoolean() ? "doing" : "open", "+"
                + random.nextInt(9) + "d", random.nextBoolean() ? "H" : "none", null, null));
            case 3 -> heph.update(id, new Changes(null, null, null, null, null, List.of("t" + random.nextInt(3)), null));
            case 4 -> heph.update(id, new Changes(null, null, null, null, null, null, List.of("t" + random.nextInt(3))));
            case 5 -> heph.done(id);
            case 6 -> {
              if (heph.get(id).deleted()) {
                heph.restore(id);
              } else {
                heph.delete(id);
              }
            }
            case 7 -> heph.link(id, ids.get(random.nextInt(ids.size())), random.nextBoolean() ? "blocks" : null);
            default -> heph.unlink(id, ids.get(random.nextInt(ids.size())), null);
          }
        } catch (HephException.InvalidInput expected) {
          // a status on a note, a tag or link that is not there, a self-link
        }
      }
      assertThat(StoreDump.count(HephInternals.store(heph), "ops")).isGreaterThan(250);
      assertReplayMatches(HephInternals.store(heph));
    }
  }

  /** Replays the store's log (seq order) into a fresh store and compares everything. */
  private void assertReplayMatches(SqliteStore store) {
    StoreDump.checkSearchIndex(store);
    String live = StoreDump.canonical(store);
    List<Op> log = StoreDump.ops(store);
    Path fresh = dir.resolve("replay-" + System.nanoTime() + ".db");
    try (SqliteStore replay = SqliteStore.open(fresh)) {
      replay.write(tx -> {
        for (Op op : log) {
          assertThat(tx.apply(op, null)).isTrue();
        }
        return null;
      });
      assertThat(StoreDump.canonical(replay)).isEqualTo(live);
      assertThat(StoreDump.state(replay)).isEqualTo(new Histories.View(log).expectedState());
      StoreDump.checkSearchIndex(replay);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Opening files that are not (usable) heph databases

  @Test
  void aFileOfRandomBytesIsRefusedAndLeftUntouched() throws IOException {
    Path file = dir.resolve("random.bin");
    byte[] bytes = new byte[8192];
    new Random(7).nextBytes(bytes);
    Files.write(file, bytes);
    assertRefusedUntouched(file, "not_heph_database");
  }

  @Test
  void aTextFileIsRefusedAndLeftUntouched() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "Dear diary,\nthis is not a database.\n".repeat(40), StandardCharsets.UTF_8);
    assertRefusedUntouched(file, "not_heph_database");
  }

  @Test
  void aShortTextFileIsRefusedAndLeftUntouched() throws IOException {
    Path file = dir.resolve("short.txt");
    Files.writeString(file, "hello\n");
    assertRefusedUntouched(file, "not_heph_database");
  }

  @Test
  void aForeignSqliteDatabaseIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("foreign.db");
    try (Connection c = connect(file); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)");
      st.execute("INSERT INTO recipes(name) VALUES ('bread')");
    }
    assertRefusedUntouched(file, "not_heph_database");
  }

  @Test
  void aForeignSqliteDatabaseInWalModeIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("foreign-wal.db");
    try (Connection c = connect(file); Statement st = c.createStatement()) {
      st.execute("PRAGMA journal_mode = WAL");
      st.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)");
      st.execute("INSERT INTO recipes(name) VALUES ('bread')");
    }
    assertRefusedUntouched(file, "not_heph_database");
  }

  @Test
  void anEmptyForeignDatabaseWithAnotherApplicationIdIsRefused() throws Exception {
    Path file = dir.resolve("other-app.db");
    try (Connection c = connect(file); Statement st = c.createStatement()) {
      st.execute("PRAGMA application_id = 1234");
    }
    assertRefusedUntouched(file, "not_heph_database");
  }

  @Test
  void aHephDatabaseFromANewerVersionIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("newer.db");
    try (SqliteStore store = SqliteStore.open(file)) {
      store.write(tx -> tx.apply(new Op.Create(hlc(1000, 0), NODE, "task"), null));
    }
    try (Connection c = connect(file); Statement st = c.createStatement()) {
      st.execute("PRAGMA user_version = " + (Schema.CURRENT + 1));
    }
    assertRefusedUntouched(file, "schema_too_new");
  }

  @Test
  void aReadOnlyFileIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("readonly.db");
    try (SqliteStore store = SqliteStore.open(file)) {
      store.write(tx -> tx.apply(new Op.Create(hlc(1000, 0), NODE, "task"), null));
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      // Permission bits do not stop root; the immutable attribute does (where the file system has it).
      assumeTrue(run("chattr", "+i", file.toString()) == 0, "chattr +i is not available here");
    } else {
      assertThat(file.toFile().setWritable(false, false)).isTrue();
    }
    try {
      assertRefusedUntouched(file, "store_read_only");
    } finally {
      if (root) {
        run("chattr", "-i", file.toString());
      } else {
        file.toFile().setWritable(true, true);
      }
    }
  }

  @Test
  void aDirectoryIsRefused() {
    assertThatThrownBy(() -> SqliteStore.open(dir))
        .isInstanceOfSatisfying(HephException.StoreFailure.class, e -> assertThat(e.code()).isEqualTo("store_unusable"));
  }

  /** Opening {@code file} fails with {@code code}, and the directory's files are byte for byte as before. */
  private void assertRefusedUntouched(Path file, String code) throws IOException {
    Map<String, byte[]> before = snapshot();
    assertThat(before).containsKey(file.getFileName().toString());
    assertThatThrownBy(() -> SqliteStore.open(file))
        .isInstanceOfSatisfying(HephException.StoreFailure.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(file.getFileName().toString());
    assertThatThrownBy(() -> Heph.open(file))
        .isInstanceOfSatisfying(HephException.StoreFailure.class, e -> assertThat(e.code()).isEqualTo(code));
    Map<String, byte[]> after = snapshot();
    assertThat(after.keySet()).as("files in the directory").isEqualTo(before.keySet());
    for (var e : before.entrySet()) {
      assertThat(after.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  /** Every file in the test directory with its bytes (a database's -wal and -shm included). */
  private Map<String, byte[]> snapshot() throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  private static Connection connect(Path file) throws SQLException {
    return org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file.toAbsolutePath(), new Properties());
  }

  private static int run(String... command) throws IOException, InterruptedException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor();
    } catch (IOException notInstalled) {
      return -1;
    }
  }

  @Test
  void latestHlcIsTheGreatestInTheLogWhateverTheOrderOfArrival() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("h.db"))) {
      store.write(tx -> {
        tx.apply(new Op.Create(new Hlc(5000, 3, "ffffffffffffffff"), NODE, "task"), "hub");
        tx.apply(new Op.Set(hlc(4000, 9), NODE, Field.TITLE, Value.text("older"), List.of()), null);
        return null;
      });
      Hlc latest = store.read(Tx::latestHlc);
      assertThat(latest).isEqualTo(new Hlc(5000, 3, "ffffffffffffffff"));
    }
  }
}
