package dev.heph.core.sync;

import dev.heph.core.Heph;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/** The {@link HubStoreContract} against a replica's SQLite op log, as {@code Heph.hubStore()} hands it out. */
class SqliteHubStoreTest extends HubStoreContract {
  private Heph hub;

  @Override
  protected HubStore emptyStore(Path dir) {
    hub = Heph.open(dir.resolve("hub.db"));
    return hub.hubStore();
  }

  @AfterEach
  void close() {
    if (hub != null) {
      hub.close();
    }
  }
}
