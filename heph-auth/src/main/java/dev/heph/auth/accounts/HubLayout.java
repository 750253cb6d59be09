package dev.heph.auth.accounts;

import java.nio.file.Path;

/**
 * Where a hub keeps its files, all named after its database {@code P} ({@code --db}): the
 * accounts in {@code P.accounts}; the first user ever created owns {@code P} itself (so an open
 * hub's history becomes that user's data, nothing moved); every other user has
 * {@code P.users/<user-id>.db}. User ids are never reused, so no file changes hands.
 */
public record HubLayout(Path hubDb) {
  public HubLayout {
    hubDb = hubDb.toAbsolutePath();
  }

  public Path accounts() {
    return sibling(".accounts");
  }

  public Path usersFolder() {
    return sibling(".users");
  }

  /** The database of {@code userId}; {@code owner} is the id of the hub's first user (or null). */
  public Path storeOf(String userId, String owner) {
    return userId.equals(owner) ? hubDb : usersFolder().resolve(userId + ".db");
  }

  private Path sibling(String suffix) {
    return hubDb.resolveSibling(hubDb.getFileName() + suffix);
  }
}
