package dev.heph.auth.accounts;

import java.time.Instant;

/**
 * What the hub keeps about a device token: never its secret, only the secret's SHA-256 (which is
 * not part of this record either, so that no listing can print it). {@code lastUsed} is written
 * at most once a minute (see {@link Accounts#authenticate}); {@code revoked} is null while valid.
 */
public record DeviceToken(String id, String userId, String userName, String device, Instant created,
    Instant lastUsed, Instant revoked) {
  public boolean active() {
    return revoked == null;
  }
}
