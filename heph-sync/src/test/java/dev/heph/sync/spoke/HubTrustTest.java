package dev.heph.sync.spoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HubTrust} and the hub client over HTTPS, against the JDK's own HTTPS server on loopback
 * with self-signed certificates made by the JDK's keytool: a trusted certificate is served, one
 * that is untrusted, expired or for another name fails as {@code tls_failed} with a reason, and
 * a CA file heph cannot use is a one-line input error.
 */
class HubTrustTest {
  private static final String INFO = "{\"protocol\":1,\"hub_id\":\"00000000000000aa\",\"epoch\":\"0123456789abcdef\","
      + "\"seq\":0,\"time\":\"2030-01-01T00:00:00Z\"}";
  private static final String PASSWORD = "changeit";

  @TempDir Path dir;
  final List<HttpsServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  @Test
  void aHubWhoseCertificateIsInTheCaFileIsServedUnderTheNameInIt() throws Exception {
    Path pem = selfSigned("good", List.of());
    String url = serve("good");
    try (HttpHubClient client = new HttpHubClient(url, HubTrust.fromCaFile(pem), null)) {
      assertThat(client.info().hubId()).isEqualTo("00000000000000aa");
    }
    String byName = url.replace("127.0.0.1", "localhost"); // the certificate names 127.0.0.1 only
    assertThat(tlsFailure(byName, HubTrust.fromCaFile(pem)))
        .startsWith("no secure connection to hub " + byName + ": its certificate is for another host name");
  }

  @Test
  void untrustedAndExpiredCertificatesFailWithTheirReason() throws Exception {
    selfSigned("good", List.of());
    Path ca = selfSigned("ca", List.of("-validity", "30", "-ext", "bc:c")); // a CA, trusted by no one here
    String goodUrl = serve("good");
    assertThat(tlsFailure(goodUrl, HubTrust.systemDefault())).isEqualTo("no secure connection to hub " + goodUrl
        + ": its certificate is not signed by a CA this device trusts; if the hub uses a private CA or a self-signed"
        + " certificate, give it with --ca-file PEM");
    assertThat(tlsFailure(goodUrl, HubTrust.fromCaFile(ca))).endsWith("its certificate is not signed by a CA this"
        + " device trusts; this sync trusts only the CAs in " + ca);
    // A certificate the CA signed for a day that ended nine days ago.
    keytool(List.of("-genkeypair", "-keystore", "expired.p12", "-storetype", "PKCS12", "-storepass", PASSWORD, "-alias",
        "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=expired"));
    keytool(List.of("-certreq", "-keystore", "expired.p12", "-storepass", PASSWORD, "-alias", "hub", "-file",
        "expired.csr"));
    keytool(List.of("-gencert", "-keystore", "ca.p12", "-storepass", PASSWORD, "-alias", "hub", "-infile",
        "expired.csr", "-outfile", "expired.pem", "-rfc", "-startdate", "-10d", "-validity", "1", "-ext",
        "san=ip:127.0.0.1"));
    keytool(List.of("-importcert", "-noprompt", "-keystore", "expired.p12", "-storepass", PASSWORD, "-alias", "ca",
        "-file", "ca.pem"));
    keytool(List.of("-importcert", "-keystore", "expired.p12", "-storepass", PASSWORD, "-alias", "hub", "-file",
        "expired.pem"));
    String expiredUrl = serve("expired");
    assertThat(tlsFailure(expiredUrl, HubTrust.fromCaFile(ca))).contains("its certificate has expired");
  }

  @Test
  void anHttpUrlForATlsPortSaysToUseHttps() throws Exception {
    selfSigned("good", List.of());
    String plain = serve("good").replace("https://", "http://");
    try (HttpHubClient client = new HttpHubClient(plain)) {
      assertThat(catchThrowable(client::info)).isInstanceOf(HubError.Unreachable.class)
          .hasMessage("cannot reach hub " + plain + ": it answered in TLS: that port serves HTTPS, use an https:// URL");
    }
  }

  @Test
  void aSpokeReportsATlsFailureAsTheSyncFailureTlsFailed() throws Exception {
    selfSigned("good", List.of());
    String url = serve("good");
    try (Heph heph = Heph.open(dir.resolve("spoke.db")); HttpHubClient client = new HttpHubClient(url)) {
      Throwable t = catchThrowable(() -> new Spoke(heph, client).sync());
      assertThat(t).isInstanceOf(HephException.SyncFailure.class);
      assertThat(((HephException.SyncFailure) t).code()).isEqualTo("tls_failed");
    }
  }

  @Test
  void aCaFileHephCannotUseIsAOneLineInputError() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    Path text = Files.writeString(dir.resolve("text.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n"
        + "-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> HubTrust.fromCaFile(dir.resolve("missing.pem")))
        .isInstanceOf(HephException.InvalidInput.class)
        .hasMessage("cannot read CA file " + dir.resolve("missing.pem") + ": no such file");
    assertThatThrownBy(() -> HubTrust.fromCaFile(empty)).isInstanceOf(HephException.InvalidInput.class)
        .hasMessage("CA file " + empty + " holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)");
    assertThatThrownBy(() -> HubTrust.fromCaFile(text)).isInstanceOf(HephException.InvalidInput.class)
        .hasMessageStartingWith("CA file " + text + " is not a PEM certificate file");
    assertThat(HubTrust.systemDefault().sslContext()).isNull();
  }

  /** A failed info() over TLS: the message of its {@link HubError.TlsFailed}. */
  private static String tlsFailure(String url, HubTrust trust) {
    try (HttpHubClient client = new HttpHubClient(url, trust, null)) {
      Throwable t = catchThrowable(client::info);
      assertThat(t).isInstanceOf(HubError.TlsFailed.class);
      assertThat(((HubError) t).kind()).isEqualTo(HephException.SyncFailure.Kind.TLS_FAILED);
      return t.getMessage();
    }
  }

  /**
   * Makes {@code NAME.p12} (an EC key, a self-signed certificate for IP 127.0.0.1, valid 30 days
   * unless {@code extra} keytool options say otherwise) and returns its {@code NAME.pem}.
   */
  private Path selfSigned(String name, List<String> extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("-genkeypair", "-keystore", name + ".p12", "-storetype", "PKCS12",
        "-storepass", PASSWORD, "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-ext", "san=ip:127.0.0.1"));
    args.addAll(extra.isEmpty() ? List.of("-validity", "30") : extra);
    keytool(args);
    keytool(List.of("-exportcert", "-rfc", "-keystore", name + ".p12", "-storepass", PASSWORD, "-alias", "hub",
        "-file", name + ".pem"));
    return dir.resolve(name + ".pem");
  }

  private void keytool(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString()));
    command.addAll(args);
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("keytool %s: %s", args, out).isZero();
  }

  /** Serves {@code /sync/info} over HTTPS with {@code NAME.p12}; returns the base URL. */
  private String serve(String name) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(dir.resolve(name + ".p12").toFile())) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.createContext("/", exchange -> {
      try (exchange) {
        byte[] body = INFO.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
    });
    server.start();
    servers.add(server);
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }
}
