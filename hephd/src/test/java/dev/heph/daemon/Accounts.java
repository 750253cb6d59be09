package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A hub's users and tokens made as an operator makes them: {@code hephd user|token ...} in a child JVM. */
final class Accounts {
  private Accounts() {}

  /** {@code hephd ARGS... --db HUBDB}, which must succeed; its stdout. */
  static String hephd(Path hubDb, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--db", hubDb.toString()));
    HubProcess.Finished r = HubProcess.runToExit(hubDb.toAbsolutePath().getParent(), all);
    assertThat(r.code()).as("hephd %s; err: %s", all, r.err()).isZero();
    return r.out();
  }

  /** Adds {@code user} and returns a new device token of theirs. */
  static String token(Path hubDb, String user) {
    hephd(hubDb, "user", "add", user);
    return newToken(hubDb, user, "laptop");
  }

  /** A new device token of an existing user. */
  static String newToken(Path hubDb, String user, String device) {
    String out = hephd(hubDb, "token", "create", user, "--device", device);
    assertThat(out).matches("heph_[A-Za-z0-9_-]{43}\\n");
    return out.strip();
  }
}
