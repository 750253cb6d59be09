package dev.heph.daemon;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code Host} header values a hub answers to. A web page can make the browser send requests
 * to the hub's address under the page's own name (DNS rebinding); the browser then sends that
 * name as {@code Host}, so answering only to the names and addresses the hub really serves keeps
 * such a page from reading or writing anything.
 *
 * @param names host names and IP literals (lower case, IPv6 in brackets) accepted with the hub's
 *     port or without a port
 * @param anyIpLiteral whether any IP literal is accepted too (a wildcard bind: the machine's
 *     addresses may change, and no page can rebind a literal)
 * @param anyPortNames names given with {@code --allowed-host}: accepted with any port, as a proxy
 *     in front of the hub may forward its own
 * @param port the port the hub listens on
 */
record AllowedHosts(Set<String> names, boolean anyIpLiteral, Set<String> anyPortNames, int port) {
  private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "[::1]");

  /**
   * What a hub bound to {@code bound} (as listening) under the name {@code bindHost} (as given
   * in {@code --http-addr}) answers to, plus the {@code --allowed-host} names.
   */
  static AllowedHosts of(InetAddress bound, String bindHost, int port, List<String> allowedHosts) {
    Set<String> names = new TreeSet<>();
    names.add(normalize(bindHost));
    if (!bound.isAnyLocalAddress()) {
      names.add(normalize(bound.getHostAddress())); // the address a name given to --http-addr resolved to
    }
    if (bound.isLoopbackAddress() || bound.isAnyLocalAddress()) {
      names.addAll(LOOPBACK_NAMES);
    }
    Set<String> extra = new TreeSet<>();
    for (String name : allowedHosts) {
      extra.add(normalize(name));
    }
    return new AllowedHosts(Set.copyOf(names), bound.isAnyLocalAddress(), Set.copyOf(extra), port);
  }

  /** Whether a request with this {@code Host} header is for this hub. */
  boolean permits(String hostHeader) {
    if (hostHeader == null) {
      return false;
    }
    String value = hostHeader.trim().toLowerCase(Locale.ROOT);
    int portStart = value.startsWith("[") ? value.indexOf("]:") + 1 : value.lastIndexOf(':');
    if (value.startsWith("[") && portStart == 0) {
      portStart = -1; // "[::1]" without a port
    }
    String name = portStart > 0 ? value.substring(0, portStart) : value;
    String portText = portStart > 0 ? value.substring(portStart + 1) : null;
    if (anyPortNames.contains(name)) {
      return true;
    }
    boolean portMatches = portText == null || portText.equals(Integer.toString(port));
    return portMatches && (names.contains(name) || anyIpLiteral && isIpLiteral(name));
  }

  /** The forms a user would read: for the start-up line and refusals. */
  String describe() {
    StringBuilder sb = new StringBuilder(String.join(", ", names.stream().sorted().map(n -> n + ":" + port).toList()));
    if (anyIpLiteral) {
      sb.append(", any IP address with port ").append(port);
    }
    for (String name : anyPortNames) {
      sb.append(", ").append(name);
    }
    return sb.toString();
  }

  private static String normalize(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
  }

  private static boolean isIpLiteral(String name) {
    String literal = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    if (!name.startsWith("[") && !literal.matches("[0-9.]+")) {
      return false; // a name, which a page could point at this machine; IPv4 literals are digits and dots
    }
    try {
      InetAddress.ofLiteral(literal);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
