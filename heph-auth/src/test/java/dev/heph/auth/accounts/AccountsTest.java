package dev.heph.auth.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.auth.Principal;
import dev.heph.core.HephException;
import dev.heph.testkit.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsTest {
  @TempDir Path dir;

  private HubLayout layout() {
    return new HubLayout(dir.resolve("hub.db"));
  }

  @Test
  void theFirstUserEverOwnsTheHubDatabaseAndOthersGetTheirOwnFile() {
    try (Accounts accounts = Accounts.open(layout())) {
      assertThat(accounts.owner()).isEmpty();
      User alice = accounts.addUser("alice");
      User bob = accounts.addUser("bob_b@example.org");
      assertThat(alice.id()).matches("u_[0-9a-f]{16}");
      assertThat(accounts.owner()).contains(alice.id());
      assertThat(accounts.storeOf(alice.id())).isEqualTo(dir.resolve("hub.db").toAbsolutePath());
      assertThat(accounts.storeOf(bob.id())).isEqualTo(dir.resolve("hub.db.users").resolve(bob.id() + ".db")
          .toAbsolutePath());
      // Removing the owner hands the hub database to nobody else.
      accounts.removeUser("alice");
      User carol = accounts.addUser("carol");
      assertThat(accounts.owner()).contains(alice.id());
      assertThat(accounts.storeOf(carol.id())).isNotEqualTo(accounts.storeOf(alice.id()));
      assertThat(accounts.users()).extracting(User::name).containsExactly("alice", "bob_b@example.org", "carol");
    }
  }

  @Test
  void namesAreCheckedUniqueAndAUsersIdIsNeverReused() {
    try (Accounts accounts = Accounts.open(layout())) {
      for (String bad : List.of("", "has space", "x".repeat(65), "tab\t", "é", "u_0123456789abcdef")) {
        assertThatThrownBy(() -> accounts.addUser(bad)).as(bad).isInstanceOf(HephException.InvalidInput.class);
      }
      User first = accounts.addUser("alice");
      assertThatThrownBy(() -> accounts.addUser("alice")).isInstanceOf(HephException.InvalidInput.class)
          .hasMessageContaining("exists already");
      accounts.removeUser(first.id());
      User again = accounts.addUser("alice");
      assertThat(again.id()).isNotEqualTo(first.id());
      assertThat(accounts.user("alice")).isEqualTo(again);
      assertThat(accounts.user(first.id()).removed()).isNotNull();
      assertThat(accounts.users()).hasSize(2);
      assertThatThrownBy(() -> accounts.user("nobody")).isInstanceOf(HephException.NotFound.class)
          .hasMessage("no user 'nobody' (see hephd user list)");
      assertThatThrownBy(() -> accounts.removeUser(first.id())).isInstanceOf(HephException.InvalidInput.class);
    }
  }

  @Test
  void aTokenIsARecognisableSecretStoredOnlyAsItsHash() throws Exception {
    IssuedToken issued;
    try (Accounts accounts = Accounts.open(layout())) {
      accounts.addUser("alice");
      issued = accounts.createToken("alice", "laptop");
      assertThat(issued.secret()).matches("heph_[A-Za-z0-9_-]{43}");
      assertThat(issued.token().id()).matches("t_[0-9a-f]{12}");
      assertThat(issued.toString()).doesNotContain(issued.secret().substring(5));
      assertThat(accounts.authenticate(issued.secret())).contains(
          new Principal(issued.token().userId(), "alice", "laptop", Principal.Via.TOKEN));
      assertThat(accounts.tokens(null)).singleElement().satisfies(t -> {
        assertThat(t.device()).isEqualTo("laptop");
        assertThat(t.userName()).isEqualTo("alice");
        assertThat(t.toString()).doesNotContain(issued.secret().substring(5));
      });
    }
    // Neither the database nor its WAL holds the secret, only its hash.
    String secretPart = issued.secret().substring(5);
    for (Path f : List.of(layout().accounts(), Path.of(layout().accounts() + "-wal"))) {
      if (Files.exists(f)) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
            .doesNotContain(secretPart);
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + layout().accounts());
        Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT sha256 FROM tokens")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo(TokenSecret.hex(TokenSecret.sha256(issued.secret())));
    }
  }

  @Test
  void unknownMalformedRevokedAndRemovedUsersTokensAreAllRefusedAlike() {
    try (Accounts accounts = Accounts.open(layout())) {
      accounts.addUser("alice");
      accounts.addUser("bob");
      IssuedToken a = accounts.createToken("alice", "laptop");
      IssuedToken b = accounts.createToken("bob", "phone");
      String unknown = TokenSecret.mint();
      String sameShapeOneCharOff = a.secret().substring(0, a.secret().length() - 1)
          + (a.secret().endsWith("A") ? "B" : "A");
      for (String bad : List.of("", "heph_", "heph_short", a.secret() + "x", "x" + a.secret(), unknown,
          sameShapeOneCharOff, a.secret().toUpperCase())) {
        assertThat(accounts.authenticate(bad)).as(bad).isEmpty();
      }
      assertThat(accounts.authenticate(null)).isEmpty();
      DeviceToken revoked = accounts.revokeToken(a.token().id());
      assertThat(revoked.revoked()).isNotNull();
      assertThat(accounts.authenticate(a.secret())).isEmpty();
      // Revoking again keeps the first time; an unknown id is a clear not-found.
      assertThat(accounts.revokeToken(a.token().id()).revoked()).isEqualTo(revoked.revoked());
      assertThatThrownBy(() -> accounts.revokeToken("t_000000000000")).isInstanceOf(HephException.NotFound.class);
      assertThat(accounts.authenticate(b.secret())).isPresent();
      accounts.removeUser("bob");
      assertThat(accounts.authenticate(b.secret())).isEmpty();
      assertThatThrownBy(() -> accounts.tokens("u_" + "0".repeat(16))).isInstanceOf(HephException.NotFound.class)
          .hasMessageContaining("no user 'u_0000000000000000'");
    }
  }

  @Test
  void lastUsedIsWrittenAtMostOnceAMinute() {
    TestClock clock = new TestClock(Instant.parse("2026-11-28T10:00:00Z"));
    try (Accounts accounts = Accounts.open(layout(), clock)) {
      accounts.addUser("alice");
      IssuedToken t = accounts.createToken("alice", "laptop");
      assertThat(accounts.tokens("alice").getFirst().lastUsed()).isNull();
      accounts.authenticate(t.secret());
      assertThat(accounts.tokens("alice").getFirst().lastUsed()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
      clock.advance(59_000);
      accounts.authenticate(t.secret());
      assertThat(accounts.tokens("alice").getFirst().lastUsed()).isEqualTo(Instant.parse("2026-11-28T10:00:00Z"));
      clock.advance(2_000);
      accounts.authenticate(t.secret());
      assertThat(accounts.tokens("alice").getFirst().lastUsed()).isEqualTo(Instant.parse("2026-11-28T10:01:01Z"));
    }
  }

  @Test
  void aCommandsConnectionAndTheHubsWorkAtOnce() throws Exception {
    try (Accounts hub = Accounts.open(layout()); Accounts command = Accounts.open(layout())) {
      command.addUser("alice");
      IssuedToken t = command.createToken("alice", "laptop");
      // The hub sees what the other connection committed, on its next call: nothing is cached.
      assertThat(hub.authenticate(t.secret())).isPresent();
      command.revokeToken(t.token().id());
      assertThat(hub.authenticate(t.secret())).isEmpty();

      // Both write at once, many times: the busy timeout queues them, no write fails or is lost.
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> work = new ArrayList<>();
        for (Accounts side : List.of(hub, command)) {
          String prefix = side == hub ? "h" : "c";
          work.add(pool.submit(() -> {
            for (int i = 0; i < 50; i++) {
              side.addUser(prefix + i);
              side.createToken(prefix + i, "d");
            }
          }));
        }
        for (Future<?> f : work) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      assertThat(hub.users()).hasSize(101);
      assertThat(command.tokens(null)).hasSize(101);
    }
  }

  @Test
  void theFilesArePrivateAndAForeignFileIsNotTouched() throws Exception {
    Path deep = dir.resolve("new-folder").resolve("hub.db");
    try (Accounts accounts = Accounts.open(new HubLayout(deep))) {
      accounts.addUser("alice");
      Path file = deep.resolveSibling("hub.db.accounts");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      for (String side : List.of("-wal", "-shm")) {
        Path f = Path.of(file + side);
        assertThat(f).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(side).isEqualTo("rw-------");
      }
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(deep.getParent()))).isEqualTo("rwx------");
    }
    Path loose = dir.resolve("loose.db.accounts");
    Files.createFile(loose, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    try (Accounts accounts = Accounts.open(new HubLayout(dir.resolve("loose.db")))) {
      assertThat(accounts.notices()).singleElement().asString().contains("tightened permissions");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(loose))).isEqualTo("rw-------");
    }

    Path foreign = dir.resolve("photos.db.accounts");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)");
    }
    byte[] before = Files.readAllBytes(foreign);
    assertThatThrownBy(() -> Accounts.open(new HubLayout(dir.resolve("photos.db"))))
        .isInstanceOf(HephException.StoreFailure.class).hasMessageContaining("not a heph accounts database");
    assertThat(Files.readAllBytes(foreign)).isEqualTo(before);
  }

  @Test
  void aPathWithAQuestionMarkIsTheFileItNames() {
    Path odd = dir.resolve("a?mode=ro&x y").resolve("hub.db");
    try (Accounts accounts = Accounts.open(new HubLayout(odd))) {
      accounts.addUser("alice");
    }
    assertThat(odd.resolveSibling("hub.db.accounts")).exists();
    try (Accounts again = Accounts.open(new HubLayout(odd))) {
      assertThat(again.user("alice")).isNotNull();
      assertThat(again.owner()).isEqualTo(Optional.of(again.user("alice").id()));
    }
  }
}
