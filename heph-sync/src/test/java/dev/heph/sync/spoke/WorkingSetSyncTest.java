package dev.heph.sync.spoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.core.Node;
import dev.heph.core.NodeFilter;
import dev.heph.sync.hub.Hub;
import dev.heph.sync.sim.InProcessHubClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Working-set numbers are local: nodes arriving by sync are numbered on arrival, each device keeps
 * its own numbers, and a node closed elsewhere frees its number here without moving the others.
 */
class WorkingSetSyncTest {
  @TempDir Path dir;

  @Test
  void syncedNodesGetLocalNumbersAndClosingElsewhereFreesThem() {
    try (Heph hubHeph = Heph.open(dir.resolve("hub.db")); Heph laptop = Heph.open(dir.resolve("laptop.db"));
        Heph phone = Heph.open(dir.resolve("phone.db"))) {
      Hub hub = new Hub(hubHeph);
      Spoke laptopSpoke = new Spoke(laptop, new InProcessHubClient(() -> hub));
      Spoke phoneSpoke = new Spoke(phone, new InProcessHubClient(() -> hub));
      laptop.add(NewNode.task("a"));
      laptop.add(NewNode.task("b"));
      phone.add(NewNode.task("c"));
      laptopSpoke.sync();
      phoneSpoke.sync();
      laptopSpoke.sync();
      assertThat(numbers(laptop)).isEqualTo(Map.of("a", 1, "b", 2, "c", 3));
      assertThat(numbers(phone)).as("the phone numbers what it receives after its own").isEqualTo(
          Map.of("c", 1, "a", 2, "b", 3));

      laptop.done("1");
      laptopSpoke.sync();
      phoneSpoke.sync();
      assertThat(numbers(phone)).as("a closed on the laptop frees 2 on the phone").isEqualTo(Map.of("c", 1, "b", 3));
      phone.add(NewNode.task("d"));
      assertThat(numbers(phone)).isEqualTo(Map.of("c", 1, "d", 2, "b", 3));
      phoneSpoke.sync();
      laptopSpoke.sync();
      assertThat(numbers(laptop)).as("the laptop's own numbers stay; d takes its lowest free one")
          .isEqualTo(Map.of("d", 1, "b", 2, "c", 3));
    }
  }

  private static Map<String, Integer> numbers(Heph heph) {
    return heph.list(new NodeFilter(false, null, null, null)).stream()
        .collect(Collectors.toMap(Node::title, Node::num));
  }
}
