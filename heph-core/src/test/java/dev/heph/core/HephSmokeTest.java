package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HephSmokeTest {
  @TempDir Path dir;

  @Test
  void anOpReusingAStoredHlcWithOtherContentIsRefused() {
    try (Heph heph = Heph.open(dir.resolve("h.db"))) {
      Node n = heph.add(NewNode.task("Buy milk"));
      HistoryEntry title = heph.history(n.id()).get(1);
      dev.heph.core.op.Op.Set original = (dev.heph.core.op.Op.Set) dev.heph.core.op.OpReader.parse(title.opJson());
      dev.heph.core.op.Op forged = new dev.heph.core.op.Op.Set(original.hlc(), n.id(), original.field(),
          dev.heph.core.op.Value.text("Buy bread"), original.prev());
      assertThatThrownBy(() -> heph.applyRemote(List.of(forged), "hub"))
          .isInstanceOf(HephException.InvalidOp.class).hasMessageContaining("share the origin id");
      assertThat(heph.applyRemote(List.of(original), "hub")).isZero();
      assertThat(heph.get(n.id()).title()).isEqualTo("Buy milk");
    }
  }

  @Test
  void addEditListSearchOnARealFile() {
    try (Heph heph = Heph.open(dir.resolve("h.db"))) {
      Node n = heph.add(new NewNode("task", "Buy milk", "two litres", List.of("home", "shop"), "2026-12-01", "h", null));
      assertThat(n.title()).isEqualTo("Buy milk");
      assertThat(n.status()).isEqualTo("open");
      assertThat(n.priority()).isEqualTo("H");
      assertThat(n.tags()).containsExactly("home", "shop");
      Node edited = heph.update(n.id().substring(0, 12), new Changes("Buy oat milk", null, null, null, null,
          List.of("urgent"), List.of("shop")));
      assertThat(edited.title()).isEqualTo("Buy oat milk");
      assertThat(edited.tags()).containsExactly("home", "urgent");
      assertThat(heph.search("oat")).extracting(Node::id).containsExactly(n.id());
      heph.done(n.id());
      assertThat(heph.list(NodeFilter.LIVE)).isEmpty();
      assertThat(heph.list(new NodeFilter(true, null, null, null))).hasSize(1);
      assertThat(heph.history(n.id())).hasSizeGreaterThan(5);
      assertThatThrownBy(() -> heph.get("ffff")).isInstanceOf(HephException.NotFound.class);
    }
  }
}
