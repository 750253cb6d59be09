package dev.heph.auth.accounts;

/**
 * A device token just minted: its stored record and its secret, which exists only here (the hub
 * keeps its hash) and is shown to the person once. {@link #toString} leaves the secret out so
 * that no log line or assertion message can carry it by accident.
 */
public record IssuedToken(DeviceToken token, String secret) {
  @Override
  public String toString() {
    return "IssuedToken[" + token + ", secret=heph_…]";
  }
}
