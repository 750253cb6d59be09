package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --db} paths the operating system or SQLite refuses, run through a real process with the
 * launcher's JVM flags (its 512 KiB thread stack included): each is the usual one-line error with
 * exit 1 (never a crash of the JVM), and no file or folder appears anywhere.
 */
class CliHostilePathsTest {
  @TempDir Path dir;
  HephCli cli;
  Path place;

  @BeforeEach
  void setUp() throws IOException, InterruptedException {
    cli = new HephCli(dir);
    place = Files.createDirectories(dir.resolve("place"));
    Files.createSymbolicLink(place.resolve("loop1"), Path.of("loop2"));
    Files.createSymbolicLink(place.resolve("loop2"), Path.of("loop1"));
    Files.createSymbolicLink(place.resolve("dangling"), Path.of("nowhere.db"));
    Files.writeString(place.resolve("afile"), "not a folder\n");
    Files.createDirectories(place.resolve("folder"));
    assertThat(new ProcessBuilder("mkfifo", place.resolve("fifo").toString()).start().waitFor()).isZero();
  }

  /** Every path under the sandbox, links not followed. */
  private List<String> tree() {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(p -> !p.getFileName().toString().startsWith(".out-") && !p.getFileName().toString()
          .startsWith(".err-")).map(p -> dir.relativize(p) + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : ""))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void refused(String db, String... expected) {
    List<String> before = tree();
    HephCli.Result r = cli.on(Path.of(db), "add", "x");
    assertThat(r.code()).as("exit code for --db %s (139: the JVM crashed); stderr: %s", db, r.err()).isEqualTo(1);
    r.userError();
    assertThat(r.message()).as("for --db %s", db).doesNotContain("internal error").contains(expected);
    assertThat(tree()).as("files after --db %s", db).isEqualTo(before);
  }

  @Test
  void aLoopOfSymbolicLinksIsAnErrorNotACrash() {
    // SQLite resolves links by recursing with a 4 KiB buffer each: on a loop that overflowed the
    // launcher's 512 KiB stack and the JVM died of SIGSEGV without a word.
    refused(place.resolve("loop1").toString(), "symbolic links");
    refused(place.resolve("loop1/x.db").toString(), "symbolic links");
  }

  @Test
  void pathsThatCannotBeFiles() {
    refused(place.resolve("dangling").toString(), "symbolic link to a file that does not exist");
    refused(place.resolve("afile/x.db").toString(), "Not a directory");
    refused(place.resolve("folder").toString(), "is a directory");
    refused("", "is a directory");
    refused("/dev/null", "not a regular file");
    refused(place.resolve("fifo").toString(), "not a regular file");
  }

  @Test
  void pathsTooLongForTheFileSystemOrForSqlite() throws IOException {
    refused(place.resolve("n".repeat(256) + ".db").toString(), "File name too long");
    // Folders that exist: a --db in a folder that does not is refused for that, before its length.
    Path deep = Files.createDirectories(place.resolve(("d".repeat(200) + "/").repeat(3)));
    refused(deep.resolve("x.db").toString(), "SQLite takes at most 504");
    refused(place.resolve("a/".repeat(3000) + "x.db").toString(), "SQLite takes at most 504");
    refused(place + "/" + "./".repeat(2100) + "x.db", "File name too long");
  }

  @Test
  void bytesThatAreNotTextInThisLocaleAreRefusedRatherThanReplaced() {
    List<String> before = tree();
    // Java cannot pass these bytes itself; printf does. Java reads them as U+FFFD, and heph used to
    // create a file by that other name.
    HephCli.Result r = cli.runAfter("set -- \"$@\" --db \"$(printf '" + place + "/\\377\\376.db')\" add x").userError();
    // Refused where the arguments are read (they are not UTF-8), or, where the raw bytes of argv
    // cannot be had, where the path is (U+FFFD is not what was given).
    assertThat(r.message()).containsAnyOf("is not valid UTF-8", "not valid in this system's encoding");
    assertThat(tree()).isEqualTo(before);
  }

  @Test
  void aPathIsTakenLiterallyNotAsConnectionSettings() throws IOException {
    // sqlite-jdbc read "?..." in a path as settings and opened "q.db"; and "mode=memory" anywhere
    // in it as an in-memory database.
    Path question = place.resolve("q.db?journal_mode=DELETE");
    cli.on(question, "add", "kept").ok();
    Path memory = place.resolve("mode=memory.db");
    cli.on(memory, "add", "kept").ok();
    assertThat(question).isRegularFile();
    assertThat(memory).isRegularFile();
    assertThat(place.resolve("q.db")).doesNotExist();
    assertThat(cli.on(question, "list").ok().out()).contains("kept");
    assertThat(cli.on(memory, "list").ok().out()).contains("kept");
  }
}
