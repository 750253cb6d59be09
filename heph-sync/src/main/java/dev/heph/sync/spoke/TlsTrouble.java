package dev.heph.sync.spoke;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/** Says in words why no TLS connection could be made to a hub, from what the JDK threw. */
public final class TlsTrouble {
  private TlsTrouble() {}

  /** "no secure connection to hub HUB: REASON". */
  public static HubError.TlsFailed of(String hub, SSLException e, HubTrust trust) {
    return new HubError.TlsFailed("no secure connection to hub " + hub + ": " + reason(e, trust), e);
  }

  private static String reason(SSLException e, HubTrust trust) {
    String message = String.valueOf(e.getMessage());
    // The most telling cause first: a validator wraps an expired certificate, for one.
    if (cause(e, CertificateExpiredException.class).isPresent()) {
      return "its certificate has expired (" + cause(e, CertificateExpiredException.class).get().getMessage() + ")";
    }
    if (cause(e, CertificateNotYetValidException.class).isPresent()) {
      return "its certificate is not valid yet (is a clock wrong?)";
    }
    if (cause(e, CertPathBuilderException.class).isPresent()) {
      return "its certificate is not signed by a CA this device trusts; " + trust.advice();
    }
    if (cause(e, CertPathValidatorException.class).isPresent()) {
      return "its certificate could not be validated (" + cause(e, CertPathValidatorException.class).get()
          .getMessage() + "); " + trust.advice();
    }
    if (message.contains("No subject alternative") || message.contains("No name matching")) {
      return "its certificate is for another host name (" + message + ")";
    }
    if (message.contains("nrecognized SSL message")) { // "Unsupported or unrecognized", "Unrecognized"
      return "it does not speak TLS on that port (is it an http:// hub?)";
    }
    return "the TLS handshake failed (" + message + ")";
  }

  private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }
}
