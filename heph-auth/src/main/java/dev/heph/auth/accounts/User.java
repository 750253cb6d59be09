package dev.heph.auth.accounts;

import java.time.Instant;

/** A heph user of a hub; {@code removed} is null while the user may sign in. */
public record User(String id, String name, Instant created, Instant removed) {
  public boolean active() {
    return removed == null;
  }
}
