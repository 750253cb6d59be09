package dev.heph.sync.sim;

import dev.heph.sync.spoke.HubTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

/**
 * Wraps a transport with the network's misbehaviour, driven by a seeded random: requests lost
 * before delivery, answers lost after delivery, requests delivered twice, stale pushes delivered
 * late (out of order), and answers cut short.
 */
final class FaultyTransport implements HubTransport {
  private final HubTransport inner;
  private final Random random;
  private final double rate;
  private final Deque<byte[]> latePushes = new ArrayDeque<>();
  boolean enabled = true;

  FaultyTransport(HubTransport inner, Random random, double rate) {
    this.inner = inner;
    this.random = random;
    this.rate = rate;
  }

  @Override
  public Reply exchange(String method, String pathAndQuery, byte[] body) throws IOException {
    if (!enabled) {
      return inner.exchange(method, pathAndQuery, body);
    }
    if (!latePushes.isEmpty() && random.nextDouble() < 0.5) {
      inner.exchange("POST", "/sync/push", latePushes.poll()); // a stale copy arrives out of order
    }
    if (random.nextDouble() < rate) {
      throw new IOException("simulated: request lost");
    }
    if (body != null && random.nextDouble() < rate) {
      latePushes.add(body);
    }
    Reply reply = inner.exchange(method, pathAndQuery, body);
    if (random.nextDouble() < rate) {
      reply = inner.exchange(method, pathAndQuery, body); // delivered twice
    }
    if (random.nextDouble() < rate) {
      throw new IOException("simulated: answer lost");
    }
    if (random.nextDouble() < rate && reply.body().length() > 2) {
      return new Reply(reply.status(), reply.body().substring(0, random.nextInt(reply.body().length() - 1)));
    }
    return reply;
  }

  /**
   * A page answer with the same faults; one cut short either ends early or breaks with an
   * IOException partway, after the spoke may have applied some of the page's batches.
   */
  @Override
  public Streamed get(String pathAndQuery) throws IOException {
    if (!enabled) {
      return inner.get(pathAndQuery);
    }
    Reply reply = exchange("GET", pathAndQuery, null);
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    if (random.nextDouble() < rate && body.length > 2) {
      int cut = random.nextInt(body.length - 1);
      boolean breaks = random.nextBoolean();
      return new Streamed(reply.status(), new SequenceInputStream(new ByteArrayInputStream(body, 0, cut),
          breaks ? new BrokenStream() : InputStream.nullInputStream()));
    }
    return new Streamed(reply.status(), new ByteArrayInputStream(body));
  }

  /** A connection that breaks. */
  private static final class BrokenStream extends InputStream {
    @Override
    public int read() throws IOException {
      throw new IOException("simulated: connection cut mid-answer");
    }
  }

  @Override
  public String describe() {
    return inner.describe();
  }
}
