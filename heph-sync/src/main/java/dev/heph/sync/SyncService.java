package dev.heph.sync;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.text.Unicode;
import dev.heph.sync.spoke.HttpHubTransport;
import dev.heph.sync.spoke.RestampReport;
import dev.heph.sync.spoke.Spoke;
import dev.heph.sync.spoke.SyncCursors;
import dev.heph.sync.spoke.SyncReport;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The sync use case for front ends (the CLI now, the daemon later): picks the hub URL (given, or
 * remembered in the store's meta) and runs one exchange over HTTP.
 */
public final class SyncService {
  /** The meta key holding the hub URL used last. */
  public static final String HUB_URL_KEY = "sync.hub_url";

  private final Heph heph;
  private volatile HttpHubTransport current;

  public SyncService(Heph heph) {
    this.heph = heph;
  }

  /** The remembered hub URL, or null. */
  public String rememberedUrl() {
    return heph.store().read(tx -> tx.meta(HUB_URL_KEY));
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

  private <T> T withHub(String hubUrl, java.util.function.Function<Spoke, T> exchange) {
    String url = hubUrl == null ? rememberedUrl() : checkUrl(hubUrl);
    if (url == null) {
      throw new HephException.InvalidInput("no hub URL known for this database; give one with --hub-url URL"
          + " (e.g. http://127.0.0.1:7878)");
    }
    try (HttpHubTransport transport = new HttpHubTransport(url)) {
      current = transport;
      Spoke spoke = new Spoke(heph, transport);
      if (hubUrl != null && !url.equals(rememberedUrl())) {
        spoke.info();
        heph.store().write(tx -> {
          tx.putMeta(HUB_URL_KEY, url);
          return null;
        });
      }
      return exchange.apply(spoke);
    } finally {
      current = null;
    }
  }

  /**
   * Cuts a sync in progress short (its request fails at once): for a daemon stopping while a hub
   * takes its time to answer. What was stored stays stored; the next sync resumes.
   */
  public void abort() {
    HttpHubTransport transport = current;
    if (transport != null) {
      transport.close();
    }
  }

  /** The hub URL, cursors and push backlog, as stored. */
  public SyncStatus status() {
    return heph.store().read(tx -> {
      SyncCursors cursors = SyncCursors.load(tx);
      long pending = tx.opLog().countAfterExcept(cursors.pushSeq(), cursors.pushSkipsSource());
      return new SyncStatus(tx.meta(HUB_URL_KEY), cursors.hubId(), cursors.pullSeq(), cursors.pushSeq(), pending);
    });
  }

  static String checkUrl(String url) {
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
