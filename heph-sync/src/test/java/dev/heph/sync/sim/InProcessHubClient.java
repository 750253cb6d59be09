package dev.heph.sync.sim;

import dev.heph.core.op.Op;
import dev.heph.core.sync.LoggedOp;
import dev.heph.sync.hub.Hub;
import dev.heph.sync.hub.HubResponse;
import dev.heph.sync.spoke.HubAnswers;
import dev.heph.sync.spoke.HubClient;
import dev.heph.sync.wire.HubInfo;
import dev.heph.sync.wire.PullPage;
import dev.heph.sync.wire.PushAck;
import dev.heph.sync.wire.Wire;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A {@link HubClient} that calls an in-process {@link Hub} and reads its answers as bytes, as
 * they would cross the network: the wire format and the answer reading are the real ones.
 */
public final class InProcessHubClient implements HubClient {
  private static final String WHERE = "in-process hub";
  private final Supplier<Hub> hub;
  private final UnaryOperator<InputStream> pages;

  /** {@code hub}: the hub now (a test may replace it by a restored copy). */
  public InProcessHubClient(Supplier<Hub> hub) {
    this(hub, UnaryOperator.identity());
  }

  /** {@code pages}: what the connection does to a page's bytes on the way (a test cuts them). */
  public InProcessHubClient(Supplier<Hub> hub, UnaryOperator<InputStream> pages) {
    this.hub = hub;
    this.pages = pages;
  }

  @Override
  public HubInfo info() {
    HubResponse answer = hub.get().info();
    return HubAnswers.info(WHERE, answer.status(), HubAnswers.text(WHERE, bytes(answer)));
  }

  @Override
  public PullPage pull(Cursor after, int limit, Batches batches) {
    HubResponse answer = hub.get().pull(after.seq(), after.seq() > 0 ? after.hlc() : "", limit);
    PullPage page = HubAnswers.page(WHERE, answer.status(), pages.apply(new ByteArrayInputStream(bytes(answer))),
        batches);
    if (page.more() && !page.ops().isEmpty() && page.ops().getLast() instanceof Op.Create) {
      SyncSimulation.PAGES_SPLITTING_A_NODE.incrementAndGet(); // its title and status come in a later page
    }
    return page;
  }

  @Override
  public PushAck push(List<LoggedOp> batch) {
    byte[] body = Wire.pushBody(batch);
    HubResponse answer = hub.get().push("application/json", body.length, new ByteArrayInputStream(body));
    return HubAnswers.pushAck(WHERE, answer.status(), HubAnswers.text(WHERE, bytes(answer)));
  }

  /** The hub's whole answer, as it would go out (streamed pages too). */
  private static byte[] bytes(HubResponse answer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      answer.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a hub's own failure while writing: a test's bug
    }
    return out.toByteArray();
  }

  @Override
  public String describe() {
    return WHERE;
  }
}
