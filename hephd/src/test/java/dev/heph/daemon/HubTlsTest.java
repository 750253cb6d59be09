package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import dev.heph.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hephd --mode server --tls-cert --tls-key}: real hubs serving HTTPS with certificates a
 * private CA (made by openssl) signed, and the real CLI syncing with them, trusting that CA with
 * {@code --ca-file} or not; start-up refusals of unusable files.
 */
@Timeout(300)
class HubTlsTest {
  @TempDir static Path dir;
  static TestCertificates ca;
  static HubProcess hub;
  static HubProcess wrongHost;
  static HephCli cli;

  @BeforeAll
  static void startHubs() {
    ca = TestCertificates.newCa(dir, "heph");
    TestCertificates.Pair ec = ca.server("hub", "IP:127.0.0.1,DNS:localhost", "EC");
    hub = HubProcess.start(dir.resolve("hub.db"), List.of(), List.of("--http-addr", "127.0.0.1:0",
        "--tls-cert", ec.cert().toString(), "--tls-key", ec.key().toString()));
    // An RSA key this time, and a certificate for another name than the one the spoke dials.
    TestCertificates.Pair other = ca.server("elsewhere", "DNS:hub.example", "RSA");
    wrongHost = HubProcess.start(dir.resolve("wrong-host.db"), List.of(), List.of("--http-addr", "127.0.0.1:0",
        "--tls-cert", other.cert().toString(), "--tls-key", other.key().toString()));
    cli = new HephCli(dir);
  }

  @AfterAll
  static void stopHubs() {
    for (HubProcess h : new HubProcess[] {hub, wrongHost}) {
      if (h != null) {
        h.close();
      }
    }
  }

  @Test
  void theHubServesHttpsAndSpokesTrustingItsCaSync() {
    assertThat(hub.url()).startsWith("https://127.0.0.1:");
    assertThat(hub.stderr()).as("a loopback hub does not warn").doesNotContain("WARNING");
    Replica a = new Replica("a", dir, cli);
    Replica b = new Replica("b", dir, cli);
    String id = a.add("Sent over TLS");
    Map<String, Object> pushed = Json.object(a.run("sync", "--hub-url", hub.url(), "--ca-file", ca.caCert.toString(),
        "--json").ok().json());
    assertThat(pushed).containsEntry("pushed", a.opCount());
    // Under the other name in the certificate too; the URL is remembered, the CA file is not.
    b.run("sync", "--hub-url", "https://localhost:" + hub.port(), "--ca-file", ca.caCert.toString()).ok();
    assertThat(SyncPropagationTest.node(SyncPropagationTest.assertConverged(a, b), id))
        .containsEntry("title", "Sent over TLS");
    assertThat(b.run("sync").userError().err()).contains("not signed by a CA this device trusts");
  }

  @Test
  void withoutTheCaASyncFailsWithAClearTlsErrorAndChangesNothing() {
    Replica c = new Replica("c", dir, cli);
    c.add("Never leaves");
    long hubOps = Sqlite.opCount(hub.db());
    String before = c.listAll();
    List<String> opsBefore = Sqlite.opHlcs(c.db);

    String line = c.run("sync", "--hub-url", hub.url()).userError().err().strip();
    assertThat(line).isEqualTo("heph: no secure connection to hub " + hub.url() + ": its certificate is not signed"
        + " by a CA this device trusts; if the hub uses a private CA or a self-signed certificate, give it with"
        + " --ca-file PEM");
    // Another CA's file is no better.
    TestCertificates stranger = TestCertificates.newCa(dir, "stranger");
    assertThat(c.run("sync", "--hub-url", hub.url(), "--ca-file", stranger.caCert.toString()).userError().err())
        .contains("no secure connection to hub " + hub.url()).contains("not signed by a CA this device trusts; this sync trusts only the CAs in " + stranger.caCert);

    // A CA file heph cannot read stops the sync before anything is opened.
    Path missing = dir.resolve("missing-ca.pem");
    assertThat(c.run("sync", "--hub-url", hub.url(), "--ca-file", missing.toString()).userError().err())
        .isEqualTo("heph: cannot read CA file " + missing + ": no such file\n");

    assertThat(c.listAll()).isEqualTo(before);
    assertThat(Sqlite.opHlcs(c.db)).isEqualTo(opsBefore);
    assertThat(Sqlite.strings(c.db, "SELECT key FROM meta WHERE key LIKE 'sync.%'")).as("nothing remembered")
        .isEmpty();
    assertThat(Sqlite.opCount(hub.db())).as("the hub received nothing").isEqualTo(hubOps);
    assertThat(c.run("sync", "--hub-url", hub.url(), "--json").code()).isEqualTo(1);
  }

  @Test
  void aCertificateForAnotherHostIsRefusedEvenFromTheTrustedCa() {
    Replica d = new Replica("d", dir, cli);
    d.add("Stays here");
    String line = d.run("sync", "--hub-url", wrongHost.url(), "--ca-file", ca.caCert.toString()).userError().err();
    assertThat(line).contains("no secure connection to hub " + wrongHost.url())
        .contains("its certificate is for another host name");
    assertThat(Sqlite.opCount(wrongHost.db())).isZero();
  }

  @Test
  void plainHttpAgainstTheHttpsPortAndHttpsAgainstAPlainHubFailCleanly(@TempDir Path other) {
    Replica e = new Replica("e", dir, cli);
    e.add("Stays here too");
    String plain = "http://127.0.0.1:" + hub.port();
    assertThat(e.run("sync", "--hub-url", plain).userError().err())
        .isEqualTo("heph: hub " + plain + " refused the info request (HTTP 400, bad_request): this hub serves HTTPS on"
            + " this port: use an https:// URL\n");
    RawHttp.Reply reply = RawHttp.send(hub.port(), "GET", "/sync/info", null, "Host: 127.0.0.1:" + hub.port());
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.body()).contains("\"code\":\"bad_request\"").contains("use an https:// URL");
    try (HubProcess http = HubProcess.start(other.resolve("plain.db"))) {
      String https = "https://127.0.0.1:" + http.port();
      assertThat(e.run("sync", "--hub-url", https, "--ca-file", ca.caCert.toString()).userError().err())
          .contains("no secure connection to hub " + https).contains("does not speak TLS");
    }
    assertThat(Sqlite.strings(e.db, "SELECT key FROM meta WHERE key LIKE 'sync.%'")).isEmpty();
  }

  @Test
  void onlyTls12AndLaterAreServed() {
    String address = "127.0.0.1:" + hub.port();
    assertThat(TestCertificates.run(dir, "s_client", "-connect", address, "-tls1_2", "-CAfile", ca.caCert.toString(),
        "-brief")).contains("Protocol version: TLSv1.2").contains("Verification: OK");
    assertThat(TestCertificates.run(dir, "s_client", "-connect", address, "-CAfile", ca.caCert.toString(), "-brief"))
        .contains("Protocol version: TLSv1.3");
    for (String old : List.of("-tls1_1", "-tls1")) {
      TestCertificates.Finished refused = TestCertificates.openssl(dir, "s_client", "-connect", address, old,
          "-cipher", "DEFAULT@SECLEVEL=0", "-brief");
      assertThat(refused.code()).as("%s: %s", old, refused.out()).isNotZero();
    }
  }

  @Test
  void flagsAndFilesHephdCannotUseStopItBeforeItListens(@TempDir Path work) throws Exception {
    TestCertificates.Pair pair = ca.server("refused", "IP:127.0.0.1", "RSA");
    Path db = work.resolve("never.db");
    List<String> server = List.of("--mode", "server", "--db", db.toString(), "--http-addr", "127.0.0.1:0");

    HubProcess.Finished halfTls = HubProcess.runToExit(work, concat(server, "--tls-cert", pair.cert().toString()));
    assertThat(halfTls.code()).isEqualTo(2);
    assertThat(halfTls.err()).contains("--tls-cert and --tls-key go together");

    Path pkcs1 = work.resolve("pkcs1.key");
    TestCertificates.run(work, "pkey", "-in", pair.key().toString(), "-traditional", "-out", pkcs1.toString());
    assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    Path notPem = work.resolve("not.pem");
    Files.writeString(notPem, "hello\n");
    TestCertificates.Pair stranger = ca.server("stranger", "IP:127.0.0.1", "RSA");
    Map<List<String>, String> refusals = Map.of(
        List.of("--tls-cert", work.resolve("missing.pem").toString(), "--tls-key", pair.key().toString()),
        "cannot use " + work.resolve("missing.pem") + " (--tls-cert): no such file",
        List.of("--tls-cert", pair.cert().toString(), "--tls-key", pkcs1.toString()),
        "it holds an RSA key in the older PKCS#1 form; hephd reads an unencrypted PKCS#8 key (BEGIN PRIVATE"
            + " KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY.pem -out KEY-pkcs8.pem",
        List.of("--tls-cert", notPem.toString(), "--tls-key", pair.key().toString()),
        "cannot use " + notPem + " (--tls-cert): ",
        List.of("--tls-cert", pair.cert().toString(), "--tls-key", notPem.toString()),
        "cannot use " + notPem + " (--tls-key): no private key in it",
        List.of("--tls-cert", pair.cert().toString(), "--tls-key", pair.cert().toString()),
        "cannot use " + pair.cert() + " (--tls-key): no private key in it",
        List.of("--tls-cert", pair.cert().toString(), "--tls-key", stranger.key().toString()),
        "the key in " + stranger.key() + " (--tls-key) does not belong to the certificate in " + pair.cert());
    for (Map.Entry<List<String>, String> refusal : refusals.entrySet()) {
      HubProcess.Finished run = HubProcess.runToExit(work, concat(server, refusal.getKey().toArray(String[]::new)));
      assertThat(run.code()).as("%s", refusal.getKey()).isEqualTo(1);
      assertThat(run.err().lines().toList()).as("%s", refusal.getKey()).hasSize(1)
          .allSatisfy(l -> assertThat(l).startsWith("hephd: ").contains(refusal.getValue()));
      assertThat(run.out()).as("%s", refusal.getKey()).doesNotContain("serving");
    }
    assertThat(db).as("nothing was opened").doesNotExist();

    HubProcess.Finished caOnServer = HubProcess.runToExit(work, concat(server, "--ca-file", ca.caCert.toString()));
    assertThat(caOnServer.code()).isEqualTo(2);
    assertThat(caOnServer.err()).contains("--ca-file is for --mode local");
  }

  @Test
  void aHubOthersCanReachWarnsAboutPlainHttpButNotOverTls(@TempDir Path work) {
    TestCertificates.Pair pair = ca.server("wide", "IP:127.0.0.1", "EC");
    try (HubProcess plain = HubProcess.start(work.resolve("plain.db"), List.of(),
            List.of("--http-addr", "0.0.0.0:0", "--auth", "token"));
        HubProcess tls = HubProcess.start(work.resolve("tls.db"), List.of(), List.of("--http-addr", "0.0.0.0:0", "--auth", "token",
            "--tls-cert", pair.cert().toString(), "--tls-key", pair.key().toString()))) {
      assertThat(plain.stderr().lines().filter(l -> l.contains("WARNING")).toList()).singleElement()
          .satisfies(l -> assertThat(l).contains("plain HTTP").contains("clear text").contains("--tls-cert/--tls-key")
              .contains("reverse proxy"));
      assertThat(tls.url()).startsWith("https://0.0.0.0:");
      assertThat(tls.stderr()).doesNotContain("WARNING");
    }
  }

  @Test
  void anExpiredCertificateIsServedWithAWarning(@TempDir Path work) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-keystore", "old.p12", "-storetype", "PKCS12", "-storepass",
        "changeit", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=old", "-ext",
        "san=ip:127.0.0.1", "-startdate", "-10d", "-validity", "1").directory(work.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor()).isZero();
    Path cert = work.resolve("old.pem");
    Path key = work.resolve("old.key");
    p = new ProcessBuilder(keytool, "-exportcert", "-rfc", "-keystore", "old.p12", "-storepass", "changeit", "-alias",
        "hub", "-file", cert.toString()).directory(work.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(p.waitFor()).isZero();
    Files.writeString(key, TestCertificates.run(work, "pkcs12", "-in", "old.p12", "-passin", "pass:changeit",
        "-nocerts", "-nodes"));
    try (HubProcess old = HubProcess.start(work.resolve("old.db"), List.of(), List.of("--http-addr", "127.0.0.1:0",
        "--tls-cert", cert.toString(), "--tls-key", key.toString()))) {
      assertThat(old.url()).startsWith("https://");
      assertThat(old.stderr()).containsOnlyOnce("WARNING")
          .contains("hephd: WARNING: the certificate in " + cert + " expired on ").contains("clients will refuse it");
    }
  }

  private static List<String> concat(List<String> first, String... more) {
    List<String> all = new java.util.ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }
}
