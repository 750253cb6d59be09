package dev.heph.cli;

import dev.heph.core.HephException.InvalidInput;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The optional config file, {@code $XDG_CONFIG_HOME/heph/config} (else {@code ~/.config/heph/config}):
 * {@code key = value} lines, {@code #} comments, blank lines. Each setting is used only where no
 * flag and no environment variable gave one (flag &gt; env &gt; config &gt; default). A missing file is
 * no config; a bad line is an error naming the file and the line.
 */
record Config(Path file, Map<String, String> values) {
  static final String DB = "db";
  static final String REPORT = "report";
  static final String COLOR = "color";
  static final String HUB_URL = "hub.url";
  static final List<String> KEYS = List.of(DB, REPORT, COLOR, HUB_URL);

  /** How colour is chosen: detected, forced on, or off. */
  enum Color {
    AUTO, ALWAYS, NEVER;

    static Optional<Color> parse(String s) {
      for (Color c : values()) {
        if (c.name().equalsIgnoreCase(s)) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }
  }

  /** The config file this environment names (which need not exist). */
  static Path location(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "heph", "config");
    }
    String home = env.get("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".config", "heph", "config");
  }

  /** Reads the config file the environment names; no file, no settings (and nothing else read). */
  static Config load(Map<String, String> env) {
    Path file;
    try {
      file = location(env);
    } catch (InvalidPathException e) {
      throw new InvalidInput("cannot use $XDG_CONFIG_HOME as a folder: " + e.getReason());
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (NoSuchFileException e) {
      return new Config(file, Map.of());
    } catch (CharacterCodingException e) {
      throw new InvalidInput(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new InvalidInput("cannot read the config file " + file + ": " + e.getMessage());
    }
    return parse(file, text, env.get("HOME"));
  }

  /** Parses the file's text; {@code ~/} at the start of {@code db} is the home folder. */
  static Config parse(Path file, String text, String home) {
    Map<String, String> values = new HashMap<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1) + ": ";
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new InvalidInput(where + "expected 'key = value', got '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (!KEYS.contains(key)) {
        Optional<String> nearest = Suggest.nearest(key, KEYS);
        throw new InvalidInput(where + "unknown key '" + key + "'" + (nearest.isPresent() ? Failures.didYouMean(nearest)
            : " (keys: " + String.join(", ", KEYS) + ")"));
      }
      if (value.isEmpty()) {
        throw new InvalidInput(where + key + " has no value");
      }
      if (values.containsKey(key)) {
        throw new InvalidInput(where + key + " is set twice");
      }
      if (key.equals(COLOR) && Color.parse(value).isEmpty()) {
        throw new InvalidInput(where + "bad color '" + value + "': use auto, always or never");
      }
      if (key.equals(REPORT) && !Main.COMMANDS.containsKey(value.split("\\s+")[0])) {
        throw new InvalidInput(where + "bad report '" + value + "': name a heph command and its options, e.g. list --tag work");
      }
      if (key.equals(DB) && value.startsWith("~/") && home != null) {
        value = home + value.substring(1);
      }
      values.put(key, value);
    }
    return new Config(file, Map.copyOf(values));
  }

  private static Config current;

  /** This process's config, read on first use from the file the environment names. */
  static Config current() {
    if (current == null) {
      current = load(System.getenv());
    }
    return current;
  }

  /**
   * The colour setting every renderer asks: {@code flag} is {@code --color}'s value (null when not
   * given); then {@code $NO_COLOR}, the config file, auto. Whether AUTO means colour is the
   * renderer's to decide (a terminal on stdout).
   */
  static Color colorSetting(String flag) {
    if (flag != null) { // a flag wins: the file is not read for it
      return Color.parse(flag).orElseThrow(() -> new InvalidInput(
          "--color must be auto, always or never, not '" + dev.heph.core.text.TerminalText.line(flag) + "'"));
    }
    return current().color(System.getenv());
  }

  /** The default report's words ({@code heph} with no command): the file's {@code report}, else {@code fallback}. */
  static List<String> report(String fallback) {
    String report = current().get(REPORT);
    return List.of((report == null ? fallback : report).split("\\s+"));
  }

  /** A setting, or null when the file does not set it. */
  String get(String key) {
    return values.get(key);
  }

  /** With no flag: never under {@code $NO_COLOR} (set and not empty), else the file's {@code color}, else auto. */
  Color color(Map<String, String> env) {
    String noColor = env.get("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return Color.NEVER;
    }
    String configured = get(COLOR);
    return configured == null ? Color.AUTO : Color.parse(configured).orElseThrow();
  }
}
