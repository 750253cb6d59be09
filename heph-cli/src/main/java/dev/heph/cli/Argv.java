package dev.heph.cli;

import dev.heph.core.HephException;
import dev.heph.core.text.Utf8;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments as the bytes they were typed in. The JVM decodes argv with the locale's charset and
 * puts U+FFFD in place of what it cannot decode: under the C locale (containers, cron, ssh without
 * a locale) every non-ASCII character of a title, under any locale bytes that are not UTF-8. On
 * Linux the bytes are in /proc/self/cmdline: heph decodes its arguments from there, as strict
 * UTF-8, and refuses one that is not UTF-8 instead of storing U+FFFD in its place. Elsewhere, or
 * when the two do not line up, the JVM's strings are used as they are.
 */
final class Argv {
  private Argv() {}

  private static final Path CMDLINE = Path.of("/proc/self/cmdline");

  /** {@code jvmArgs} decoded again from their bytes; an {@link HephException.InvalidInput} for bytes that are not UTF-8. */
  static String[] typed(String[] jvmArgs) {
    List<byte[]> all;
    try {
      all = split(Files.readAllBytes(CMDLINE));
    } catch (IOException | RuntimeException e) {
      return jvmArgs; // no /proc here: the JVM's decoding is all there is
    }
    if (all.size() < jvmArgs.length) {
      return jvmArgs;
    }
    List<byte[]> ours = all.subList(all.size() - jvmArgs.length, all.size());
    for (int i = 0; i < jvmArgs.length; i++) {
      if (!asciiOf(ours.get(i)).equals(asciiOf(jvmArgs[i]))) {
        return jvmArgs; // not the same arguments (an @argfile, a launcher that rewrote them): keep the JVM's
      }
    }
    String[] out = new String[jvmArgs.length];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = Utf8.decode(ours.get(i));
      } catch (Utf8.Malformed e) {
        throw new HephException.InvalidInput("argument " + (i + 1) + " is not valid UTF-8 (" + e.getMessage()
            + "); heph takes text in UTF-8 only");
      }
    }
    return out;
  }

  /** The entries of /proc/self/cmdline: each ends with a NUL byte. */
  private static List<byte[]> split(byte[] cmdline) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < cmdline.length; i++) {
      if (cmdline[i] == 0) {
        out.add(java.util.Arrays.copyOfRange(cmdline, start, i));
        start = i + 1;
      }
    }
    return out;
  }

  /** The ASCII characters of an argument, in order: the same for its bytes and for any decoding of them. */
  private static String asciiOf(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      if (b > 0) {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }

  private static String asciiOf(String s) {
    StringBuilder sb = new StringBuilder();
    s.chars().filter(c -> c > 0 && c < 0x80).forEach(c -> sb.append((char) c));
    return sb.toString();
  }
}
