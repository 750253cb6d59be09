package dev.heph.cli;

import static dev.heph.testkit.Sqlite.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpReader;
import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Looks into heph replicas from the test JVM: op log dumps and parsed ops, merges, file snapshots. */
final class Db {
  private Db() {}

  /** The op log, one "hlc body" line per op in insertion order: equal dumps mean an unchanged replica. */
  static String opsDump(Path db) {
    StringBuilder sb = new StringBuilder();
    query(db, "SELECT hlc, body FROM ops ORDER BY seq", rs -> sb.append(rs.getString(1)).append(' ')
        .append(rs.getString(2)).append('\n'));
    return sb.toString();
  }

  /** The op bodies of a replica, parsed, in insertion order. */
  static List<Op> ops(Path db) {
    List<Op> ops = new ArrayList<>();
    query(db, "SELECT body FROM ops ORDER BY seq", rs -> ops.add(OpReader.parse(rs.getString(1))));
    return ops;
  }

  /** Copies {@code from}'s whole op log into {@code to} as if received from a hub (as sync will). */
  static int merge(Path from, Path to) {
    List<Op> ops = ops(from);
    try (Heph heph = Heph.open(to)) {
      return heph.applyRemote(ops, "test");
    }
  }

  /**
   * Runs a command that must leave the database alone: the files of its directory keep their
   * names and bytes, and its op log stays the same. Returns the command's result.
   */
  static HephCli.Result unchanged(Path db, Supplier<HephCli.Result> command) {
    String ops = opsDump(db);
    Map<String, String> files = snapshot(db.toAbsolutePath().getParent());
    HephCli.Result result = command.get();
    assertThat(snapshot(db.toAbsolutePath().getParent())).as("files after heph %s", result.args()).isEqualTo(files);
    assertThat(opsDump(db)).as("op log after heph %s", result.args()).isEqualTo(ops);
    return result;
  }

  /** Every file in a directory (not recursive) with the SHA-256 of its bytes. */
  static Map<String, String> snapshot(Path dir) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : list.toList()) {
        if (Files.isRegularFile(p)) {
          files.put(p.getFileName().toString(), sha256(Files.readAllBytes(p)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
