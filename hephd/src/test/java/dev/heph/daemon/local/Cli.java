package dev.heph.daemon.local;

import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real {@code heph} CLI for these tests, as static calls: every run names its {@code --db} or
 * {@code --socket}, so one sandbox (under target/) serves the whole test JVM.
 */
final class Cli {
  private Cli() {}

  private static final HephCli CLI = new HephCli(sandbox());

  static HephCli.Result run(String... args) {
    return CLI.run(args);
  }

  private static Path sandbox() {
    try {
      Path target = Path.of("target");
      return Files.isDirectory(target) ? Files.createTempDirectory(target, "local-cli-") : Files.createTempDirectory("local-cli-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
