package dev.heph.sync.spoke;

import dev.heph.core.HephException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which certificates an {@code https://} hub may present: those signed by a CA the JDK trusts
 * ({@link #systemDefault()}), or by exactly the CAs of one PEM file ({@link #fromCaFile}, for a
 * hub with a private CA or a self-signed certificate). Host names are checked either way.
 */
public sealed interface HubTrust {

  /** The JDK's trusted CAs. */
  static HubTrust systemDefault() {
    return new SystemDefault();
  }

  /**
   * The certificates in {@code caFile} (PEM, one or more {@code BEGIN CERTIFICATE} blocks), read
   * now; a file that cannot be read or holds none is an {@link HephException.InvalidInput}.
   */
  static HubTrust fromCaFile(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast).toList();
      if (certificates.isEmpty()) {
        throw new HephException.InvalidInput("CA file " + caFile + " holds no certificate (expected PEM:"
            + " -----BEGIN CERTIFICATE-----)");
      }
      return new CaFile(caFile, certificates);
    } catch (IOException e) {
      throw new HephException.InvalidInput("cannot read CA file " + caFile + ": " + switch (e) {
        case NoSuchFileException x -> "no such file";
        case AccessDeniedException x -> "permission denied";
        default -> e.getMessage();
      });
    } catch (CertificateException e) {
      throw new HephException.InvalidInput("CA file " + caFile + " is not a PEM certificate file (" + e.getMessage()
          + ")");
    }
  }

  /** The JDK's trusted CAs. */
  record SystemDefault() implements HubTrust {}

  /** Exactly the certificates read from {@code path}. */
  record CaFile(Path path, List<X509Certificate> certificates) implements HubTrust {
    public CaFile {
      certificates = List.copyOf(certificates);
    }
  }

  /** The TLS context that trusts what this says; null for the JDK's default context. */
  default SSLContext sslContext() {
    return switch (this) {
      case SystemDefault s -> null;
      case CaFile f -> trusting(f.certificates());
    };
  }

  /** How a person would fix a certificate this does not trust: a hint for messages. */
  default String advice() {
    return switch (this) {
      case SystemDefault s -> "if the hub uses a private CA or a self-signed certificate, give it with --ca-file PEM";
      case CaFile f -> "this sync trusts only the CAs in " + f.path();
    };
  }

  private static SSLContext trusting(List<X509Certificate> certificates) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the JDK cannot build a TLS context: " + e, e);
    }
  }
}
