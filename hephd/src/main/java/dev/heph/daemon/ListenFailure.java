package dev.heph.daemon;

import dev.heph.core.HephException.DaemonFailure;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * Why the hub cannot listen on its {@code --http-addr}, in words (the JDK and Jetty say "Failed to
 * bind to /127.0.0.1:7878" and keep the reason in a cause): address already in use, not an address
 * of this machine, a privileged port, an unknown host.
 */
final class ListenFailure {
  private ListenFailure() {}

  static DaemonFailure of(InetSocketAddress address, Exception e) {
    String where = "cannot listen on " + address.getHostString() + ":" + address.getPort() + ": ";
    return new DaemonFailure(DaemonFailure.Kind.ADDRESS_UNUSABLE, where + reason(address, e), e);
  }

  private static String reason(InetSocketAddress address, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "unknown host '" + address.getHostString() + "' (the name does not resolve)";
      }
      if (t instanceof BindException bind && bind.getMessage() != null) {
        String message = bind.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("already in use")) {
          return "address already in use (another hub or program listens on port " + address.getPort()
              + "; stop it, or give this hub another --http-addr)";
        }
        if (message.contains("assign requested address")) {
          return "not an address of this machine (use one of its own, 127.0.0.1, or 0.0.0.0 for all)";
        }
        if (message.contains("permission denied") || message.contains("access denied")) {
          return "permission denied (ports below 1024 need privileges; use a higher one behind a proxy)";
        }
        return bind.getMessage();
      }
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
