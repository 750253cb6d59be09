package dev.heph.auth.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Logins begun and not yet finished, by state: each is taken once and expires. Held in memory
 * (a hub restart only costs a login in progress) and bounded, since anyone may begin a login.
 */
final class PendingLogins {
  /** What {@code finish} needs from {@code start}: the PKCE verifier, the nonce, the caller's context. */
  record Pending(String codeVerifier, String nonce, String context, Instant expires) {}

  private final LinkedHashMap<String, Pending> byState = new LinkedHashMap<>(); // oldest first
  private final Clock clock;
  private final Duration lifetime;
  private final int capacity;

  PendingLogins(Clock clock, Duration lifetime, int capacity) {
    this.clock = clock;
    this.lifetime = lifetime;
    this.capacity = capacity;
  }

  synchronized void add(String state, String codeVerifier, String nonce, String context) {
    Instant now = clock.instant();
    dropExpired(now);
    if (byState.size() >= capacity) {
      // Dropping the oldest keeps new logins possible under a flood; refusing new ones would let
      // a flood lock everybody out for a whole lifetime.
      Iterator<String> oldest = byState.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    byState.put(state, new Pending(codeVerifier, nonce, context, now.plus(lifetime)));
  }

  /** Removes and returns the login for {@code state} if it is known and still fresh. */
  synchronized Optional<Pending> take(String state) {
    Pending pending = state == null ? null : byState.remove(state);
    if (pending == null || !clock.instant().isBefore(pending.expires())) {
      return Optional.empty();
    }
    return Optional.of(pending);
  }

  synchronized int size() {
    return byState.size();
  }

  private void dropExpired(Instant now) {
    // Insertion order is expiry order (one lifetime for all), so stop at the first fresh one.
    Iterator<Map.Entry<String, Pending>> entries = byState.entrySet().iterator();
    while (entries.hasNext() && !now.isBefore(entries.next().getValue().expires())) {
      entries.remove();
    }
  }
}
