package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.Value;
import dev.heph.core.store.Projection;
import dev.heph.core.store.Projection.NodeAndJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write returns the node in the shape its caller prints, read in the write's own
 * transaction: the JSON is byte for byte what a separate read gives afterwards, and the record
 * is the one {@link Heph#get} gives.
 */
class HephShapesTest {
  static final long T0 = 1_780_000_000_000L;

  @TempDir Path dir;
  TestClock clock;
  Heph heph;

  @BeforeEach
  void open() {
    clock = new TestClock(T0);
    heph = Heph.open(dir.resolve("heph.db"), new Heph.Options(clock, Duration.ofMinutes(5)));
  }

  @AfterEach
  void close() {
    heph.close();
  }

  @Test
  void eachWriteReturnsTheJsonALaterReadGives() {
    NewNode spec = new NewNode("task", "ship \"it\" \\ ü", "body\twith\ncontrol\u0001", List.of("b", "a"),
        "2026-06-01", "H", null);
    String added = heph.add(spec, Projection.JSON);
    String id = heph.list(new NodeFilter(true, null, null, null)).getFirst().id();
    assertThat(added).isEqualTo(heph.json(id)).contains("\"title\":\"ship \\\"it\\\" \\\\ ü\"");
    clock.advance(1);
    String other = heph.add(NewNode.task("other")).id();

    assertJsonSameAsLaterRead(id, heph.update(id, new Changes("renamed", null, null, "none", null, List.of("c"),
        List.of("a")), Projection.JSON));
    assertBothSameAsLaterRead(id, heph.update(id, new Changes(null, "new body", null, null, "none", List.of(),
        List.of("b")), Projection.NODE_AND_JSON));
    assertJsonSameAsLaterRead(id, heph.link(id, other, "blocks", Projection.JSON));
    assertBothSameAsLaterRead(id, heph.link(id, other, "related", Projection.NODE_AND_JSON));
    assertJsonSameAsLaterRead(id, heph.unlink(id, other, "blocks", Projection.JSON));
    assertBothSameAsLaterRead(id, heph.unlink(id, other, null, Projection.NODE_AND_JSON));
    assertJsonSameAsLaterRead(id, heph.done(id, Projection.JSON));
    assertBothSameAsLaterRead(id, heph.done(id, Projection.NODE_AND_JSON));
    assertJsonSameAsLaterRead(id, heph.delete(id, Projection.JSON));
    assertBothSameAsLaterRead(id, heph.restore(id, Projection.NODE_AND_JSON));
    assertBothSameAsLaterRead(id, heph.delete(id, Projection.NODE_AND_JSON));
    assertJsonSameAsLaterRead(id, heph.restore(id, Projection.JSON));
    assertJsonSameAsLaterRead(id, heph.get(id.substring(0, 24), Projection.JSON));
    assertBothSameAsLaterRead(id, heph.get(id.substring(0, 24), Projection.NODE_AND_JSON));

    conflictOnBody(id, 100);
    assertJsonSameAsLaterRead(id, heph.resolve(id, "body", "three", null, Projection.JSON));
    assertThat(heph.json(id)).contains("\"conflicts\":[]");
    conflictOnBody(id, 50);
    assertBothSameAsLaterRead(id, heph.resolve(id, "body", "four", null, Projection.NODE_AND_JSON));
    assertThat(heph.get(id).body()).isEqualTo("four");
  }

  /** Two devices wrote the body concurrently, neither seeing the other: a conflict. */
  private void conflictOnBody(String id, long ago) {
    clock.advance(1);
    heph.applyRemote(List.of(
        new Op.Set(new Hlc(clock.millis() - ago, 0, "fedcba9876543210"), id, Field.BODY, Value.text("one"), List.of()),
        new Op.Set(new Hlc(clock.millis() - ago, 0, "0123456789abcdef"), id, Field.BODY, Value.text("two"), List.of())),
        "hub");
    assertThat(heph.json(id)).contains("\"conflicts\":[\"body\"]");
  }

  private void assertJsonSameAsLaterRead(String id, String written) {
    assertThat(written).isEqualTo(heph.json(id));
    clock.advance(1);
  }

  private void assertBothSameAsLaterRead(String id, NodeAndJson written) {
    assertThat(written.json()).isEqualTo(heph.json(id));
    assertThat(written.node()).isEqualTo(heph.get(id));
    clock.advance(1);
  }
}
