package dev.heph.sync.sim;

import dev.heph.sync.hub.Hub;
import dev.heph.sync.hub.HubResponse;
import dev.heph.sync.spoke.HubTransport;
import java.io.ByteArrayInputStream;
import java.util.function.Supplier;

/** Delivers requests straight to an in-process {@link Hub}, as bytes, like HTTP would. */
final class InProcessTransport implements HubTransport {
  private final Supplier<Hub> hub;

  InProcessTransport(Supplier<Hub> hub) {
    this.hub = hub;
  }

  @Override
  public Reply exchange(String method, String pathAndQuery, byte[] jsonBody) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? null : pathAndQuery.substring(q + 1);
    byte[] body = jsonBody == null ? new byte[0] : jsonBody;
    HubResponse r = hub.get().handle(method, path, query, jsonBody == null ? null : "application/json", body.length,
        new ByteArrayInputStream(body));
    return new Reply(r.status(), r.json());
  }

  @Override
  public String describe() {
    return "in-process hub";
  }
}
