package dev.heph.daemon;

import dev.heph.daemon.login.DeviceTokens;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Device tokens in a map, until the accounts database is merged: a real implementation of
 * {@link DeviceTokens} (tokens in the hub's format, random, looked up exactly), kept in memory.
 */
final class MemoryTokens implements DeviceTokens {
  /** Whose a token is. */
  record Owner(String userId, String device) {}

  private final Map<String, Owner> byToken = new ConcurrentHashMap<>();
  private final List<String> minted = new CopyOnWriteArrayList<>();
  private final SecureRandom random = new SecureRandom();

  /** An admin's token for {@code userId} (as {@code hephd token create} makes one). */
  String create(String userId, String device) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = "heph_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    byToken.put(token, new Owner(userId, device));
    return token;
  }

  @Override
  public Optional<String> userOf(String presentedToken) {
    return Optional.ofNullable(byToken.get(presentedToken)).map(Owner::userId);
  }

  @Override
  public String mint(String userId, String device) {
    String token = create(userId, device);
    minted.add(token);
    return token;
  }

  Optional<Owner> owner(String token) {
    return Optional.ofNullable(byToken.get(token));
  }

  /** The tokens the login routes minted, in order. */
  List<String> minted() {
    return List.copyOf(minted);
  }
}
