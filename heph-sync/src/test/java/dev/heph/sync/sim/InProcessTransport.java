package dev.heph.sync.sim;

import dev.heph.core.op.Op;
import dev.heph.sync.hub.Hub;
import dev.heph.sync.hub.HubResponse;
import dev.heph.sync.spoke.HubTransport;
import dev.heph.sync.wire.PullPage;
import dev.heph.sync.wire.Wire;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Delivers requests straight to an in-process {@link Hub}, as bytes, like HTTP would. */
final class InProcessTransport implements HubTransport {
  private final Supplier<Hub> hub;

  InProcessTransport(Supplier<Hub> hub) {
    this.hub = hub;
  }

  @Override
  public Reply exchange(String method, String pathAndQuery, byte[] jsonBody) throws IOException {
    return reply(method, pathAndQuery, jsonBody);
  }

  @Override
  public Streamed get(String pathAndQuery) throws IOException {
    Reply reply = reply("GET", pathAndQuery, null);
    if (reply.status() == 200) {
      PullPage page = Wire.readPullPage(new ByteArrayInputStream(reply.body().getBytes(StandardCharsets.UTF_8)),
          Long.MAX_VALUE, batch -> {});
      if (page.more() && !page.ops().isEmpty() && page.ops().getLast() instanceof Op.Create) {
        SyncSimulation.PAGES_SPLITTING_A_NODE.incrementAndGet(); // its title and status come in a later page
      }
    }
    return new Streamed(reply.status(), new ByteArrayInputStream(reply.body().getBytes(StandardCharsets.UTF_8)));
  }

  private Reply reply(String method, String pathAndQuery, byte[] jsonBody) throws IOException {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? null : pathAndQuery.substring(q + 1);
    byte[] body = jsonBody == null ? new byte[0] : jsonBody;
    HubResponse r = hub.get().handle(method, path, query, jsonBody == null ? null : "application/json", body.length,
        new ByteArrayInputStream(body));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.writeTo(out); // the hub's whole answer, as it would go out (streamed pages too)
    return new Reply(r.status(), out.toString(StandardCharsets.UTF_8));
  }

  @Override
  public String describe() {
    return "in-process hub";
  }
}
