package dev.heph.sync.spoke;

import dev.heph.core.HephException;
import dev.heph.core.op.Op;
import dev.heph.sync.wire.PullPage;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Reads pull pages on a thread of its own while the spoke stores what came before, so the network,
 * the parsing and the disk work at the same time. A page's ops come over in batches through a
 * queue of one (a few batches in memory at most, whatever the page's size); the next page is read
 * only when the spoke asks for it. What is read ahead thus depends only on what the spoke asked,
 * never on timing, and the seeded simulation replays exactly.
 */
final class PageReader implements AutoCloseable {
  /** What the reader hands over. */
  sealed interface Item {}

  /** Ops of the page being read, before its last batch. */
  record Batch(List<Op> ops) implements Item {}

  /** A page read to its end: its last batch of ops (empty for an empty page) and its cursor. */
  record End(PullPage page) implements Item {}

  /** Reading failed (the page is over): the failure, as it was thrown. */
  record Failed(Throwable error) implements Item {}

  /** Reads one page after a cursor, handing all but its last batch to {@code earlier}. */
  @FunctionalInterface
  interface Source {
    PullPage read(long after, String at, Consumer<List<Op>> earlier);
  }

  /** The page to read next, or none: stop. */
  private record Order(long after, String at) {}

  private static final Order STOP = new Order(-1, null);

  private final BlockingQueue<Item> items = new ArrayBlockingQueue<>(1);
  private final BlockingQueue<Order> orders = new ArrayBlockingQueue<>(1);
  private final Thread thread;
  /** A page is being read whose end this side has not taken yet. */
  private boolean reading = true;

  /** Starts reading the page after {@code (after, at)}. */
  PageReader(Source source, long after, String at) {
    this.thread = Thread.ofVirtual().name("heph-pull").start(() -> run(source, new Order(after, at)));
  }

  private void run(Source source, Order first) {
    try {
      for (Order order = first; order != STOP; order = orders.take()) {
        Item end;
        try {
          end = new End(source.read(order.after(), order.at(), batch -> hand(new Batch(batch))));
        } catch (Stopped e) {
          return;
        } catch (RuntimeException | Error e) {
          end = new Failed(e);
        }
        items.put(end);
        if (end instanceof Failed) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // only at a JVM's end: nobody waits for this reader any more
    }
  }

  private void hand(Item item) {
    try {
      items.put(item);
    } catch (InterruptedException e) {
      throw new Stopped();
    }
  }

  /** The next item, waiting for it. */
  Item next() {
    try {
      Item item = items.take();
      if (item instanceof End || item instanceof Failed) {
        reading = false;
      }
      return item;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HephException.SyncFailure(HephException.SyncFailure.Kind.INTERRUPTED, "interrupted while receiving pages from the hub", e);
    }
  }

  /** Starts reading the next page (after an {@link End}), while the caller stores the last one. */
  void readNext(long after, String at) {
    orders.add(new Order(after, at));
    reading = true;
  }

  /**
   * Lets the reader finish the page it is reading (its batches are dropped: nothing after a
   * failure is stored), then stops it and waits for its thread.
   */
  @Override
  public void close() {
    while (reading) {
      next();
    }
    orders.offer(STOP);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The reader was interrupted while handing over: it stops. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super(null, null, false, false);
    }
  }
}
