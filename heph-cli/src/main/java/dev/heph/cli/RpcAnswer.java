package dev.heph.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.op.Json;
import java.io.IOException;

/** Reads a JSON-RPC answer line from the daemon. */
final class RpcAnswer {
  private RpcAnswer() {}

  /**
   * The JSON text of the answer's {@code result}, exactly as the daemon wrote it, or null when the
   * line is not a JSON object with a result (an error answer, or not JSON-RPC at all).
   */
  static String result(String line) {
    try (JsonParser p = Json.FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("result") && value != null) {
          int start = (int) p.currentTokenLocation().getCharOffset();
          p.skipChildren();
          p.finishToken(); // a scalar is read lazily: its end is known only once it is read
          int end = (int) p.currentLocation().getCharOffset();
          return line.substring(start, end);
        }
        p.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
