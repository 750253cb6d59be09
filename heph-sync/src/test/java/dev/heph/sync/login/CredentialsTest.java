package dev.heph.sync.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.HephException;
import dev.heph.sync.spoke.HubTrust;
import dev.heph.testkit.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login file beside a replica: where it is, its mode, its atomic rewrite, and which hubs get its token. */
class CredentialsTest {
  @TempDir
  Path dir;

  @Test
  void aTokenGoesOnlyToTheSameSchemeHostAndPort() {
    Credentials c = new Credentials("http://127.0.0.1:7878", "heph_x", null);
    assertThat(c.issuedFor("http://127.0.0.1:7878")).isTrue();
    assertThat(c.issuedFor("http://127.0.0.1:7878/")).isTrue();
    assertThat(c.issuedFor("HTTP://127.0.0.1:7878/some/prefix")).isTrue();
    assertThat(c.issuedFor("https://127.0.0.1:7878")).as("scheme").isFalse();
    assertThat(c.issuedFor("http://localhost:7878")).as("host").isFalse();
    assertThat(c.issuedFor("http://127.0.0.1:7879")).as("port").isFalse();
    assertThat(c.issuedFor("http://127.0.0.1")).as("default port 80").isFalse();
    assertThat(c.issuedFor("not a url")).isFalse();

    Credentials https = new Credentials("https://Hub.Example.org", "heph_x", null);
    assertThat(https.issuedFor("https://hub.example.org:443")).as("default port, host case").isTrue();
    assertThat(https.issuedFor("http://hub.example.org:443")).isFalse();
    assertThat(https.issuedFor("https://hub.example.org.evil.net")).isFalse();
    assertThat(https.issuedFor("https://evil.net@hub.example.org")).isTrue(); // user info is not the host
    assertThat(https.issuedFor("https://hub.example.org@evil.net")).isFalse();
  }

  @Test
  void savedPrivatelyInANewFolderAndReadBack() throws IOException {
    Path db = dir.resolve("new/heph.db");
    Path file = new Credentials("https://hub.example.org", "heph_secret", "/etc/ca.pem").save(db);
    assertThat(file).isEqualTo(dir.resolve("new/heph.db.login"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    assertThat(Credentials.load(db)).contains(new Credentials("https://hub.example.org", "heph_secret", "/etc/ca.pem"));

    new Credentials("https://other.example.org", "heph_new", null).save(db);
    assertThat(Credentials.load(db).orElseThrow().token()).isEqualTo("heph_new");
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("heph.db.login");
    }
    assertThat(Credentials.tokenFor(db, "https://other.example.org")).contains("heph_new");
    assertThat(Credentials.tokenFor(db, "https://hub.example.org")).isEmpty();
  }

  @Test
  void theLoginsCaFileIsWhatItsHubIsTrustedWith() {
    assertThat(new Credentials("https://hub.example.org", "heph_x", null).trust()).isEqualTo(HubTrust.systemDefault());
    TestCertificates ca = TestCertificates.newCa(dir, "login");
    HubTrust trust = new Credentials("https://hub.example.org", "heph_x", ca.caCert.toString()).trust();
    assertThat(trust).isInstanceOfSatisfying(HubTrust.CaFile.class, f -> {
      assertThat(f.path()).isEqualTo(ca.caCert);
      assertThat(f.certificates()).hasSize(1);
    });
    Path gone = dir.resolve("gone.pem");
    assertThatThrownBy(() -> new Credentials("https://hub.example.org", "heph_x", gone.toString()).trust())
        .isInstanceOf(HephException.InvalidInput.class).hasMessage("cannot read CA file " + gone + ": no such file");
  }

  @Test
  void aFileOthersCouldReadIsTightenedWhenRead() throws IOException {
    Path db = dir.resolve("heph.db");
    Path file = new Credentials("https://hub.example.org", "heph_secret", null).save(db);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Credentials.load(db);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void noFileIsNoLoginAndDeleteSaysWhetherThereWasOne() {
    Path db = dir.resolve("heph.db");
    assertThat(Credentials.load(db)).isEmpty();
    assertThat(Credentials.delete(db)).isFalse();
    new Credentials("https://hub.example.org", "heph_secret", null).save(db);
    assertThat(Credentials.delete(db)).isTrue();
    assertThat(Credentials.load(db)).isEmpty();
  }

  @Test
  void theTokenIsNeverInToString() {
    assertThat(new Credentials("https://hub.example.org", "heph_secret", null).toString()).doesNotContain("heph_secret");
  }

  @Test
  void whatCannotBeABearerTokenIsRefused() {
    for (String bad : new String[] {"", "two words", "line\nbreak", "tab\t", "é", "x".repeat(8193)}) {
      assertThatThrownBy(() -> Credentials.checkToken(bad)).as(bad).isInstanceOf(HephException.InvalidInput.class);
    }
    Credentials.checkToken("heph_" + "A".repeat(43));
  }

  @Test
  void aDamagedFileIsAClearError() throws IOException {
    Path db = dir.resolve("heph.db");
    Files.write(Credentials.fileOf(db), new byte[] {'{', (byte) 0xC0, (byte) 0xAF, '}'});
    assertThatThrownBy(() -> Credentials.load(db)).isInstanceOf(HephException.InvalidInput.class)
        .hasMessageStartingWith("the login file " + Credentials.fileOf(db) + " is damaged (");
    Files.writeString(Credentials.fileOf(db), "{\"hub_url\":\"https://h\",\"token\":\"t\"} trailing");
    assertThatThrownBy(() -> Credentials.load(db)).hasMessageContaining("is damaged");
  }
}
