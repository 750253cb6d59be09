package dev.heph.auth.accounts;

import dev.heph.auth.ExternalIdentity;
import dev.heph.auth.Principal;
import dev.heph.core.HephException;
import dev.heph.core.text.Unicode;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A hub's accounts database ({@code P.accounts}): users, device tokens, identity-provider links
 * and which user owns the hub database. The hub holds one open while it serves, and
 * {@code hephd user|token ...} open their own at the same time: WAL lets readers run beside a
 * writer, every write is a short {@code BEGIN IMMEDIATE} transaction, and a busy timeout makes a
 * second writer wait its turn instead of failing. The hub reads tokens afresh on every request,
 * so a revocation committed by another process holds from the hub's next request on.
 */
public final class Accounts implements AutoCloseable {
  /**
   * How stale a token's last-used time may get. Writing it on every request would make each
   * sync (a read for the hub) a write on the accounts database: an fsync per request, and a
   * wait whenever {@code hephd token ...} holds the write lock. A minute is as exact as
   * "last used" needs to be to spot a forgotten device.
   */
  static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final Pattern USER_ID = Pattern.compile("u_[0-9a-f]{16}");
  private static final int MAX_DEVICE_CHARS = 64;
  private static final String USER_COLUMNS = "SELECT u.id, u.name, u.created, u.removed FROM users u";
  private static final String TOKEN_COLUMNS = "SELECT t.id, t.user_id, u.name, t.device, t.created, t.last_used,"
      + " t.revoked FROM tokens t JOIN users u ON u.id = t.user_id";

  private final HubLayout layout;
  private final AccountsDb db;
  private final Clock clock;
  /** The token lookup every hub request runs, prepared on first use. */
  private PreparedStatement byHash;

  private Accounts(HubLayout layout, AccountsDb db, Clock clock) {
    this.layout = layout;
    this.db = db;
    this.clock = clock;
  }

  /** Opens (creating when absent, 0600 in a 0700 folder) the accounts database of a hub. */
  public static Accounts open(HubLayout layout) {
    return open(layout, Clock.systemUTC());
  }

  public static Accounts open(HubLayout layout, Clock clock) {
    return new Accounts(layout, AccountsDb.open(layout.accounts()), clock);
  }

  public HubLayout layout() {
    return layout;
  }

  /** What opening changed that the operator should hear about (permissions tightened). */
  public List<String> notices() {
    return db.notices();
  }

  // ---- users

  /** Creates a user; the first user ever created owns the hub database itself. */
  public synchronized User addUser(String name) {
    checkName(name);
    return db.write(() -> {
      if (activeUser(name).isPresent()) {
        throw new HephException.InvalidInput("a user named '" + name + "' exists already");
      }
      return insertUser(name);
    });
  }

  /** Every user, removed ones too, oldest first. */
  public synchronized List<User> users() {
    return db.read(() -> db.list(USER_COLUMNS + " ORDER BY u.created, u.rowid", Accounts::user));
  }

  /** The user named {@code nameOrId} (an active user's name, or any user's id), else not found. */
  public synchronized User user(String nameOrId) {
    return db.read(() -> find(nameOrId));
  }

  /**
   * Removes a user: they can no longer sign in and their tokens are revoked. The row stays (ids
   * are never reused) and so does their data file ({@link #storeOf}).
   */
  public synchronized User removeUser(String nameOrId) {
    return db.write(() -> {
      User user = find(nameOrId);
      if (!user.active()) {
        throw new HephException.InvalidInput("user " + user.id() + " was removed already, on " + user.removed());
      }
      String now = now().toString();
      db.update("UPDATE users SET removed = ? WHERE id = ?", now, user.id());
      db.update("UPDATE tokens SET revoked = ? WHERE user_id = ? AND revoked IS NULL", now, user.id());
      return new User(user.id(), user.name(), user.created(), Instant.parse(now));
    });
  }

  /** The id of the first user ever created, who owns the hub database; empty before any. */
  public synchronized Optional<String> owner() {
    return db.read(() -> db.first("SELECT value FROM hub WHERE key = 'owner'", rs -> rs.getString(1)));
  }

  /** The database file holding {@code userId}'s data. */
  public Path storeOf(String userId) {
    return layout.storeOf(userId, owner().orElse(null));
  }

  // ---- device tokens

  /** Mints a device token for a user's device; its secret is in the answer only. */
  public synchronized IssuedToken createToken(String nameOrId, String device) {
    checkDevice(device);
    String secret = TokenSecret.mint();
    DeviceToken token = db.write(() -> {
      User user = find(nameOrId);
      if (!user.active()) {
        throw new HephException.InvalidInput("user " + user.id() + " was removed; it gets no new tokens");
      }
      DeviceToken t = new DeviceToken(TokenSecret.id("t_", 12), user.id(), user.name(), device, now(), null, null);
      db.update("INSERT INTO tokens(id, user_id, device, sha256, created) VALUES (?, ?, ?, ?, ?)", t.id(), user.id(),
          device, TokenSecret.hex(TokenSecret.sha256(secret)), t.created().toString());
      return t;
    });
    return new IssuedToken(token, secret);
  }

  /** Tokens, oldest first: all, or those of one user ({@code nameOrId}, null for all). */
  public synchronized List<DeviceToken> tokens(String nameOrId) {
    return db.read(() -> nameOrId == null
        ? db.list(TOKEN_COLUMNS + " ORDER BY t.created, t.rowid", Accounts::token)
        : db.list(TOKEN_COLUMNS + " WHERE t.user_id = ? ORDER BY t.created, t.rowid", Accounts::token,
            find(nameOrId).id()));
  }

  /** Revokes a token by its id (never by its secret); revoking twice keeps the first time. */
  public synchronized DeviceToken revokeToken(String id) {
    return db.write(() -> {
      db.update("UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL", now().toString(), id);
      return db.first(TOKEN_COLUMNS + " WHERE t.id = ?", Accounts::token, id).orElseThrow(
          () -> new HephException.NotFound("no token with id '" + id + "' (see hephd token list)"));
    });
  }

  /**
   * Who holds {@code secret}: an active token of an active user, else empty (for every reason
   * alike). Looked up by the secret's SHA-256, then compared in constant time; nothing is cached,
   * so a token revoked by another process is refused from the next call on. Notes the token's use
   * at most once per {@link #LAST_USED_PRECISION}.
   */
  public synchronized Optional<Principal> authenticate(String secret) {
    if (!TokenSecret.wellFormed(secret)) {
      return Optional.empty();
    }
    byte[] hash = TokenSecret.sha256(secret);
    record Found(String tokenId, String userId, String userName, String device, byte[] hash, String lastUsed) {}
    Optional<Found> found;
    // One statement, so one snapshot without a BEGIN.
    try {
      if (byHash == null) {
        byHash = db.kept("SELECT t.id, t.user_id, u.name, t.device, t.sha256, t.last_used"
            + " FROM tokens t JOIN users u ON u.id = t.user_id"
            + " WHERE t.sha256 = ? AND t.revoked IS NULL AND u.removed IS NULL");
      }
      try (ResultSet rs = AccountsDb.bound(byHash, TokenSecret.hex(hash)).executeQuery()) {
        found = rs.next() ? Optional.of(new Found(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), HexFormat.of().parseHex(rs.getString(5)), rs.getString(6))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw AccountsDb.failure(e, db.file());
    }
    if (found.isEmpty() || !MessageDigest.isEqual(found.get().hash(), hash)) {
      return Optional.empty();
    }
    Found f = found.get();
    noteUse(f.tokenId(), f.lastUsed());
    return Optional.of(new Principal(f.userId(), f.userName(), f.device(), Principal.Via.TOKEN));
  }

  private void noteUse(String tokenId, String lastUsed) {
    Instant now = now();
    if (lastUsed != null && Instant.parse(lastUsed).isAfter(now.minus(LAST_USED_PRECISION))) {
      return;
    }
    try {
      db.update("UPDATE tokens SET last_used = ? WHERE id = ?", now.toString(), tokenId);
    } catch (SQLException e) {
      // Best effort: a request with a valid token is served even when its use cannot be noted now.
    }
  }

  // ---- identity-provider links (--auth oidc)

  /** The active user an identity provider's (issuer, subject) is linked to, if any. */
  public synchronized Optional<User> userOf(ExternalIdentity identity) {
    return db.read(() -> linked(identity)).filter(User::active);
  }

  /**
   * The user an identity is linked to, creating both on its first sign-in ({@code --oidc-auto-create}).
   * The new user is named after the subject (its characters outside a name's set become '-'),
   * with a random suffix when that name is taken. An identity linked to a removed user is not
   * given a new one: removing a person must keep them out.
   */
  public synchronized Optional<User> userFor(ExternalIdentity identity) {
    return db.write(() -> {
      Optional<User> existing = linked(identity);
      if (existing.isPresent()) {
        return existing.filter(User::active);
      }
      String base = identity.subject().replaceAll("[^A-Za-z0-9._@-]", "-");
      String name = base.substring(0, Math.min(base.length(), 56));
      if (activeUser(name).isPresent() || USER_ID.matcher(name).matches()) {
        name = name + "-" + TokenSecret.id("", 6);
      }
      User user = insertUser(name);
      db.update("INSERT INTO identities(issuer, subject, user_id, created) VALUES (?, ?, ?, ?)", identity.issuer(),
          identity.subject(), user.id(), user.created().toString());
      return Optional.of(user);
    });
  }

  /** Links an identity to a user (replacing an earlier link of the same identity). */
  public synchronized void link(ExternalIdentity identity, String nameOrId) {
    db.write(() -> db.update("INSERT OR REPLACE INTO identities(issuer, subject, user_id, created) VALUES (?, ?, ?, ?)",
        identity.issuer(), identity.subject(), find(nameOrId).id(), now().toString()));
  }

  @Override
  public synchronized void close() {
    db.close();
  }

  // ---- helpers (the caller holds this object's lock and a transaction)

  /** Inserts a new user; the first one ever becomes the owner of the hub database. */
  private User insertUser(String name) throws SQLException {
    User user = new User(TokenSecret.id("u_", 16), name, now(), null);
    db.update("INSERT INTO users(id, name, created) VALUES (?, ?, ?)", user.id(), name, user.created().toString());
    db.update("INSERT OR IGNORE INTO hub(key, value) VALUES ('owner', ?)", user.id());
    return user;
  }

  private Optional<User> linked(ExternalIdentity identity) throws SQLException {
    return db.first(USER_COLUMNS + " JOIN identities i ON i.user_id = u.id WHERE i.issuer = ? AND i.subject = ?",
        Accounts::user, identity.issuer(), identity.subject());
  }

  private User find(String nameOrId) throws SQLException {
    Optional<User> user = nameOrId != null && USER_ID.matcher(nameOrId).matches() // no name looks like an id
        ? db.first(USER_COLUMNS + " WHERE u.id = ?", Accounts::user, nameOrId)
        : activeUser(nameOrId);
    return user.orElseThrow(() -> new HephException.NotFound("no user '" + nameOrId + "' (see hephd user list)"));
  }

  private Optional<User> activeUser(String name) throws SQLException {
    return db.first(USER_COLUMNS + " WHERE u.name = ? AND u.removed IS NULL", Accounts::user, name);
  }

  private static User user(ResultSet rs) throws SQLException {
    return new User(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)), instant(rs.getString(4)));
  }

  private static DeviceToken token(ResultSet rs) throws SQLException {
    return new DeviceToken(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        Instant.parse(rs.getString(5)), instant(rs.getString(6)), instant(rs.getString(7)));
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new HephException.InvalidInput("a user name is 1 to 64 of the characters A-Z a-z 0-9 . _ @ -, got '"
          + name + "'");
    }
    if (USER_ID.matcher(name).matches()) {
      throw new HephException.InvalidInput("'" + name + "' looks like a user id; pick another name");
    }
  }

  private static void checkDevice(String device) {
    Unicode.requireValid("device", device);
    if (device == null || device.isBlank() || device.codePointCount(0, device.length()) > MAX_DEVICE_CHARS
        || device.codePoints().anyMatch(Character::isISOControl)) {
      throw new HephException.InvalidInput("a device name is 1 to " + MAX_DEVICE_CHARS
          + " characters, not blank, without control characters");
    }
  }

  /** Times are kept to the second: fixed-width text that sorts as it reads. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }
}
