package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.store.StoreDump;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a database written by the build before the task fields (schema version 2) adds their
 * columns and keeps every node, op, conflict and number as they were. The fixture
 * {@code store/v2-replica.db} was made by that build (commit 61ed163) through its own facade: a
 * task with body, tags, due, priority and a link to a note, with a title conflict received from a
 * second replica; a done task; a deleted task.
 */
class SchemaV2MigrationTest {

  @TempDir Path dir;

  private Path copyOfFixture() throws IOException {
    Path db = dir.resolve("heph.db");
    try (InputStream in = getClass().getResourceAsStream("store/v2-replica.db")) {
      Files.copy(in, db);
    }
    return db;
  }

  @Test
  void aVersionTwoReplicaOpensWithItsDataAndTheNewFieldsEmpty() throws IOException {
    Path db = copyOfFixture();
    try (Heph heph = Heph.open(db)) {
      assertThat(StoreDump.rows(heph.store(), "PRAGMA user_version")).containsExactly(List.of("3"));
      assertThat(heph.check().problems()).isEmpty(); // the migrated rows equal a replay of the log
      List<Node> nodes = heph.list(new NodeFilter(true, null, null, null));
      assertThat(nodes).extracting(Node::title).containsExactly("Buy soy milk", "Garden plan", "Old chore", "Gone");
      Node milk = nodes.getFirst();
      assertThat(milk.body()).isEqualTo("two litres");
      assertThat(milk.tags()).containsExactly("errand", "home");
      assertThat(milk.due()).isEqualTo("2026-12-01");
      assertThat(milk.priority()).isEqualTo("H");
      assertThat(milk.links()).containsExactly(new Node.Link("related", nodes.get(1).id()));
      assertThat(milk.conflicts()).containsExactly("title");
      assertThat(milk.num()).isEqualTo(1);
      assertThat(heph.conflicts()).singleElement().satisfies(c -> assertThat(c.values()).hasSize(2));
      assertThat(nodes.get(2).status()).isEqualTo("done");
      assertThat(nodes.get(3).deleted()).isTrue();
      for (Node n : nodes) {
        assertThat(n.project()).isNull();
        assertThat(n.scheduled()).isNull();
        assertThat(n.waitUntil()).isNull();
        assertThat(n.until()).isNull();
        assertThat(n.start()).isNull();
        assertThat(n.annotations()).isEmpty();
        assertThat(n.depends()).isEmpty();
        assertThat(n.udas()).isEmpty();
      }
      assertThat(heph.json(milk.id())).contains("\"project\":null", "\"annotations\":[]", "\"depends\":[]",
          "\"udas\":{}");
    }
  }

  @Test
  void aMigratedReplicaTakesTheNewFields() throws IOException {
    Path db = copyOfFixture();
    try (Heph heph = Heph.open(db)) {
      String milk = heph.list(new NodeFilter(false, null, null, null)).getFirst().id();
      heph.update(milk, new Changes(null, null, null, null, null, null, null, "Home.Shopping", "2026-11-30",
          null, null, List.of(), List.of(), Map.of("store", "corner shop")));
      heph.annotate(milk, "they close at six");
    }
    try (Heph heph = Heph.open(db)) {
      Node milk = heph.list(new NodeFilter(false, null, null, null)).getFirst();
      assertThat(milk.project()).isEqualTo("Home.Shopping");
      assertThat(milk.scheduled()).isEqualTo("2026-11-30");
      assertThat(milk.udas()).isEqualTo(Map.of("store", "corner shop"));
      assertThat(milk.annotations()).extracting(Node.Annotation::text).containsExactly("they close at six");
      assertThat(milk.title()).isEqualTo("Buy soy milk");
      assertThat(heph.check().problems()).isEmpty();
    }
  }
}
