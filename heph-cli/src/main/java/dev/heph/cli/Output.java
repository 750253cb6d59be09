package dev.heph.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Node;
import dev.heph.core.Heph;
import java.util.function.Consumer;
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
  private final OutputStream raw = new BufferedOutputStream(new Stdout(), 1 << 16);
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

  /** Writes a JSON document given as text (e.g. a node as the store renders it). */
  void jsonText(String document) {
    text().print(document);
    text().print('\n');
  }

  /** Writes JSON documents given as text as one JSON array, streaming. */
  Consumer<String> jsonArrayStart() {
    PrintStream p = text();
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
    text().print("]\n");
  }

  /** The outcome of a command that changed one node: the node as JSON, or "id  title: what". */
  void changed(Heph heph, Node node, String what, boolean asJson) {
    if (asJson) {
      jsonText(heph.json(node.id()));
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
      throw new WriteFailed(e);
    }
  }

  /** The process's stdout, failing loudly: a PrintStream on it would swallow a full device's error. */
  private static final class Stdout extends OutputStream {
    private final FileOutputStream fd = new FileOutputStream(FileDescriptor.out);

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      try {
        fd.write(b, off, len);
      } catch (IOException e) {
        throw new WriteFailed(e);
      }
    }
  }

  /** Standard output could not be written (a full device, a closed pipe): not heph's data's fault. */
  static final class WriteFailed extends UncheckedIOException {
    WriteFailed(IOException cause) {
      super(cause);
    }
  }
}
