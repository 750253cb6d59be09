package dev.heph.auth.accounts;

import dev.heph.auth.ExternalIdentity;
import dev.heph.auth.Principal;
import dev.heph.core.HephException;
import dev.heph.core.PrivateFiles;
import dev.heph.core.text.Unicode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;

/**
 * A hub's accounts database ({@code P.accounts}): users, device tokens, identity-provider links
 * and which user owns the hub database. The hub holds one open while it serves, and
 * {@code hephd user|token ...} open their own at the same time: WAL lets readers run beside a
 * writer, every write is a short {@code BEGIN IMMEDIATE} transaction, and a busy timeout makes a
 * second writer wait its turn instead of failing. The hub reads tokens afresh on every request,
 * so a revocation committed by another process holds from the hub's next request on.
 */
public final class Accounts implements AutoCloseable {
  /** How long a write waits for another process's write to finish. */
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;
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

  private final HubLayout layout;
  private final Connection conn;
  private final Clock clock;
  private final List<String> notices;
  /** The token lookup, prepared on first use (guarded by this object's lock, as every method is). */
  private PreparedStatement byHash;

  private Accounts(HubLayout layout, Connection conn, Clock clock, List<String> notices) {
    this.layout = layout;
    this.conn = conn;
    this.clock = clock;
    this.notices = List.copyOf(notices);
  }

  /** Opens (creating when absent, 0600 in a 0700 folder) the accounts database of a hub. */
  public static Accounts open(HubLayout layout) {
    return open(layout, Clock.systemUTC());
  }

  public static Accounts open(HubLayout layout, Clock clock) {
    Path file = layout.accounts();
    List<String> notices = new ArrayList<>();
    try {
      PrivateFiles.createDirectories(file.getParent());
      // Created 0600 before SQLite opens it, so that its -wal and -shm (which take the file's mode) are private too.
      PrivateFiles.createFile(file);
      PrivateFiles.tighten(file).ifPresent(notices::add);
    } catch (IOException e) {
      throw new HephException.StoreFailure(HephException.StoreFailure.Kind.STORE_UNUSABLE,
          "cannot create the accounts database " + file + ": " + e.getMessage(), e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    Connection conn;
    try {
      // As a URI with the path percent-encoded: sqlite-jdbc would read a '?' in a plain path as settings.
      conn = config.createConnection("jdbc:sqlite:file:" + file.toUri().getRawPath());
    } catch (SQLException e) {
      throw failure(e, file);
    }
    try {
      prepare(conn, file);
      return new Accounts(layout, conn, clock, notices);
    } catch (SQLException e) {
      closeQuietly(conn);
      throw failure(e, file);
    } catch (RuntimeException e) {
      closeQuietly(conn);
      throw e;
    }
  }

  private static void prepare(Connection conn, Path file) throws SQLException {
    try (Statement st = conn.createStatement()) {
      checkedVersion(st, file);
      st.execute("PRAGMA journal_mode = WAL");
      st.execute("PRAGMA synchronous = FULL");
      st.execute("PRAGMA foreign_keys = ON");
      st.execute("BEGIN IMMEDIATE");
      try {
        int version = checkedVersion(st, file); // again under the lock: another process may have made it meanwhile
        if (version < AccountsSchema.CURRENT) {
          AccountsSchema.migrate(conn, version);
        }
        st.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        st.execute("ROLLBACK");
        throw e;
      }
    }
  }

  private static int checkedVersion(Statement st, Path file) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT a.application_id, v.user_version,"
        + " (SELECT count(*) FROM sqlite_schema) FROM pragma_application_id() a, pragma_user_version() v")) {
      rs.next();
      int applicationId = rs.getInt(1);
      int version = rs.getInt(2);
      boolean fresh = applicationId == 0 && version == 0 && rs.getInt(3) == 0;
      if (!fresh && applicationId != AccountsSchema.APPLICATION_ID) {
        throw new HephException.StoreFailure(HephException.StoreFailure.Kind.NOT_HEPH_DATABASE,
            file + " is not a heph accounts database; refusing to touch it", null);
      }
      if (version > AccountsSchema.CURRENT) {
        throw new HephException.StoreFailure(HephException.StoreFailure.Kind.SCHEMA_TOO_NEW, file
            + " has accounts schema version " + version + ", newer than this hephd understands; upgrade hephd", null);
      }
      return version;
    }
  }

  public HubLayout layout() {
    return layout;
  }

  /** What opening changed that the operator should hear about (permissions tightened). */
  public List<String> notices() {
    return notices;
  }

  // ---- users

  /** Creates a user; the first user ever created owns the hub database itself. */
  public synchronized User addUser(String name) {
    checkName(name);
    return write(() -> {
      if (activeUser(name).isPresent()) {
        throw new HephException.InvalidInput("a user named '" + name + "' exists already");
      }
      User user = new User(TokenSecret.id("u_", 16), name, now(), null);
      insertUser(user);
      return user;
    });
  }

  /** Inserts a new user; the first one ever becomes the owner of the hub database. */
  private void insertUser(User user) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO users(id, name, created) VALUES (?, ?, ?)")) {
      ps.setString(1, user.id());
      ps.setString(2, user.name());
      ps.setString(3, user.created().toString());
      ps.executeUpdate();
    }
    try (PreparedStatement ps = conn.prepareStatement("INSERT OR IGNORE INTO hub(key, value) VALUES ('owner', ?)")) {
      ps.setString(1, user.id());
      ps.executeUpdate();
    }
  }

  /** Every user, removed ones too, oldest first. */
  public synchronized List<User> users() {
    return read(() -> {
      List<User> users = new ArrayList<>();
      try (PreparedStatement ps = conn.prepareStatement(
          "SELECT id, name, created, removed FROM users ORDER BY created, rowid"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          users.add(user(rs));
        }
      }
      return users;
    });
  }

  /** The user named {@code nameOrId} (an active user's name, or any user's id), else not found. */
  public synchronized User user(String nameOrId) {
    return read(() -> find(nameOrId));
  }

  /**
   * Removes a user: they can no longer sign in and their tokens are revoked. The row stays (ids
   * are never reused) and so does their data file ({@link #storeOf}).
   */
  public synchronized User removeUser(String nameOrId) {
    return write(() -> {
      User user = find(nameOrId);
      if (!user.active()) {
        throw new HephException.InvalidInput("user " + user.id() + " was removed already, on " + user.removed());
      }
      Instant now = now();
      try (PreparedStatement ps = conn.prepareStatement("UPDATE users SET removed = ? WHERE id = ?")) {
        ps.setString(1, now.toString());
        ps.setString(2, user.id());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = conn.prepareStatement(
          "UPDATE tokens SET revoked = ? WHERE user_id = ? AND revoked IS NULL")) {
        ps.setString(1, now.toString());
        ps.setString(2, user.id());
        ps.executeUpdate();
      }
      return new User(user.id(), user.name(), user.created(), now);
    });
  }

  /** The id of the first user ever created, who owns the hub database; empty before any. */
  public synchronized Optional<String> owner() {
    return read(() -> {
      try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM hub WHERE key = 'owner'");
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    });
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
    DeviceToken token = write(() -> {
      User user = find(nameOrId);
      if (!user.active()) {
        throw new HephException.InvalidInput("user " + user.id() + " was removed; it gets no new tokens");
      }
      DeviceToken t = new DeviceToken(TokenSecret.id("t_", 12), user.id(), user.name(), device, now(), null, null);
      try (PreparedStatement ps = conn.prepareStatement(
          "INSERT INTO tokens(id, user_id, device, sha256, created) VALUES (?, ?, ?, ?, ?)")) {
        ps.setString(1, t.id());
        ps.setString(2, user.id());
        ps.setString(3, device);
        ps.setString(4, TokenSecret.hex(TokenSecret.sha256(secret)));
        ps.setString(5, t.created().toString());
        ps.executeUpdate();
      }
      return t;
    });
    return new IssuedToken(token, secret);
  }

  /** Tokens, oldest first: all, or those of one user ({@code nameOrId}, null for all). */
  public synchronized List<DeviceToken> tokens(String nameOrId) {
    return read(() -> {
      String userId = nameOrId == null ? null : find(nameOrId).id();
      List<DeviceToken> tokens = new ArrayList<>();
      try (PreparedStatement ps = conn.prepareStatement(TOKEN_COLUMNS
          + (userId == null ? "" : " WHERE t.user_id = ?") + " ORDER BY t.created, t.rowid")) {
        if (userId != null) {
          ps.setString(1, userId);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            tokens.add(token(rs));
          }
        }
      }
      return tokens;
    });
  }

  /** Revokes a token by its id (never by its secret); revoking twice keeps the first time. */
  public synchronized DeviceToken revokeToken(String id) {
    return write(() -> {
      try (PreparedStatement ps = conn.prepareStatement(
          "UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL")) {
        ps.setString(1, now().toString());
        ps.setString(2, id);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = conn.prepareStatement(TOKEN_COLUMNS + " WHERE t.id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new HephException.NotFound("no token with id '" + id + "' (see hephd token list)");
          }
          return token(rs);
        }
      }
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
    Found found;
    // One statement, so one snapshot without a BEGIN; prepared once, since every request runs it.
    try {
      if (byHash == null) {
        byHash = conn.prepareStatement("SELECT t.id, t.user_id, u.name, t.device, t.sha256, t.last_used"
            + " FROM tokens t JOIN users u ON u.id = t.user_id"
            + " WHERE t.sha256 = ? AND t.revoked IS NULL AND u.removed IS NULL");
      }
      byHash.setString(1, TokenSecret.hex(hash));
      try (ResultSet rs = byHash.executeQuery()) {
        found = rs.next() ? new Found(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            HexFormat.of().parseHex(rs.getString(5)), rs.getString(6)) : null;
      }
    } catch (SQLException e) {
      throw failure(e, layout.accounts());
    }
    if (found == null || !MessageDigest.isEqual(found.hash(), hash)) {
      return Optional.empty();
    }
    noteUse(found.tokenId(), found.lastUsed());
    return Optional.of(new Principal(found.userId(), found.userName(), found.device(), Principal.Via.TOKEN));
  }

  private void noteUse(String tokenId, String lastUsed) {
    Instant now = now();
    if (lastUsed != null && Instant.parse(lastUsed).isAfter(now.minus(LAST_USED_PRECISION))) {
      return;
    }
    try (PreparedStatement ps = conn.prepareStatement("UPDATE tokens SET last_used = ? WHERE id = ?")) {
      ps.setString(1, now.toString());
      ps.setString(2, tokenId);
      ps.executeUpdate();
    } catch (SQLException e) {
      // Best effort: a request with a valid token is served even when its use cannot be noted now.
    }
  }

  // ---- identity-provider links (--auth oidc)

  /** The active user an identity provider's (issuer, subject) is linked to, if any. */
  public synchronized Optional<User> userOf(ExternalIdentity identity) {
    return read(() -> {
      try (PreparedStatement ps = conn.prepareStatement("SELECT u.id, u.name, u.created, u.removed FROM identities i"
          + " JOIN users u ON u.id = i.user_id WHERE i.issuer = ? AND i.subject = ? AND u.removed IS NULL")) {
        ps.setString(1, identity.issuer());
        ps.setString(2, identity.subject());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(user(rs)) : Optional.empty();
        }
      }
    });
  }

  /**
   * The user an identity is linked to, creating both on its first sign-in ({@code --oidc-auto-create}).
   * The new user is named after the subject (its characters outside a name's set become '-'),
   * with a random suffix when that name is taken. An identity linked to a removed user is not
   * given a new one: removing a person must keep them out.
   */
  public synchronized Optional<User> userFor(ExternalIdentity identity) {
    return write(() -> {
      try (PreparedStatement ps = conn.prepareStatement("SELECT u.id, u.name, u.created, u.removed FROM identities i"
          + " JOIN users u ON u.id = i.user_id WHERE i.issuer = ? AND i.subject = ?")) {
        ps.setString(1, identity.issuer());
        ps.setString(2, identity.subject());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            User user = user(rs);
            return user.active() ? Optional.of(user) : Optional.<User>empty();
          }
        }
      }
      String base = identity.subject().replaceAll("[^A-Za-z0-9.@-]", "-");
      String name = base.substring(0, Math.min(base.length(), 56));
      if (activeUser(name).isPresent()) {
        name = name + "-" + TokenSecret.id("", 6);
      }
      User user = new User(TokenSecret.id("u_", 16), name, now(), null);
      insertUser(user);
      try (PreparedStatement ps = conn.prepareStatement(
          "INSERT INTO identities(issuer, subject, user_id, created) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, identity.issuer());
        ps.setString(2, identity.subject());
        ps.setString(3, user.id());
        ps.setString(4, user.created().toString());
        ps.executeUpdate();
      }
      return Optional.of(user);
    });
  }

  /** Links an identity to a user (replacing an earlier link of the same identity). */
  public synchronized void link(ExternalIdentity identity, String nameOrId) {
    write(() -> {
      User user = find(nameOrId);
      try (PreparedStatement ps = conn.prepareStatement(
          "INSERT OR REPLACE INTO identities(issuer, subject, user_id, created) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, identity.issuer());
        ps.setString(2, identity.subject());
        ps.setString(3, user.id());
        ps.setString(4, now().toString());
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public synchronized void close() {
    // Closing the connection closes its statements too.
    closeQuietly(conn);
  }

  // ---- helpers

  private static final String TOKEN_COLUMNS = "SELECT t.id, t.user_id, u.name, t.device, t.created, t.last_used,"
      + " t.revoked FROM tokens t JOIN users u ON u.id = t.user_id";

  private User find(String nameOrId) throws SQLException {
    Optional<User> user;
    if (nameOrId != null && USER_ID.matcher(nameOrId).matches()) { // no name looks like an id
      try (PreparedStatement ps = conn.prepareStatement("SELECT id, name, created, removed FROM users WHERE id = ?")) {
        ps.setString(1, nameOrId);
        try (ResultSet rs = ps.executeQuery()) {
          user = rs.next() ? Optional.of(user(rs)) : Optional.empty();
        }
      }
    } else {
      user = activeUser(nameOrId);
    }
    return user.orElseThrow(() -> new HephException.NotFound("no user '" + nameOrId + "' (see hephd user list)"));
  }

  private Optional<User> activeUser(String name) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT id, name, created, removed FROM users WHERE name = ? AND removed IS NULL")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(user(rs)) : Optional.empty();
      }
    }
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

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  /** Runs {@code work} in one short write transaction, queued behind other processes' writes. */
  private <T> T write(Work<T> work) {
    try (Statement st = conn.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      try {
        T result = work.run();
        st.execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        st.execute("ROLLBACK");
        throw e;
      }
    } catch (SQLException e) {
      throw failure(e, layout.accounts());
    }
  }

  /** Runs {@code work} on one snapshot of the database. */
  private <T> T read(Work<T> work) {
    try (Statement st = conn.createStatement()) {
      st.execute("BEGIN");
      try {
        return work.run();
      } finally {
        st.execute("COMMIT");
      }
    } catch (SQLException e) {
      throw failure(e, layout.accounts());
    }
  }

  private static HephException.StoreFailure failure(SQLException e, Path file) {
    var kind = e.getMessage() != null && (e.getMessage().contains("SQLITE_BUSY") || e.getMessage().contains("SQLITE_LOCKED"))
        ? HephException.StoreFailure.Kind.STORE_BUSY : HephException.StoreFailure.Kind.STORE_ERROR;
    return new HephException.StoreFailure(kind, "accounts database " + file + ": " + e.getMessage(), e);
  }

  private static void closeQuietly(Connection conn) {
    try {
      conn.close();
    } catch (SQLException ignored) {
      // nothing was left uncommitted
    }
  }
}
