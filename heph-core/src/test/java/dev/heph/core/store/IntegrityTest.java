package dev.heph.core.store;

import static dev.heph.testkit.Sqlite.overwritePage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.Changes;
import dev.heph.core.CheckReport;
import dev.heph.core.CheckReport.Kind;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.Histories;
import dev.heph.core.NewNode;
import dev.heph.core.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heph check} in the core: a healthy replica passes; each way its file can disagree with
 * itself (a damaged page, a table edited behind heph's back, an op that does not decode) is
 * found and named by kind; damage found is remembered beside the database until a check passes.
 */
class IntegrityTest {
  @TempDir Path dir;
  Path db;
  Path marker;

  @BeforeEach
  void replicaWithHistory() {
    db = dir.resolve("r.db");
    marker = dir.resolve("r.db-damaged");
    try (Heph heph = Heph.open(db)) {
      Node a = heph.add(new NewNode("task", "Buy milk", "at the corner shop", List.of("home", "errand"),
          "2026-12-01", "H", null));
      Node b = heph.add(NewNode.task("Call mom"));
      heph.add(new NewNode("note", "Meeting notes", "Ship on Friday", List.of(), null, null, a.id()));
      heph.update(a.id(), new Changes("Buy oat milk", null, null, "none", null, List.of("later"), List.of("home")));
      heph.link(a.id(), b.id(), "blocks");
      heph.done(b.id());
      heph.delete(b.id());
      // Ops from other devices, with concurrent edits (conflicts), as a pull would bring them.
      Histories.History other = Histories.simulate(3, Histories.randomSteps(new Random(7), 200));
      heph.applyRemote(other.ops(), "hub0123456789abc");
    }
  }

  @Test
  void aHealthyReplicaPasses() {
    try (Heph heph = Heph.open(db)) {
      CheckReport report = heph.check();
      assertThat(report.problems()).isEmpty();
      assertThat(report.ok()).isTrue();
      assertThat(report.ops()).isEqualTo(count("SELECT count(*) FROM ops")).isGreaterThan(200);
      assertThat(report.nodes()).isEqualTo(count("SELECT count(*) FROM nodes")).isGreaterThan(3);
      assertThat(count("SELECT count(*) FROM nodes WHERE conflict_mask != 0")).as("conflicts in the history").isPositive();
      assertThat(heph.quickCheck()).isEmpty();
      assertThat(heph.knownDamage()).isEmpty();
    }
    assertThat(marker).doesNotExist();
    assertThat(report(db).json()).startsWith("{\"ok\":true,\"ops\":").endsWith(",\"problems\":[]}");
  }

  @Test
  void aNodeRowEditedBehindHephsBackDisagreesWithTheLog() {
    sql("UPDATE nodes SET title = 'hacked', priority = 'L' WHERE title = 'Buy oat milk'");
    CheckReport report = report(db);
    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).extracting(CheckReport.Problem::kind).containsOnly(Kind.STATE);
    assertThat(report.problems()).extracting(CheckReport.Problem::message).anySatisfy(m ->
        assertThat(m).contains("title is \"hacked\"", "the op log gives \"Buy oat milk\""))
        .anySatisfy(m -> assertThat(m).contains("priority is \"L\"", "\"H\""));
  }

  @Test
  void whatADamagedFileHoldsIsQuotedWithoutControlCharacters() {
    sql("UPDATE nodes SET title = 'evil' || char(27) || '[2J' || char(155) || 'x' || char(10) || 'y'"
        + " WHERE title = 'Buy oat milk'");
    assertThat(report(db).problems()).singleElement().satisfies(p -> assertThat(p.message())
        .contains("title is \"evil\\u001b[2J\\u009bx\\ny\"").doesNotContainPattern("\\p{Cntrl}|\u009b"));
  }

  @Test
  void aLostHeadAnExtraShadowAndAMissingNodeAreFound() {
    sql("DELETE FROM entries WHERE field = 'tags' AND value = '\"later\"'",
        "INSERT INTO shadowed(node, field, hlc) SELECT node, 'title', '000000000000001-00000-0123456789abcdef' FROM entries LIMIT 1",
        "DELETE FROM nodes WHERE title = 'Call mom'");
    List<String> messages = report(db).problems().stream().map(CheckReport.Problem::message).toList();
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("tags entry", "is missing"))
        .anySatisfy(m -> assertThat(m).contains("shadow of 000000000000001-00000-0123456789abcdef", "is stored"))
        .anySatisfy(m -> assertThat(m).startsWith("node ").contains("(nodes) is missing"));
  }

  @Test
  void anOpThatDoesNotDecodeOrDisagreesWithItsColumnsIsFound() {
    sql("UPDATE ops SET body = '{\"hlc\":' WHERE seq = (SELECT min(seq) FROM ops)",
        "UPDATE ops SET node = '00000000-0000-7000-8000-000000000000' WHERE seq = (SELECT max(seq) FROM ops)",
        "UPDATE ops SET body = replace(body, '\"op\":', ' \"op\" : ') WHERE seq = (SELECT seq FROM ops ORDER BY seq LIMIT 1 OFFSET 1)");
    CheckReport report = report(db);
    assertThat(report.problems()).filteredOn(p -> p.kind() == Kind.OP).extracting(CheckReport.Problem::message)
        .anySatisfy(m -> assertThat(m).contains("does not decode"))
        .anySatisfy(m -> assertThat(m).contains("its columns say", "00000000-0000-7000-8000-000000000000"))
        .anySatisfy(m -> assertThat(m).contains("canonical"));
    // The op that does not decode cannot be replayed: the node it created is now one the log does not produce.
    assertThat(report.problems()).extracting(CheckReport.Problem::kind).contains(Kind.STATE);
  }

  @Test
  void ownOpsOutOfIssueOrderAreFound() {
    sql("UPDATE ops SET seq = -seq WHERE seq = (SELECT max(seq) FROM ops WHERE source IS NULL)");
    assertThat(report(db).problems()).extracting(CheckReport.Problem::kind).containsExactly(Kind.HLC);
  }

  @Test
  void missingMetaFactsAreFound() {
    sql("DELETE FROM meta WHERE key = 'schema_version'");
    assertThat(report(db).problems()).extracting(CheckReport.Problem::kind, CheckReport.Problem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.META, "meta schema_version is missing, expected " + Schema.CURRENT));
  }

  @Test
  void aSearchIndexThatLostItsRowsIsFound() {
    sql("INSERT INTO nodes_fts(nodes_fts) VALUES ('delete-all')");
    assertThat(report(db).problems()).extracting(CheckReport.Problem::kind).containsExactly(Kind.SEARCH_INDEX);
  }

  @Test
  void aDamagedPageIsFoundAndRememberedUntilACheckPasses() throws IOException {
    byte[] pristine = Files.readAllBytes(db);
    overwritePage(db, "nodes_by_due");
    try (Heph heph = Heph.open(db)) {
      // The damage sits where everyday commands do not look: they go on working, which is the danger.
      assertThat(heph.list(new dev.heph.core.NodeFilter(true, null, null, null))).isNotEmpty();
      heph.add(NewNode.task("still writing"));
      assertThat(heph.knownDamage()).isEmpty();

      List<CheckReport.Problem> quick = heph.quickCheck();
      assertThat(quick).isNotEmpty().allSatisfy(p -> assertThat(p.kind()).isEqualTo(Kind.SQLITE));
      assertThat(heph.knownDamage()).hasValueSatisfying(r -> assertThat(r).contains("quick check"));
      assertThat(marker).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(marker))).isEqualTo("rw-------");

      CheckReport full = heph.check();
      assertThat(full.ok()).isFalse();
      assertThat(full.problems().getFirst().kind()).isEqualTo(Kind.SQLITE);
      assertThat(full.problems().getFirst().message()).startsWith("integrity_check: ");
      assertThat(heph.quickCheck()).isNotEmpty();
    }
    // A quick check that passes proves too little to forget the damage; a full one that passes does.
    Files.write(db, pristine);
    try (Heph heph = Heph.open(db)) {
      assertThat(heph.quickCheck()).isEmpty();
      assertThat(heph.knownDamage()).isPresent();
      assertThat(heph.check().ok()).isTrue();
      assertThat(heph.knownDamage()).isEmpty();
    }
    assertThat(marker).doesNotExist();
  }

  @Test
  void sqliteReportingDamageDuringAnyOperationIsRemembered() {
    overwritePage(db, "nodes_by_due");
    try (Heph heph = Heph.open(db)) {
      assertThatThrownBy(() -> heph.add(new NewNode("task", "due soon", null, List.of(), "2026-12-24", null, null)))
          .isInstanceOfSatisfying(HephException.StoreFailure.class, e -> {
            assertThat(e.code()).isEqualTo("store_damaged");
            assertThat(e.getMessage()).contains(db.toAbsolutePath().toString(), "damaged", "check");
          });
      assertThat(heph.knownDamage()).hasValueSatisfying(r -> assertThat(r).contains("SQLITE_CORRUPT"));
    }
  }

  @Test
  void aRecoveredFileMovedIntoTheDamagedOnesPlaceIsNotHeldToItsMarker() throws IOException {
    sql("UPDATE nodes SET title = 'hacked' WHERE title = 'Buy oat milk'");
    assertThat(report(db).ok()).isFalse();
    assertThat(marker).exists();
    Path recovered = dir.resolve("recovered.db");
    try (Heph heph = Heph.open(recovered)) {
      heph.add(NewNode.task("Buy oat milk"));
    }
    Files.move(recovered, db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (Heph heph = Heph.open(db)) {
      assertThat(heph.knownDamage()).as("damage recorded for another replica (origin)").isEmpty();
    }
  }

  @Test
  void aFileTooDamagedToOpenIsReportedNotThrown() {
    overwritePage(db, "meta");
    CheckReport report = Heph.check(db);
    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).extracting(CheckReport.Problem::kind).containsExactly(Kind.SQLITE);
    assertThat(report.problems().getFirst().message()).contains("damaged");
  }

  @Test
  void checkingAPathWithNoDatabaseCreatesNone() {
    Path none = dir.resolve("none.db");
    assertThatThrownBy(() -> Heph.check(none)).isInstanceOf(HephException.StoreFailure.class)
        .hasMessageContaining("no database at " + none);
    assertThat(none).doesNotExist();
  }

  private static CheckReport report(Path db) {
    return Heph.check(db);
  }

  private long count(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** Edits the file with plain SQL, as another program (or a bug) could. */
  private void sql(String... statements) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
