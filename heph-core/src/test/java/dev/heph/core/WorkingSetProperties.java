package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.TempDbs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The working set under random histories of two replicas: at every step, on each replica, the open
 * nodes and the numbers are a bijection (every open node numbered, no number twice, no closed node
 * numbered), a node keeps its number while it stays open, and a new node takes the lowest free number.
 */
class WorkingSetProperties {
  private static final int STEPS = 60;

  @Test
  void numbersAreABijectionWithOpenNodesThroughAddCloseReopenAndSync() {
    Seeded.forAll("WorkingSetProperties", 12, random -> random.nextLong(), (seed, random) -> {
      try (TempDbs dbs = new TempDbs(); Heph a = Heph.open(dbs.fresh()); Heph b = Heph.open(dbs.fresh())) {
        List<Heph> replicas = List.of(a, b);
        List<Map<String, Integer>> before = new ArrayList<>(List.of(numbers(a), numbers(b)));
        for (int step = 0; step < STEPS; step++) {
          Heph on = replicas.get(random.nextInt(2));
          List<Node> all = on.list(new NodeFilter(true, null, null, null));
          int choice = random.nextInt(10);
          if (choice < 4 || all.isEmpty()) {
            int expected = lowestFree(numbers(on));
            Node added = on.add(random.nextBoolean() ? NewNode.task("t" + step) : new NewNode("note", "n" + step, null,
                List.of(), null, null, null));
            assertThat(added.num()).as("step %d: a new node takes the lowest free number", step).isEqualTo(expected);
          } else if (choice < 7) {
            Node n = all.get(random.nextInt(all.size()));
            if (n.isTask() && random.nextBoolean()) {
              on.update(n.id(), new Changes(null, null, random.nextBoolean() ? "done" : "cancelled", null, null, null,
                  null));
            } else {
              on.delete(n.id());
            }
          } else if (choice < 9) {
            Node n = all.get(random.nextInt(all.size()));
            if (n.isTask() && random.nextBoolean()) {
              on.update(n.id(), new Changes(null, null, random.nextBoolean() ? "open" : "doing", null, null, null, null));
            } else {
              on.restore(n.id());
            }
          } else {
            MergeProperties.transfer(a, b);
            MergeProperties.transfer(b, a);
          }
          for (int r = 0; r < 2; r++) {
            Map<String, Integer> now = numbers(replicas.get(r));
            checkStep(before.get(r), now, "replica " + (r == 0 ? "a" : "b") + " after step " + step);
            before.set(r, now);
          }
        }
      }
    });
  }

  /** The numbers of the open nodes, checked to be a bijection; closed nodes checked to have none. */
  private static Map<String, Integer> numbers(Heph heph) {
    Map<String, Integer> out = new HashMap<>();
    for (Node n : heph.list(new NodeFilter(true, null, null, null))) {
      boolean open = !n.deleted() && !"done".equals(n.status()) && !"cancelled".equals(n.status());
      if (open) {
        assertThat(n.num()).as("number of open node %s", n.id()).isNotNull().isPositive();
        out.put(n.id(), n.num());
      } else {
        assertThat(n.num()).as("number of closed node %s", n.id()).isNull();
      }
    }
    assertThat(new HashSet<>(out.values())).as("numbers are distinct").hasSize(out.size());
    assertThat(heph.list(new NodeFilter(false, null, null, null))).extracting(Node::num)
        .containsExactlyInAnyOrderElementsOf(out.values());
    return out;
  }

  private static void checkStep(Map<String, Integer> before, Map<String, Integer> now, String when) {
    for (Map.Entry<String, Integer> e : now.entrySet()) {
      Integer old = before.get(e.getKey());
      if (old != null) {
        assertThat(e.getValue()).as("%s: node %s stays open and keeps its number", when, e.getKey()).isEqualTo(old);
      }
    }
  }

  /** The lowest positive number no open node holds. */
  private static int lowestFree(Map<String, Integer> numbers) {
    int n = 1;
    while (numbers.containsValue(n)) {
      n++;
    }
    return n;
  }
}
