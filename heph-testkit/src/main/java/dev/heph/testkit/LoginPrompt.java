package dev.heph.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a test acting as the person needs from {@code heph login}'s device flow: the address and
 * code the CLI prints, and the form secret of the hub's approval page.
 */
public record LoginPrompt(String verificationUri, String userCode) {
  private static final Pattern PROMPT = Pattern.compile("Open (https?://\\S+/device) and enter ([A-Z]{4}-[A-Z]{4})");
  private static final Pattern SECRET = Pattern.compile("name=\"secret\" value=\"([^\"]+)\"");
  private static final long TIMEOUT_NANOS = 60_000_000_000L;

  /** Waits (up to 60 s) for the running {@code heph login} to print its prompt on stderr. */
  public static LoginPrompt await(HephCli.Running login) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    while (System.nanoTime() < deadline) {
      String err;
      try {
        err = Files.exists(login.err()) ? Files.readString(login.err()) : "";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Matcher m = PROMPT.matcher(err);
      if (m.find()) {
        return new LoginPrompt(m.group(1), m.group(2));
      }
      if (!login.isAlive()) {
        throw new AssertionError("heph login ended before prompting: " + err);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("heph login printed no prompt in 60 s");
  }

  /** The approval form's secret in a page of the hub's {@code /device}. */
  public static String formSecret(String page) {
    Matcher m = SECRET.matcher(page);
    if (!m.find()) {
      throw new AssertionError("no form secret in " + page);
    }
    return m.group(1);
  }
}
