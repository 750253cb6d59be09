package dev.heph.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: a private CA and certificates it signs, made with the real {@code openssl}
 * (/usr/bin/openssl) in a folder of the test's. Keys are unencrypted PKCS#8 PEM files.
 */
public final class TestCertificates {
  /** The openssl binary the helper runs. */
  public static final Path OPENSSL = Path.of("/usr/bin/openssl");

  private final Path dir;
  /** The CA's certificate (PEM): what a spoke is given with {@code --ca-file}. */
  public final Path caCert;
  private final Path caKey;

  private TestCertificates(Path dir, Path caCert, Path caKey) {
    this.dir = dir;
    this.caCert = caCert;
    this.caKey = caKey;
  }

  /** A server's certificate and key files. */
  public record Pair(Path cert, Path key) {}

  /** Makes a new self-signed CA named {@code name} in {@code dir}. */
  public static TestCertificates newCa(Path dir, String name) {
    Path cert = dir.resolve(name + "-ca.pem");
    Path key = dir.resolve(name + "-ca.key");
    run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
        key.toString(), "-out", cert.toString(), "-days", "30", "-subj", "/CN=" + name + " test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    return new TestCertificates(dir, cert, key);
  }

  /**
   * A server certificate signed by this CA for {@code subjectAltName} (e.g.
   * {@code IP:127.0.0.1,DNS:localhost}), with a key of {@code algorithm} ({@code EC} or {@code RSA}).
   */
  public Pair server(String name, String subjectAltName, String algorithm) {
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".csr");
    Path cert = dir.resolve(name + ".pem");
    Path ext = dir.resolve(name + ".ext");
    List<String> keyArgs = new ArrayList<>(List.of("genpkey", "-algorithm", algorithm, "-out", key.toString()));
    keyArgs.addAll(algorithm.equals("EC") ? List.of("-pkeyopt", "ec_paramgen_curve:P-256")
        : List.of("-pkeyopt", "rsa_keygen_bits:2048"));
    run(dir, keyArgs.toArray(String[]::new));
    run(dir, "req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
    write(ext, "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=" + subjectAltName + "\n");
    run(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
        "-CAcreateserial", "-days", "30", "-out", cert.toString(), "-extfile", ext.toString());
    return new Pair(cert, key);
  }

  /** Runs {@code openssl ARGS...} in {@code dir}, failing the test with its output when it fails; its output. */
  public static String run(Path dir, String... args) {
    Finished done = openssl(dir, args);
    if (done.code() != 0) {
      throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + done.out());
    }
    return done.out();
  }

  /** What an openssl run printed (stdout and stderr) and its exit code. */
  public record Finished(int code, String out) {}

  /** Runs {@code openssl ARGS...} in {@code dir} with no input, whatever its outcome. */
  public static Finished openssl(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("openssl " + String.join(" ", args) + " did not finish in 60 s: " + out);
      }
      return new Finished(p.exitValue(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
