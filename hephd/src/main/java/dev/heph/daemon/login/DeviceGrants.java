package dev.heph.daemon.login;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pending device logins of RFC 8628, in memory: each has a secret device code (the device
 * polls with it), a short user code (the person types it), a per-grant form secret (the approval
 * form carries it), and ends once: approved with a token, denied, or expired after
 * {@link #LIFETIME}. At most {@link #MAX_LIVE} are live at once, and wrong user codes are
 * rationed ({@link #WRONG_CODES_PER_MINUTE}), so nobody can fill memory or guess a code.
 */
public final class DeviceGrants {
  /** How long a person has to approve. */
  public static final Duration LIFETIME = Duration.ofMinutes(10);
  /** How often a device may poll; faster polls get {@code slow_down} and this grant's interval grows by as much. */
  public static final Duration INTERVAL = Duration.ofSeconds(5);
  /** Logins waiting at once; one more is refused until one ends. */
  public static final int MAX_LIVE = 100;
  /**
   * Wrong user codes (or pasted tokens) the approval page takes per minute, from everyone: with
   * {@value #MAX_LIVE} live codes out of 20^8, guessing one in a code's lifetime is about 1 in 10^6.
   */
  public static final int WRONG_CODES_PER_MINUTE = 20;
  /** RFC 8628 section 6.1: consonants only (no words, no 0/O or 1/I to mix up), upper case. */
  static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
  private static final int USER_CODE_CHARS = 8;
  /** An ended grant stays this long, so that a late poll is told expired_token, not invalid_grant. */
  private static final Duration KEPT_AFTER_EXPIRY = Duration.ofMinutes(1);

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Grant> byDeviceCode = new HashMap<>();
  private final Map<String, Grant> byUserCode = new HashMap<>();
  private final ArrayDeque<Instant> wrongCodes = new ArrayDeque<>();

  public DeviceGrants(Clock clock) {
    this.clock = clock;
  }

  /** A started login, as {@code POST /auth/device} answers it. */
  public record Started(String deviceCode, String userCode, Duration expiresIn, Duration interval) {}

  /** A login waiting for a person, as the approval page shows it. */
  public record Waiting(String userCode, String device, String formSecret, Instant started) {}

  /** What a device's poll gets. */
  public sealed interface Poll {
    /** Not approved yet: poll again after the interval. */
    record Pending() implements Poll {}

    /** Polled faster than the interval, which is now {@code interval}. */
    record SlowDown(Duration interval) implements Poll {}

    /** The person said no. */
    record Denied() implements Poll {}

    /** Nobody approved in time. */
    record Expired() implements Poll {}

    /** No such device code (never issued, or already used). */
    record Unknown() implements Poll {}

    /** Approved: the device's new token, handed out this once. */
    record Issued(String token) implements Poll {}
  }

  private static final class Grant {
    final String deviceKey;
    final String userCode;
    final String device;
    final String formSecret;
    final Instant started;
    final Instant expires;
    Duration interval = INTERVAL;
    Instant lastPoll;
    boolean denied;
    String token;

    Grant(String deviceKey, String userCode, String device, String formSecret, Instant started) {
      this.deviceKey = deviceKey;
      this.userCode = userCode;
      this.device = device;
      this.formSecret = formSecret;
      this.started = started;
      this.expires = started.plus(LIFETIME);
    }

    boolean waiting(Instant now) {
      return !denied && token == null && now.isBefore(expires);
    }
  }

  /** Starts a login for the device named {@code device}; empty when {@link #MAX_LIVE} are live already. */
  public synchronized Optional<Started> start(String device) {
    Instant now = clock.instant();
    purge(now);
    long live = byDeviceCode.values().stream().filter(g -> now.isBefore(g.expires)).count();
    if (live >= MAX_LIVE) {
      return Optional.empty();
    }
    String deviceCode = secret();
    String userCode;
    do {
      userCode = newUserCode();
    } while (byUserCode.containsKey(userCode));
    Grant grant = new Grant(key(deviceCode), userCode, device, secret(), now);
    byDeviceCode.put(grant.deviceKey, grant);
    byUserCode.put(userCode, grant);
    return Optional.of(new Started(deviceCode, shown(userCode), LIFETIME, INTERVAL));
  }

  /** A device polls with its device code. An ended grant is told once; then its code is unknown. */
  public synchronized Poll poll(String deviceCode) {
    Instant now = clock.instant();
    purge(now);
    Grant grant = deviceCode == null ? null : byDeviceCode.get(key(deviceCode));
    if (grant == null) {
      return new Poll.Unknown();
    }
    if (grant.token != null || grant.denied || !now.isBefore(grant.expires)) {
      forget(grant);
      return grant.token != null ? new Poll.Issued(grant.token) : grant.denied ? new Poll.Denied() : new Poll.Expired();
    }
    Instant last = grant.lastPoll;
    grant.lastPoll = now;
    if (last != null && Duration.between(last, now).compareTo(grant.interval) < 0) {
      grant.interval = grant.interval.plus(INTERVAL);
      return new Poll.SlowDown(grant.interval);
    }
    return new Poll.Pending();
  }

  /**
   * The login waiting under {@code userCode} (any case, with or without the dash). A code that
   * names none counts against the budget of wrong codes; see {@link #rationed}.
   */
  public synchronized Optional<Waiting> waiting(String userCode) {
    Instant now = clock.instant();
    purge(now);
    Grant grant = byUserCode.get(normalize(userCode));
    if (grant == null || !grant.waiting(now)) {
      wrong(now);
      return Optional.empty();
    }
    return Optional.of(new Waiting(shown(grant.userCode), grant.device, grant.formSecret, grant.started));
  }

  /** The login waiting under {@code userCode} when {@code formSecret} is its own (the form came from its page). */
  public synchronized Optional<Waiting> owned(String userCode, String formSecret) {
    return Optional.ofNullable(ownedBy(userCode, formSecret))
        .map(g -> new Waiting(shown(g.userCode), g.device, g.formSecret, g.started));
  }

  /** Whether the approval page has taken all the wrong codes it takes this minute. */
  public synchronized boolean rationed() {
    Instant now = clock.instant();
    while (!wrongCodes.isEmpty() && !wrongCodes.peekFirst().isAfter(now.minus(Duration.ofMinutes(1)))) {
      wrongCodes.removeFirst();
    }
    return wrongCodes.size() >= WRONG_CODES_PER_MINUTE;
  }

  /** Counts a wrong answer on the approval page (an unknown code, a token the hub does not know). */
  public synchronized void wrong() {
    wrong(clock.instant());
  }

  /**
   * Approves the waiting login {@code userCode} if {@code formSecret} is its own: {@code mint}
   * makes the device's token (only then, and once). False when no such login waits.
   */
  public synchronized boolean approve(String userCode, String formSecret, Supplier<String> mint) {
    Grant grant = ownedBy(userCode, formSecret);
    if (grant == null) {
      return false;
    }
    grant.token = mint.get();
    return true;
  }

  /** Denies the waiting login {@code userCode} if {@code formSecret} is its own. */
  public synchronized boolean deny(String userCode, String formSecret) {
    Grant grant = ownedBy(userCode, formSecret);
    if (grant == null) {
      return false;
    }
    grant.denied = true;
    return true;
  }

  /** {@code BCDFGHJK} as a person reads it: {@code BCDF-GHJK}. */
  static String shown(String userCode) {
    return userCode.substring(0, 4) + "-" + userCode.substring(4);
  }

  /** What a person typed, as stored: upper case, without dashes and spaces. */
  static String normalize(String typed) {
    return typed == null ? "" : typed.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
  }

  private Grant ownedBy(String userCode, String formSecret) {
    Instant now = clock.instant();
    Grant grant = byUserCode.get(normalize(userCode));
    if (grant == null || !grant.waiting(now) || formSecret == null || !MessageDigest.isEqual(
        grant.formSecret.getBytes(StandardCharsets.UTF_8), formSecret.getBytes(StandardCharsets.UTF_8))) {
      return null;
    }
    return grant;
  }

  private void wrong(Instant now) {
    wrongCodes.addLast(now);
    while (wrongCodes.size() > WRONG_CODES_PER_MINUTE) {
      wrongCodes.removeFirst();
    }
  }

  private void purge(Instant now) {
    for (Iterator<Grant> it = byDeviceCode.values().iterator(); it.hasNext(); ) {
      Grant g = it.next();
      if (now.isAfter(g.expires.plus(KEPT_AFTER_EXPIRY))) {
        it.remove();
        byUserCode.remove(g.userCode);
      }
    }
  }

  private void forget(Grant grant) {
    byDeviceCode.remove(grant.deviceKey);
    byUserCode.remove(grant.userCode);
  }

  private String newUserCode() {
    StringBuilder sb = new StringBuilder(USER_CODE_CHARS);
    for (int i = 0; i < USER_CODE_CHARS; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private String secret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Device codes are kept by their SHA-256 only: a lookup by hash cannot leak the code through timing. */
  private static String key(String deviceCode) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(deviceCode.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
