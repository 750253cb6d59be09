package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Sqlite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notes from the terminal: {@code heph edit ID} in the person's editor (an {@code EDITOR} script
 * written here, which edits the file with sed as a person would), {@code --body -} from standard
 * input, and {@code heph note append}.
 */
class CliNotesTest {
  @TempDir static Path dir;
  static HephCli cli;
  static Path db;
  static int scripts;

  @BeforeAll
  static void setUp() {
    cli = new HephCli(dir);
    db = dir.resolve("notes.db");
  }

  /** A shell script in the sandbox that runs {@code body} with the file to edit as $1. */
  private static String script(String body) throws IOException {
    Path script = cli.home().resolve("editor-" + ++scripts + ".sh");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script.toString();
  }

  /** Runs {@code heph --db DB ARGS} with {@code $EDITOR} (and no {@code $VISUAL}) set to {@code editor}. */
  private static HephCli.Result withEditor(String editor, String... args) {
    return cli.env("VISUAL", null).env("EDITOR", editor).on(db, args);
  }

  private static String add(String... args) {
    return cli.on(db, args).ok().outLines().getFirst();
  }

  private static Map<String, Object> node(String id) {
    return Shapes.node(cli.on(db, "show", id, "--json").ok().json());
  }

  @Test
  void theEditorChangesTitleAndBodyOnAPrivateFileThatIsRemovedAfterwards() throws IOException {
    String id = add("add", "Plan the trip", "--body", "first idea");
    Path seen = cli.home().resolve("seen.txt");
    Path modes = cli.home().resolve("modes.txt");
    String editor = script("cp \"$1\" " + seen + "\n"
        + "stat -c '%a' \"$1\" \"$(dirname \"$1\")\" > " + modes + "\n"
        + "echo \"$(dirname \"$1\")\" >> " + modes + "\n"
        + "sed -i -e '1s/.*/Plan the summer trip/' -e 's/^first idea$/train to Lyon\\nthen Turin/' \"$1\"");
    long ops = Sqlite.opCount(db);

    HephCli.Result r = withEditor(editor, "edit", id).ok();

    assertThat(r.outLines()).containsExactly(id + "  Plan the summer trip: updated");
    assertThat(Files.readString(seen)).startsWith("Plan the trip\n\nfirst idea\n\n# ").contains("# Lines starting with '#'");
    assertThat(Files.readAllLines(modes)).startsWith("600", "700");
    assertThat(Path.of(Files.readAllLines(modes).get(2))).as("the editor's folder, removed").doesNotExist();
    assertThat(node(id)).containsEntry("title", "Plan the summer trip").containsEntry("body", "train to Lyon\nthen Turin");
    assertThat(Sqlite.opCount(db)).as("one op for the title, one for the body").isEqualTo(ops + 2);
  }

  @Test
  void visualComesBeforeEditorAndJsonPrintsTheNode() throws IOException {
    String id = add("add", "--note", "Reading list");
    String visual = script("sed -i -e '1s/.*/Books/' -e '2a Dune' \"$1\"");
    HephCli.Result r = cli.env("VISUAL", visual).env("EDITOR", script("exit 1")).on(db, "edit", id, "--json").ok();
    assertThat(Shapes.node(r.json())).containsEntry("title", "Books").containsEntry("body", "Dune");
  }

  @Test
  void anUnchangedFileChangesNothingAndSaysSoEvenWithHeadingsInTheBody() throws IOException {
    String id = add("add", "#42 fix the build", "--body", "# Steps\n\\# not a comment\nrun it");
    String before = Db.opsDump(db);
    assertThat(withEditor("true", "edit", id).ok().outLines()).containsExactly(id + "  #42 fix the build: no changes");
    // The file is saved changed (a comment line removed) but its title and body read back the same.
    assertThat(withEditor(script("sed -i '$d' \"$1\""), "edit", id).ok().outLines())
        .containsExactly(id + "  #42 fix the build: no changes");
    assertThat(Db.opsDump(db)).isEqualTo(before);
    assertThat(node(id)).containsEntry("body", "# Steps\n\\# not a comment\nrun it");

    // Editing the body keeps the lines that start with '#'.
    withEditor(script("sed -i 's/^run it$/run it twice/' \"$1\""), "edit", id).ok();
    assertThat(node(id)).containsEntry("title", "#42 fix the build")
        .containsEntry("body", "# Steps\n\\# not a comment\nrun it twice");
  }

  @Test
  void anEmptyTitleOrAFailedEditorChangesNothing() throws IOException {
    String id = add("add", "Keep me", "--body", "as I am");
    String emptying = script("sed -i '1s/.*//' \"$1\"");
    HephCli.Result empty = Db.unchanged(db, () -> withEditor(emptying, "edit", id));
    assertThat(empty.userError().message()).isEqualTo("heph: the title is empty, so nothing was changed");

    String failing = script("sed -i '1s/.*/Changed/' \"$1\"; exit 1");
    HephCli.Result failed = Db.unchanged(db, () -> withEditor(failing, "edit", id));
    assertThat(failed.userError().message()).isEqualTo("heph: the editor (" + failing
        + ") exited with status 1; nothing was changed");
    assertThat(node(id)).containsEntry("title", "Keep me").containsEntry("body", "as I am");
  }

  @Test
  void bodyDashReadsStandardInputForAddAndEdit() {
    byte[] text = "Zweite Zeile: grüße\nline two\n\n".getBytes(StandardCharsets.UTF_8);
    String id = cli.onWithInput(db, text, "add", "--note", "From a pipe", "--body", "-").ok().outLines().getFirst();
    assertThat(node(id)).containsEntry("body", "Zweite Zeile: grüße\nline two");

    cli.onWithInput(db, "replaced".getBytes(StandardCharsets.UTF_8), "edit", id, "--body", "-").ok();
    assertThat(node(id)).containsEntry("body", "replaced");
  }

  @Test
  void standardInputThatIsNotUtf8IsRefusedAndNothingIsStored() {
    String id = add("add", "Untouched", "--body", "as it was");
    byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    for (String[] args : new String[][] {{"add", "Never stored", "--body", "-"}, {"edit", id, "--body", "-"},
        {"note", "append", id, "-"}}) {
      HephCli.Result r = Db.unchanged(db, () -> cli.onWithInput(db, latin1, args));
      assertThat(r.userError().message()).isEqualTo("heph: standard input is not valid UTF-8 (truncated sequence at"
          + " the end (lead byte 0xE9) at byte 3); heph takes text in UTF-8 only");
    }
    assertThat(node(id)).containsEntry("body", "as it was");
  }

  @Test
  void noteAppendAddsAParagraphInOneOp() {
    String id = add("add", "Call the landlord");
    long ops = Sqlite.opCount(db);
    assertThat(cli.on(db, "note", "append", id, "No", "answer", "on", "Monday").ok().outLines())
        .containsExactly(id + "  Call the landlord: note appended");
    HephCli.Result json = cli.onWithInput(db, "He comes Friday\n".getBytes(StandardCharsets.UTF_8), "note", "append",
        id.substring(0, 20), "-", "--json").ok();
    assertThat(Shapes.node(json.json())).containsEntry("body", "No answer on Monday\n\nHe comes Friday");
    assertThat(Sqlite.opCount(db)).isEqualTo(ops + 2);

    assertThat(Db.unchanged(db, () -> cli.on(db, "note", "append", id, " ")).userError().message())
        .isEqualTo("heph: nothing to append: the text is empty");
    assertThat(cli.on(db, "note", "--help").ok().out()).contains("append");
    assertThat(cli.on(db, "note", "append", "--help").ok().out()).contains("ID", "TEXT", "standard input");
  }
}
