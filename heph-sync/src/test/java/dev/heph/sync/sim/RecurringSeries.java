package dev.heph.sync.sim;

import dev.heph.core.Changes;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.NewNode;
import dev.heph.core.Node;
import dev.heph.core.NodeFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recurring tasks of a simulation run: devices start a few series and finish their live tasks
 * (done, cancelled, deleted), often the same task on several devices before any of them syncs, and
 * edit them. At the end every series must have exactly one live task, its latest, its tasks must
 * be occurrences 0, 1, 2... once each, each made by one set of ops (a single create, however many
 * devices made it), and no task any device finished may be open again.
 *
 * <p>Recurring tasks are never reopened or restored here: that is a person's edit, which would
 * make a second live task on purpose. A device finishes a task only once it sees that the task
 * recurs (a page may have brought a task's first ops without its recurrence yet).
 */
final class RecurringSeries {
  static final AtomicLong SERIES = new AtomicLong();
  static final AtomicLong FINISHES = new AtomicLong();
  static final AtomicLong CONCURRENT_FINISHES = new AtomicLong();
  static final AtomicLong TASKS = new AtomicLong();

  private static final NodeFilter ALL = new NodeFilter(true, null, null, null);
  private static final List<String> RULES = List.of("daily", "weekly", "monthly", "weekdays", "3d", "2w", "yearly",
      "quarterly");

  private final Random random;
  /** The first task of every series (its id is the series id). */
  private final TreeSet<String> firsts = new TreeSet<>();
  /** Every task some device finished. */
  private final TreeSet<String> finished = new TreeSet<>();

  RecurringSeries(Random random) {
    this.random = random;
  }

  /**
   * Whether the node is (or may be, as far as this device has seen it) a task of a series: a first
   * task this run made, or a successor, whose derived id is a version-8 UUID.
   */
  boolean isRecurring(String id) {
    return firsts.contains(id) || id.charAt(14) == '8';
  }

  /** One step on {@code device}: start a series, finish a live task (on other devices too, at once), or edit one. */
  void act(Heph device, List<Heph> others) {
    List<Node> live = live(device);
    try {
      if (firsts.size() < 3 && (live.isEmpty() || random.nextInt(6) == 0)) {
        String due = "2026-" + pick("01-31", "02-28", "03-15", "06-05", "12-31");
        Node first = device.add(new NewNode("task", "rec " + firsts.size(), null,
            random.nextBoolean() ? List.of("home") : List.of(), due, null, null, pick(RULES.toArray(String[]::new))));
        firsts.add(first.id());
        SERIES.incrementAndGet();
        return;
      }
      if (live.isEmpty()) {
        return;
      }
      Node task = live.get(random.nextInt(live.size()));
      if (random.nextInt(5) == 0) {
        device.update(task.id(), new Changes(task.title() + "'", null, null, null, null,
            random.nextBoolean() ? List.of("t" + random.nextInt(2)) : List.of(), null));
        return;
      }
      finish(device, task.id());
      if (random.nextBoolean()) {
        for (Heph other : others) {
          if (random.nextInt(3) == 0 && live(other).stream().anyMatch(n -> n.id().equals(task.id()))) {
            finish(other, task.id());
            CONCURRENT_FINISHES.incrementAndGet();
          }
        }
      }
    } catch (HephException.InvalidInput | HephException.ConflictNotFound e) {
      // A refusal a person would also get: changes nothing.
    }
  }

  private void finish(Heph device, String id) {
    switch (random.nextInt(3)) {
      case 0 -> device.done(id);
      case 1 -> device.update(id, new Changes(null, null, "cancelled", null, null, null, null));
      default -> device.delete(id);
    }
    finished.add(id);
    FINISHES.incrementAndGet();
  }

  /** The device's live tasks of series that it sees recur. */
  private List<Node> live(Heph device) {
    List<Node> out = new ArrayList<>();
    for (Node n : device.list(ALL)) {
      if (isRecurring(n.id()) && n.recur() != null && !n.deleted() && n.isTask()
          && !"done".equals(n.status()) && !"cancelled".equals(n.status())) {
        out.add(n);
      }
    }
    out.sort(Comparator.comparing(Node::id));
    return out;
  }

  /** What breaks the properties in a converged replica, or null when they hold. */
  String violation(Heph converged) {
    Map<String, TreeMap<Long, StateDump.SeriesRow>> bySeries = new TreeMap<>();
    for (StateDump.SeriesRow row : StateDump.seriesRows(converged)) {
      TASKS.incrementAndGet();
      StateDump.SeriesRow twin = bySeries.computeIfAbsent(row.seriesId(), s -> new TreeMap<>()).put(row.occurrence(), row);
      if (twin != null) {
        return "series " + row.seriesId() + " has two tasks for occurrence " + row.occurrence() + ": " + twin.id()
            + " and " + row.id();
      }
    }
    for (String first : firsts) {
      TreeMap<Long, StateDump.SeriesRow> tasks = bySeries.get(first);
      if (tasks == null || tasks.firstKey() != 0 || tasks.lastKey() != tasks.size() - 1) {
        return "series " + first + " has occurrences " + (tasks == null ? "none" : tasks.keySet()) + ", not 0.."
            + (tasks == null ? "?" : tasks.size() - 1);
      }
      List<StateDump.SeriesRow> live = tasks.values().stream().filter(StateDump.SeriesRow::isLive).toList();
      if (live.size() != 1 || live.getFirst().occurrence() != tasks.lastKey()) {
        return "series " + first + " has live tasks " + live + " (want exactly its last, occurrence " + tasks.lastKey()
            + ")";
      }
    }
    List<String> twice = StateDump.nodesCreatedTwice(converged);
    if (!twice.isEmpty()) {
      return "tasks made by several devices with different ops (more than one create): " + twice;
    }
    for (StateDump.SeriesRow row : StateDump.seriesRows(converged)) {
      if (finished.contains(row.id()) && row.isLive()) {
        return "task " + row.id() + " (occurrence " + row.occurrence() + " of " + row.seriesId()
            + ") was finished and is live again";
      }
    }
    return null;
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }
}
