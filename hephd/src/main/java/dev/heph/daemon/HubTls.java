package dev.heph.daemon;

import dev.heph.core.HephException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The hub's TLS identity, read from the PEM files of {@code --tls-cert} (an X.509 chain, the
 * hub's own certificate first) and {@code --tls-key} (its PKCS#8 private key, RSA or EC), checked
 * to belong together before the hub listens, and kept only in memory.
 */
record HubTls(List<X509Certificate> chain, PrivateKey key) {
  /** Protocols served: TLS 1.2 and 1.3 only, whatever the JDK's defaults. */
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  /** The in-memory key store's password; it protects nothing, as the store is never written. */
  private static final char[] STORE_PASSWORD = "heph".toCharArray();
  private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----",
      Pattern.DOTALL);
  private static final String CONVERT = "openssl pkcs8 -topk8 -nocrypt -in KEY.pem -out KEY-pkcs8.pem";

  /** Reads and checks both files; a file heph cannot use is an {@link HephException.InvalidInput} naming it. */
  static HubTls load(Path certFile, Path keyFile) {
    List<X509Certificate> chain = readChain(certFile);
    PrivateKey key = readKey(keyFile, chain.getFirst().getPublicKey().getAlgorithm());
    requireMatch(chain.getFirst(), key, certFile, keyFile);
    return new HubTls(chain, key);
  }

  /** Names the certificate only: the key never appears in a message or log. */
  @Override
  public String toString() {
    return "HubTls[" + chain.getFirst().getSubjectX500Principal() + "]";
  }

  /** Jetty's server-side TLS configuration for this identity. */
  SslContextFactory.Server sslContextFactory() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("hub", key, STORE_PASSWORD, chain.toArray(X509Certificate[]::new));
      SslContextFactory.Server factory = new SslContextFactory.Server();
      factory.setKeyStore(store);
      factory.setKeyStorePassword(new String(STORE_PASSWORD));
      factory.setKeyManagerPassword(new String(STORE_PASSWORD));
      factory.setIncludeProtocols(PROTOCOLS);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the JDK cannot hold a key in memory: " + e, e);
    }
  }

  /** When the hub's own certificate is not valid now: a warning to print, or empty. */
  Optional<String> validityWarning(Path certFile, Instant now) {
    X509Certificate own = chain.getFirst();
    if (now.isAfter(own.getNotAfter().toInstant())) {
      return Optional.of("the certificate in " + certFile + " expired on " + own.getNotAfter().toInstant()
          + "; clients will refuse it until it is renewed");
    }
    if (now.isBefore(own.getNotBefore().toInstant())) {
      return Optional.of("the certificate in " + certFile + " is valid only from " + own.getNotBefore().toInstant()
          + "; clients will refuse it until then (is this machine's clock right?)");
    }
    return Optional.empty();
  }

  private static List<X509Certificate> readChain(Path file) {
    String text = read(file, "--tls-cert");
    try {
      List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))).stream()
          .map(X509Certificate.class::cast).toList();
      if (chain.isEmpty()) {
        throw unusable("--tls-cert", file, "it holds no certificate (expected -----BEGIN CERTIFICATE-----)");
      }
      return chain;
    } catch (CertificateException e) {
      throw unusable("--tls-cert", file, "not a PEM X.509 certificate chain (" + e.getMessage() + ")");
    }
  }

  private static PrivateKey readKey(Path file, String algorithm) {
    // The first key block: openssl may write others around it (EC PARAMETERS, a certificate).
    Matcher block = PEM_BLOCK.matcher(read(file, "--tls-key"));
    boolean found;
    while ((found = block.find()) && !block.group(1).endsWith("PRIVATE KEY")) {
      // not a key: skipped
    }
    if (!found) {
      throw unusable("--tls-key", file, "no private key in it (expected -----BEGIN PRIVATE KEY-----)");
    }
    String type = block.group(1);
    if (!type.equals("PRIVATE KEY")) {
      String kind = switch (type) {
        case "RSA PRIVATE KEY" -> "an RSA key in the older PKCS#1 form";
        case "EC PRIVATE KEY" -> "an EC key in the older SEC1 form";
        case "ENCRYPTED PRIVATE KEY" -> "an encrypted key";
        default -> "a key of type " + type;
      };
      throw unusable("--tls-key", file, "it holds " + kind + "; hephd reads an unencrypted PKCS#8 key"
          + " (BEGIN PRIVATE KEY); convert it with: " + CONVERT);
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(block.group(2));
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw unusable("--tls-key", file, "not a PKCS#8 " + algorithm + " private key matching the certificate ("
          + e.getMessage() + ")");
    }
  }

  /** A key that does not sign for the certificate would fail every handshake; refused at start instead. */
  private static void requireMatch(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile) {
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] probe = "heph".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      if (verifier.verify(signer.sign())) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // reported below
    }
    throw new HephException.InvalidInput("the key in " + keyFile + " (--tls-key) does not belong to the certificate"
        + " in " + certFile + " (--tls-cert)");
  }

  private static String read(Path file, String flag) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (CharacterCodingException e) {
      throw unusable(flag, file, "not a PEM text file");
    } catch (IOException e) {
      throw unusable(flag, file, switch (e) {
        case NoSuchFileException x -> "no such file";
        case AccessDeniedException x -> "permission denied";
        default -> "cannot read it (" + e.getMessage() + ")";
      });
    }
  }

  private static HephException.InvalidInput unusable(String flag, Path file, String why) {
    return new HephException.InvalidInput("cannot use " + file + " (" + flag + "): " + why);
  }
}
