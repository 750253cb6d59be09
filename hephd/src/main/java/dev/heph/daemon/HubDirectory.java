package dev.heph.daemon;

import dev.heph.auth.Principal;
import dev.heph.auth.accounts.Accounts;
import dev.heph.core.Heph;
import dev.heph.daemon.rpc.Rpc;
import dev.heph.sync.hub.Hub;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the hub finds a user's data: the only way from a request to a store. A principal gets the
 * hub and RPC of its own user's database and nothing else, so a handler holds no store it could
 * mix up with another user's. The hub database {@code P} (opened at start-up) is the open hub's,
 * and with accounts its first user's; every other user's {@code P.users/<id>.db} is opened on
 * their first request and kept open while the hub runs.
 */
final class HubDirectory implements AutoCloseable {
  /** One user's data as the HTTP routes use it. */
  record UserHub(Hub hub, Rpc rpc) {}

  private final UserHub hubDb;
  private final Accounts accounts;
  private final Map<String, UserHub> others = new ConcurrentHashMap<>();
  private volatile String owner;

  /** {@code accounts} null: an open hub, where everything is {@code hubDb}. */
  HubDirectory(UserHub hubDb, Accounts accounts) {
    this.hubDb = hubDb;
    this.accounts = accounts;
  }

  /** The data {@code who} may use. */
  UserHub of(Principal who) {
    return switch (who.via()) {
      case OPEN -> {
        if (accounts != null) {
          throw new IllegalStateException("an open principal on a hub with accounts");
        }
        yield hubDb;
      }
      case TOKEN, OIDC -> {
        if (accounts == null) {
          throw new IllegalStateException("a user principal on an open hub");
        }
        yield who.userId().equals(owner()) ? hubDb
            : others.computeIfAbsent(who.userId(), id -> open(accounts.storeOf(id)));
      }
    };
  }

  /**
   * The first user ever created, who owns the hub database. Fixed once set, so it is kept once
   * known; until then (no user yet, or the first added while the hub runs) it is asked each time.
   */
  private String owner() {
    String known = owner;
    if (known == null) {
      known = accounts.owner().orElse(null);
      owner = known;
    }
    return known;
  }

  /** Opens a user's database (0600 in a 0700 folder, created on first use) with its hub and RPC. */
  static UserHub open(Path db) {
    Heph heph = Heph.open(db);
    return serving(db, heph);
  }

  /** The hub and RPC of an open facade. */
  static UserHub serving(Path db, Heph heph) {
    Hub hub = new Hub(heph);
    // The hub and the RPC share one facade, whose store lets their threads take turns.
    Rpc rpc = new Rpc(heph, new Control("server", db, "", heph, null));
    return new UserHub(hub, rpc);
  }

  @Override
  public void close() {
    others.values().forEach(u -> u.rpc().close());
    hubDb.rpc().close();
    if (accounts != null) {
      accounts.close();
    }
  }
}
