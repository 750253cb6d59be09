package dev.heph.sync.hub;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What the hub answers: an HTTP status and a JSON body, either a whole text ({@code json}) or, for
 * a pull page, a {@code stream} that writes the body as the hub reads it from its store.
 */
public record HubResponse(int status, String json, BodyWriter stream) {
  /** Writes a body to a response as it is produced; a failure midway leaves the body cut short. */
  @FunctionalInterface
  public interface BodyWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  public HubResponse {
    if ((json == null) == (stream == null)) {
      throw new IllegalArgumentException("a hub response has either a text or a streamed body");
    }
  }

  public HubResponse(int status, String json) {
    this(status, json, null);
  }

  static HubResponse streamed(int status, BodyWriter stream) {
    return new HubResponse(status, null, stream);
  }

  /** Writes the body, ended by a newline, to {@code out} (which stays open). */
  public void writeTo(OutputStream out) throws IOException {
    if (stream != null) {
      stream.writeTo(out);
    } else {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
    out.write('\n');
  }
}
