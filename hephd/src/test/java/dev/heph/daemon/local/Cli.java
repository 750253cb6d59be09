package dev.heph.daemon.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code heph} CLI (dev.heph.cli.Main) in its own JVM. */
final class Cli {
  private Cli() {}

  record Result(int exit, String out, String err) {
    Result ok() {
      if (exit != 0) {
        throw new AssertionError("heph exited " + exit + "; stdout: " + out + "\nstderr: " + err);
      }
      return this;
    }
  }

  static Result run(String... args) {
    ProcessBuilder pb = new ProcessBuilder(ChildJvm.command("dev.heph.cli.Main",
        List.of("-XX:TieredStopAtLevel=1", "-Xss512k"), List.of(args)));
    pb.environment().remove("HEPH_DB");
    try {
      Process p = ChildJvm.start(pb);
      p.getOutputStream().close();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
      String out = drain(p.getInputStream());
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("heph " + List.of(args) + " did not finish in 60 s");
      }
      return new Result(p.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String drain(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
