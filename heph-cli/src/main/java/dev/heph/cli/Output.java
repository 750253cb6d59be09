package dev.heph.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Node;
import dev.heph.core.NodeView;
import dev.heph.core.op.Json;
import dev.heph.core.text.TerminalText;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Standard output for one command: the whole answer or nothing. Everything a command prints is
 * held in memory and written to stdout only once the command has succeeded ({@link #commit}), so
 * a failure half-way through a listing (a damaged page, a bad filter) never leaves a script
 * reading half a JSON array. Human text is made terminal-safe ({@link TerminalText}) as it is
 * written out; JSON is written exactly. UTF-8 whatever the locale.
 */
final class Output {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 14);
  private PrintStream text;
  private JsonGenerator json;
  private boolean human;
  private boolean rendered;

  /** Human-readable text output. */
  PrintStream text() {
    if (rendered) {
      throw new IllegalStateException("rendered and plain text in one answer");
    }
    human = true;
    return printer();
  }

  /**
   * Text that is terminal-safe already, cell by cell, and may hold heph's own colour codes (see
   * {@link Table}): written as it is. A command uses this or {@link #text()}, never both.
   */
  PrintStream rendered() {
    if (human) {
      throw new IllegalStateException("rendered and plain text in one answer");
    }
    rendered = true;
    return printer();
  }

  /** A JSON generator; every document written through it ends with {@link #endDocument}. */
  JsonGenerator json() {
    if (json == null) {
      try {
        json = Json.FACTORY.createGenerator(buffer);
        json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return json;
  }

  /** Writes a JSON document given as text (e.g. a node as the store renders it). */
  void jsonText(String document) {
    printer().print(document);
    printer().print('\n');
  }

  /** Text heph made itself (a script, a man page), written exactly: nothing in it came from another device. */
  void raw(String text) {
    printer().print(text);
  }

  /** Writes JSON documents given as text as one JSON array. */
  Consumer<String> jsonArrayStart() {
    PrintStream p = printer();
    p.print('[');
    boolean[] first = {true};
    return element -> {
      if (!first[0]) {
        p.print(',');
      }
      first[0] = false;
      p.print(element);
    };
  }

  /** Closes the array begun by {@link #jsonArrayStart}. */
  void jsonArrayEnd() {
    printer().print("]\n");
  }

  /**
   * The outcome of a command that changed one node: the node as JSON, or "id  title: what". The
   * write returns both forms from its own transaction, so nothing is read twice.
   */
  void changed(NodeView.NodeAndJson changed, String what, boolean asJson) {
    if (asJson) {
      jsonText(changed.json());
    } else {
      Node node = changed.node();
      text().println(node.id() + "  " + Labels.title(node) + ": " + what);
    }
  }

  /** Ends a JSON document with a newline. */
  void endDocument() throws IOException {
    json.flush();
    buffer.write('\n');
  }

  /** Writes the whole answer to stdout; an error here (a full disk, a closed pipe) is thrown. */
  void commit() {
    try {
      if (json != null) {
        json.flush();
      }
      if (text != null) {
        text.flush();
      }
      if (buffer.size() == 0) {
        return;
      }
      @SuppressWarnings("resource") // stdout stays open for the JVM's other writers
      OutputStream stdout = new FileOutputStream(FileDescriptor.out);
      if (human) {
        stdout.write(TerminalText.block(buffer.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
      } else {
        buffer.writeTo(stdout);
      }
      stdout.flush();
    } catch (IOException e) {
      throw new OutputFailure(e);
    }
  }

  private PrintStream printer() {
    if (text == null) {
      text = new PrintStream(buffer, false, StandardCharsets.UTF_8);
    }
    return text;
  }

  /** Stdout refused the answer (a full device, a closed pipe): reported as such, not as an internal error. */
  static final class OutputFailure extends RuntimeException {
    OutputFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }

    /** The one-line message, in words a person can act on. */
    String describe() {
      String m = getCause().getMessage();
      if (m != null && m.contains("No space left on device")) {
        return "cannot write output: disk full";
      }
      return "cannot write output: " + (m == null ? getCause().getClass().getSimpleName() : m);
    }
  }
}
