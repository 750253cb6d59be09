package dev.heph.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.op.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Builds a JSON text with a streaming generator: the one helper every answer writer uses. */
public final class JsonText {
  private JsonText() {}

  /** Writes one JSON document through a generator. */
  @FunctionalInterface
  public interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** The JSON text {@code body} writes. */
  public static String of(Body body) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
