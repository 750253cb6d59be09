package dev.heph.cli;

import dev.heph.core.HephException;
import dev.heph.core.text.Utf8;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The person's editor on a private temporary file, as {@code git commit} runs it: {@code $VISUAL},
 * else {@code $EDITOR}, else {@code vi}, run by {@code sh} so that a command with arguments
 * ({@code code --wait}) works, on the terminal heph runs on.
 */
final class Editor {
  private Editor() {}

  /** The editor command the environment names. */
  static String command(Map<String, String> env) {
    for (String name : new String[] {"VISUAL", "EDITOR"}) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "vi";
  }

  /**
   * Writes {@code text} to a file (0600) in a new folder (0700), lets the person edit it, and
   * returns what they saved; the folder is removed afterwards. An editor that exits with an
   * error aborts: nothing is returned.
   */
  static String edit(String text, Map<String, String> env) {
    String command = command(env);
    Path dir = null;
    try {
      dir = Files.createTempDirectory("heph-edit-", PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwx------")));
      Path file = Files.createFile(dir.resolve("heph-edit.txt"), PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, text, StandardCharsets.UTF_8);
      int status = run(command, file);
      if (status != 0) {
        throw new HephException.InvalidInput("the editor (" + command + ") exited with status " + status
            + "; nothing was changed");
      }
      return Utf8.decodeText(Files.readAllBytes(file));
    } catch (Utf8.Malformed e) {
      throw new HephException.InvalidInput("the edited file is not valid UTF-8 (" + e.getMessage()
          + "); nothing was changed");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      removeFolder(dir);
    }
  }

  private static int run(String command, Path file) throws IOException {
    Process editor;
    try {
      editor = new ProcessBuilder("/bin/sh", "-c", command + " \"$@\"", command, file.toString()).inheritIO().start();
    } catch (IOException e) {
      throw new HephException.InvalidInput("cannot run the editor (" + command + "): " + e.getMessage());
    }
    try {
      return editor.waitFor();
    } catch (InterruptedException e) {
      editor.destroy();
      Thread.currentThread().interrupt();
      throw new HephException.InvalidInput("interrupted while the editor ran; nothing was changed");
    }
  }

  /** Removes the folder and what the editor may have left in it (a backup file, a swap file). */
  private static void removeFolder(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a temporary folder left behind (private to its owner) is not worth failing the edit for
    }
  }
}
