package dev.heph.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What standard output is: whether to colour it, and its width and height in cells (0: unknown,
 * so tables are not fitted and reports are not cut to a screen).
 *
 * <p>Detection costs one {@code readlink}: no {@code stty}/{@code tput} process, no native call
 * (an FFM {@code ioctl} costs ~180 ms on a cold JVM, a spawned {@code stty} ~70 ms). The size
 * comes from {@code COLUMNS}/{@code LINES}, which heph's launcher exports from bash's
 * {@code checkwinsize} when stdout is a terminal; a terminal without them is taken as 80x24.
 */
record Terminal(boolean colour, int width, int height) {

  /** Output that is not a terminal and has no known size: plain text, nothing fitted. */
  static final Terminal PLAIN = new Terminal(false, 0, 0);

  private static final int DEFAULT_WIDTH = 80;
  private static final int DEFAULT_HEIGHT = 24;

  /** This process's standard output under {@code choice} and the environment {@code env}. */
  static Terminal detect(Config.Color choice, Map<String, String> env) {
    return of(choice, env, stdoutIsTerminal());
  }

  /** As {@link #detect}, with whether stdout is a terminal given (for tests). */
  static Terminal of(Config.Color choice, Map<String, String> env, boolean tty) {
    boolean colour = switch (choice) {
      case ALWAYS -> true;
      case NEVER -> false;
      // https://no-color.org: any non-empty NO_COLOR turns colour off (Config.colorSetting says NEVER
      // then; checked here too for callers that pass AUTO); so does a dumb terminal.
      case AUTO -> tty && env.getOrDefault("NO_COLOR", "").isEmpty() && !"dumb".equals(env.get("TERM"));
    };
    int width = cells(env.get("COLUMNS"));
    int height = cells(env.get("LINES"));
    if (tty) {
      width = width > 0 ? width : DEFAULT_WIDTH;
      height = height > 0 ? height : DEFAULT_HEIGHT;
    }
    return new Terminal(colour, width, height);
  }

  private static int cells(String value) {
    if (value == null || value.isEmpty() || value.length() > 5 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return 0;
    }
    return Integer.parseInt(value);
  }

  /** Whether fd 1 is a terminal: on Linux its /proc link names a tty device, elsewhere the JVM's console. */
  private static boolean stdoutIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.startsWith("/dev/console");
    } catch (IOException | UnsupportedOperationException e) {
      return System.console() != null;
    }
  }
}
