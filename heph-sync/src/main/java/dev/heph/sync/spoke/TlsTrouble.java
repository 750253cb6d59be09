package dev.heph.sync.spoke;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;

/** Says in words why no TLS connection could be made to a hub, from what the JDK threw. */
final class TlsTrouble {
  private TlsTrouble() {}

  /** "no secure connection to hub HUB: REASON". */
  static HubError.TlsFailed of(String hub, SSLException e, HubTrust trust) {
    return new HubError.TlsFailed("no secure connection to hub " + hub + ": " + reason(e, trust), e);
  }

  private static String reason(SSLException e, HubTrust trust) {
    String message = String.valueOf(e.getMessage());
    for (Throwable t = e; t != null; t = t.getCause()) {
      switch (t) {
        case CertificateExpiredException x -> {
          return "its certificate has expired (" + x.getMessage() + ")";
        }
        case CertificateNotYetValidException x -> {
          return "its certificate is not valid yet (" + x.getMessage() + "; is a clock wrong?)";
        }
        case CertPathBuilderException x -> {
          return "its certificate is not signed by a CA this device trusts; " + trust.advice();
        }
        case CertPathValidatorException x -> {
          return "its certificate could not be validated (" + x.getMessage() + "); " + trust.advice();
        }
        default -> {
          // look further down the chain
        }
      }
    }
    if (message.contains("No subject alternative") || message.contains("No name matching")) {
      return "its certificate is for another host name (" + message + ")";
    }
    if (message.contains("nrecognized SSL message")) { // "Unsupported or unrecognized", "Unrecognized"
      return "it does not speak TLS on that port (is it an http:// hub?)";
    }
    return "the TLS handshake failed (" + message + ")";
  }
}
