package dev.heph.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Node;
import dev.heph.core.json.NodeJson;
import dev.heph.core.op.OpCodec;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Standard output for commands: UTF-8 whatever the locale, buffered, flushed at exit. JSON is
 * streamed through one generator so that large lists never sit in memory as text.
 */
final class Output implements AutoCloseable {
  private final OutputStream raw = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
  private PrintStream text;
  private JsonGenerator json;

  /** Human-readable text output. */
  PrintStream text() {
    if (text == null) {
      text = new PrintStream(raw, false, StandardCharsets.UTF_8);
    }
    return text;
  }

  /** A JSON generator on stdout; every document written through it ends with a newline. */
  JsonGenerator json() {
    if (json == null) {
      try {
        json = OpCodec.JSON.createGenerator(raw);
        json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return json;
  }

  /** Writes one node as a JSON document. */
  void node(Node node) {
    try {
      NodeJson.write(json(), node);
      endDocument();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The outcome of a command that changed one node: the node as JSON, or "id  title: what". */
  void changed(Node node, String what, boolean asJson) {
    if (asJson) {
      node(node);
    } else {
      text().println(node.id() + "  " + node.title() + ": " + what);
    }
  }

  /** Ends a JSON document with a newline. */
  void endDocument() throws IOException {
    json.flush();
    raw.write('\n');
  }

  @Override
  public void close() {
    try {
      if (json != null) {
        json.flush();
      }
      if (text != null) {
        text.flush();
      }
      raw.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
