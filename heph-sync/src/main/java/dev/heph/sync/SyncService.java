package dev.heph.sync;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.HephException.StoreFailure;
import dev.heph.core.sync.SpokeState;
import dev.heph.core.text.Unicode;
import dev.heph.sync.login.Credentials;
import dev.heph.sync.spoke.HttpHubClient;
import dev.heph.sync.spoke.HubTrust;
import dev.heph.sync.spoke.RestampReport;
import dev.heph.sync.spoke.Spoke;
import dev.heph.sync.spoke.SyncReport;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The sync use case for front ends (the CLI now, the daemon later): picks the hub URL (given, or
 * remembered by the replica) and runs one exchange over HTTP.
 */
public final class SyncService {
  private final Heph heph;
  /** Null: as logged in (see {@link #SyncService(Heph, HubTrust)}). */
  private final HubTrust trust;
  private volatile HttpHubClient current;

  /** Syncs trusting, for an {@code https://} hub, the CA file {@code heph login} kept for it, else the JDK's CAs. */
  public SyncService(Heph heph) {
    this(heph, null);
  }

  /**
   * Syncs trusting what {@code trust} says for an {@code https://} hub; {@code trust} null (no
   * {@code --ca-file} given): the CA file {@code heph login} kept for that very hub, else the JDK's CAs.
   */
  public SyncService(Heph heph, HubTrust trust) {
    this.heph = heph;
    this.trust = trust;
  }

  /** The remembered hub URL, or null. */
  public String rememberedUrl() {
    return heph.spokeStore().hubUrl();
  }

  /** Makes {@code url} (as {@link #checkUrl} returns it) the hub a plain {@code heph sync} syncs with. */
  public void remember(String url) {
    heph.spokeStore().rememberHubUrl(url);
  }

  /**
   * Syncs with {@code hubUrl}, or with the remembered URL when null. A given URL is remembered
   * once it answered as a heph hub (before any op moves, so a sync killed midway resumes with a
   * plain {@code heph sync}); a mistyped one never replaces a working one.
   */
  public SyncReport sync(String hubUrl) {
    return withHub(hubUrl, Spoke::sync);
  }

  /**
   * {@code heph sync --restamp}: a sync that first gives this device's unacknowledged ops stamped
   * in the future fresh stamps (see {@link Spoke#restamp()}); refused while this device's clock is
   * still ahead of the hub's.
   */
  public RestampReport restamp(String hubUrl) {
    return withHub(hubUrl, Spoke::restamp);
  }

  /**
   * Whether the hub answers at all, as a hub or with a refusal (one {@code GET /sync/info}, which
   * moves nothing): for a daemon backing off from a hub it could not reach, to sync as soon as the
   * hub is back rather than when the back-off ends.
   */
  public boolean hubAnswers(String hubUrl) {
    try {
      withHub(hubUrl, Spoke::info);
      return true;
    } catch (HephException.SyncFailure e) {
      return e.kind() != HephException.SyncFailure.Kind.HUB_UNREACHABLE
          && e.kind() != HephException.SyncFailure.Kind.INTERRUPTED;
    } catch (HephException e) {
      return false; // no hub URL, a damaged replica: nothing a sync could do now either
    }
  }

  private <T> T withHub(String hubUrl, java.util.function.Function<Spoke, T> exchange) {
    refuseIfDamaged(hubUrl);
    String url = hubUrl == null ? rememberedUrl() : checkUrl(hubUrl);
    if (url == null) {
      throw new HephException.InvalidInput("no hub URL known for this database; give one with --hub-url URL"
          + " (e.g. http://127.0.0.1:7878)");
    }
    Optional<Credentials> login = loginFor(url);
    HubTrust hubTrust = trust != null ? trust : login.map(Credentials::trust).orElseGet(HubTrust::systemDefault);
    try (HttpHubClient client = new HttpHubClient(url, hubTrust, login.map(Credentials::token).orElse(null))) {
      current = client;
      Spoke spoke = new Spoke(heph, client);
      if (hubUrl != null && !url.equals(rememberedUrl())) {
        spoke.info();
        remember(url);
      }
      return exchange.apply(spoke);
    } finally {
      current = null;
    }
  }

  /** The login of {@code heph login} (token, CA file), only when it was made for this very hub. */
  private Optional<Credentials> loginFor(String url) {
    Path db = heph.path();
    return db == null ? Optional.empty() : Credentials.load(db).filter(c -> c.issuedFor(url));
  }

  /**
   * A replica known to be damaged is not synced at all: pushing could spread the damage (ops read
   * from bad pages) to the hub and from there to every device, and pulling into it only adds to a
   * file that must be replaced. The error says how to recover.
   */
  private void refuseIfDamaged(String hubUrl) {
    heph.knownDamage().ifPresent(reason -> {
      Path db = heph.path();
      throw new StoreFailure(StoreFailure.Kind.STORE_DAMAGED, "refusing to sync " + db + ": it is known to be damaged ("
          + shorten(reason) + "); " + recoveryAdvice(db, hubUrl != null ? hubUrl : rememberedUrlIfReadable()), null);
    });
  }

  /**
   * How to recover a damaged replica, for every message that reports one: a new file, filled from
   * the hub. ({@code hubUrl} null: a placeholder.) The damaged file stays, for anything never pushed.
   */
  public static String recoveryAdvice(Path db, String hubUrl) {
    Path absolute = db.toAbsolutePath();
    String name = absolute.getFileName().toString();
    int dot = name.lastIndexOf('.');
    Path fresh = absolute.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "-recovered"
        + (dot > 0 ? name.substring(dot) : ".db"));
    return "recover by syncing from the hub into a new file: heph --db " + fresh + " sync --hub-url "
        + (hubUrl != null ? hubUrl : "URL") + ", then use that file instead (keep " + name
        + " until you have checked that nothing made only on this device is missing)";
  }

  /** The remembered hub URL, or null when even that cannot be read from a damaged database. */
  public String rememberedUrlIfReadable() {
    try {
      return rememberedUrl();
    } catch (HephException e) {
      return null;
    }
  }

  private static String shorten(String reason) {
    return reason.length() > 300 ? reason.substring(0, 297) + "..." : reason;
  }

  /**
   * Cuts a sync in progress short (its request fails at once): for a daemon stopping while a hub
   * takes its time to answer. What was stored stays stored; the next sync resumes.
   */
  public void abort() {
    HttpHubClient client = current;
    if (client != null) {
      client.close();
    }
  }

  /** The hub URL, cursors and push backlog, as stored. */
  public SyncStatus status() {
    SpokeState s = heph.spokeStore().state();
    return new SyncStatus(s.hubUrl(), s.cursors().hubId(), s.cursors().pullSeq(), s.cursors().pushSeq(),
        s.pendingPush());
  }

  /** {@code url} as remembered and compared, or a clear error when it is not an http(s) hub URL. */
  public static String checkUrl(String url) {
    Unicode.requireValid("hub URL", url); // it is remembered in meta, which must keep it unchanged
    try {
      URI uri = new URI(url.strip());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new HephException.InvalidInput("hub URL must be http://HOST:PORT or https://..., got '" + url + "'");
      }
      if (uri.getQuery() != null || uri.getFragment() != null) {
        throw new HephException.InvalidInput("hub URL must not have a query or fragment: '" + url + "'");
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw new HephException.InvalidInput("bad hub URL '" + url + "': " + e.getReason());
    }
  }
}
