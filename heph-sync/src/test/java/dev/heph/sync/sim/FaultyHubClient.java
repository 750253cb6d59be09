package dev.heph.sync.sim;

import dev.heph.core.op.Op;
import dev.heph.core.sync.LoggedOp;
import dev.heph.sync.spoke.HubClient;
import dev.heph.sync.spoke.HubError;
import dev.heph.sync.wire.HubInfo;
import dev.heph.sync.wire.PullPage;
import dev.heph.sync.wire.PushAck;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Wraps a hub client with the network's misbehaviour, driven by a seeded random: requests lost
 * before delivery, answers lost after delivery, requests delivered twice, stale pushes delivered
 * late (out of order), and answers cut short (a page cut short after some of its batches arrived).
 */
final class FaultyHubClient implements HubClient {
  private final HubClient inner;
  private final Random random;
  private final double rate;
  private final Deque<List<LoggedOp>> latePushes = new ArrayDeque<>();
  boolean enabled = true;

  FaultyHubClient(HubClient inner, Random random, double rate) {
    this.inner = inner;
    this.random = random;
    this.rate = rate;
  }

  @Override
  public HubInfo info() {
    return enabled ? deliver(inner::info, null) : inner.info();
  }

  @Override
  public PushAck push(List<LoggedOp> batch) {
    return enabled ? deliver(() -> inner.push(batch), batch) : inner.push(batch);
  }

  /**
   * A page with the same faults; one cut short either ends early (unreadable) or breaks partway,
   * after the spoke may have applied some of the page's batches.
   */
  @Override
  public PullPage pull(Cursor after, int limit, Batches batches) {
    if (!enabled) {
      return inner.pull(after, limit, batches);
    }
    Page page = deliver(() -> {
      List<List<Op>> earlier = new ArrayList<>();
      return new Page(inner.pull(after, limit, new Batches(batches.bytes(), earlier::add)), earlier);
    }, null);
    if (random.nextDouble() < rate) {
      int arrived = random.nextInt(page.earlier().size() + 1); // the page's last batch comes with its end
      page.earlier().subList(0, arrived).forEach(batches.consumer());
      throw random.nextBoolean() ? HubError.Unreachable.of(describe(), "simulated: connection cut mid-answer", null)
          : new HubError.BadResponse("hub " + describe() + " sent an unreadable page: simulated: answer cut short");
    }
    page.earlier().forEach(batches.consumer());
    return page.page();
  }

  /** A page as the hub sent it: the batches before its end, and its end. */
  private record Page(PullPage page, List<List<Op>> earlier) {}

  /** One request through the faulty network; {@code push}: the batch it carries, or null. */
  private <T> T deliver(Supplier<T> request, List<LoggedOp> push) {
    if (!latePushes.isEmpty() && random.nextDouble() < 0.5) {
      answerIgnored(() -> inner.push(latePushes.poll())); // a stale copy arrives out of order
    }
    if (random.nextDouble() < rate) {
      throw HubError.Unreachable.of(describe(), "simulated: request lost", null);
    }
    if (push != null && random.nextDouble() < rate) {
      latePushes.add(push);
    }
    Supplier<T> answer = answered(request);
    if (random.nextDouble() < rate) {
      answer = answered(request); // delivered twice
    }
    if (random.nextDouble() < rate) {
      throw HubError.Unreachable.of(describe(), "simulated: answer lost", null);
    }
    if (random.nextDouble() < rate) {
      throw new HubError.BadResponse("hub " + describe() + " sent an unreadable answer: simulated: answer cut short");
    }
    return answer.get();
  }

  /** Delivers a request now; its answer (or refusal) is given back later, when asked for. */
  private static <T> Supplier<T> answered(Supplier<T> request) {
    try {
      T value = request.get();
      return () -> value;
    } catch (HubError e) {
      return () -> {
        throw e;
      };
    }
  }

  private static void answerIgnored(Runnable request) {
    try {
      request.run();
    } catch (HubError e) {
      // a late copy's answer goes nowhere
    }
  }

  @Override
  public String describe() {
    return inner.describe();
  }
}
