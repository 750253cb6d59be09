package dev.heph.sync.login;

import dev.heph.core.Heph;
import dev.heph.core.HephException.SyncFailure;
import dev.heph.sync.SyncService;
import dev.heph.sync.spoke.HttpHubClient;
import dev.heph.sync.spoke.HubError;
import dev.heph.sync.spoke.HubTrust;
import java.nio.file.Path;

/**
 * {@code heph login} and {@code heph logout} for one replica: a device token checked against the
 * hub and kept beside the replica ({@link Credentials}), the hub remembered as the one to sync with.
 */
public final class DeviceLogin {
  private final Heph heph;
  private final Path db;

  public DeviceLogin(Heph heph) {
    this.heph = heph;
    this.db = heph.path();
  }

  /** What a login stored: the hub and the file its token is kept in. */
  public record Stored(String hub, Path file) {}

  /**
   * {@code heph login URL --token TOKEN [--ca-file PEM]}, before anything is written: asks the hub
   * who it is with the token (an {@code https://} hub must present a certificate {@code trust}
   * accepts) and returns the hub's URL as it is kept. A 401 means the hub refused the token.
   */
  public static String check(String url, String token, HubTrust trust) {
    String hub = SyncService.checkUrl(url);
    Credentials.checkToken(token);
    try (HttpHubClient client = new HttpHubClient(hub, trust, token)) {
      client.info();
    } catch (HubError.Unauthorized e) {
      throw new SyncFailure(SyncFailure.Kind.UNAUTHORIZED, "the hub refused this token (" + hub
          + " answered 401: unknown, revoked or expired); nothing was stored", null);
    } catch (HubError e) {
      throw new SyncFailure(e.kind(), e.getMessage(), e.getCause());
    }
    return hub;
  }

  /**
   * Keeps {@code token} for {@code hub} (as {@link #check} returned it), with the CA file to trust
   * for it ({@code caFile} null: the JDK's CAs; kept as an absolute path, since a sync may run
   * from another folder), and makes it the hub to sync with.
   */
  public Stored store(String hub, String token, Path caFile) {
    String ca = caFile == null ? null : caFile.toAbsolutePath().toString();
    Path file = new Credentials(hub, token, ca).save(db);
    new SyncService(heph).remember(hub);
    return new Stored(hub, file);
  }

  /** What {@code heph logout} did: the file, whether there was one, and the hub it was for (null: none). */
  public record Forgotten(Path file, boolean removed, String hub) {}

  /**
   * {@code heph logout} for the replica at {@code db} (which it neither opens nor creates): deletes
   * the stored login. A damaged file is deleted too (that is how a person gets rid of one); the hub
   * stays remembered, so a later login or sync needs no URL.
   */
  public static Forgotten logout(Path db) {
    String hub;
    try {
      hub = Credentials.load(db).map(Credentials::hubUrl).orElse(null);
    } catch (dev.heph.core.HephException.InvalidInput e) {
      hub = null;
    }
    boolean removed = Credentials.delete(db);
    return new Forgotten(Credentials.fileOf(db).toAbsolutePath(), removed, hub);
  }
}
