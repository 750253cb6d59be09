package dev.heph.daemon;

import dev.heph.sync.hub.HubErrors;
import dev.heph.sync.hub.HubResponse;
import dev.heph.sync.hub.Refusal;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Refuses, on every route of the hub, what a web page in the user's browser could send it: a
 * request under a name the hub does not serve (DNS rebinding, 403), from another origin (403),
 * or a POST whose body is not {@code application/json} (415; the content types a page can send
 * without a CORS preflight are all other ones, and the hub answers no preflight). Tools and
 * spokes send none of these.
 */
final class BrowserGuard {
  /** What {@code Sec-Fetch-Site} says for a request a person or tool made, not a foreign page. */
  private static final Set<String> OWN_SITES = Set.of("same-origin", "none");

  private final AllowedHosts hosts;

  BrowserGuard(AllowedHosts hosts) {
    this.hosts = hosts;
  }

  /** The refusal for this request, or null when it may go on to its route. */
  HubResponse refusal(String method, HttpFields headers) {
    return refusal(method, headers, false);
  }

  /**
   * The same, for the device login's routes when {@code login}: their POSTs may also be forms (the
   * approval page is the hub's own, and RFC 8628 clients post forms), and a person may arrive at
   * their pages from another site by a top-level GET navigation (a link to the approval page; the
   * identity provider sending the browser back). The Host rule, and the Origin rule on every
   * POST, stay.
   */
  HubResponse refusal(String method, HttpFields headers, boolean login) {
    String host = headers.get(HttpHeader.HOST);
    if (!hosts.permits(host)) {
      return refuse(new Refusal.HostNotAllowed("this hub does not serve the host "
          + (host == null ? "(none given)" : "'" + host + "'") + "; it answers to " + hosts.describe()
          + " (hephd --allowed-host NAME adds a name)"));
    }
    String origin = headers.get(HttpHeader.ORIGIN);
    if (origin != null && !sameOrigin(origin, host)) {
      return refuse(new Refusal.OriginNotAllowed("requests from web pages of other origins are refused (Origin: "
          + origin + ")"));
    }
    String site = headers.get("Sec-Fetch-Site");
    if (site != null && !OWN_SITES.contains(site.trim().toLowerCase(Locale.ROOT))
        && !(login && navigation(method, headers))) {
      return refuse(new Refusal.OriginNotAllowed("requests from web pages of other sites are refused (Sec-Fetch-Site: "
          + site + ")"));
    }
    if (method.equals("POST") && !isJson(headers.get(HttpHeader.CONTENT_TYPE))
        && !(login && isMediaType(headers.get(HttpHeader.CONTENT_TYPE), "application/x-www-form-urlencoded"))) {
      String type = headers.get(HttpHeader.CONTENT_TYPE);
      return refuse(new Refusal.UnsupportedMediaType("POST bodies must be application/json, got "
          + (type == null ? "no content type" : type)));
    }
    return null;
  }

  /** Adds the headers every answer of the hub carries, refusals and Jetty's own errors too. */
  static void protect(HttpFields.Mutable headers) {
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
  }

  /** Whether a page at {@code origin} is the hub itself ({@code "null"}, a sandboxed or local page, is not). */
  private static boolean sameOrigin(String origin, String host) {
    try {
      URI uri = new URI(origin.trim());
      String scheme = uri.getScheme();
      return uri.getRawAuthority() != null && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && uri.getRawAuthority().equalsIgnoreCase(host.trim());
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** A person opening a page (a link followed, a redirect): a GET for a whole document, never a script's fetch. */
  private static boolean navigation(String method, HttpFields headers) {
    return method.equals("GET") && "navigate".equalsIgnoreCase(headers.get("Sec-Fetch-Mode"))
        && "document".equalsIgnoreCase(headers.get("Sec-Fetch-Dest"));
  }

  private static boolean isJson(String contentType) {
    return isMediaType(contentType, "application/json");
  }

  private static boolean isMediaType(String contentType, String wanted) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return mediaType.equalsIgnoreCase(wanted);
  }

  private static HubResponse refuse(Refusal refusal) {
    return HubErrors.of(refusal).response();
  }
}
