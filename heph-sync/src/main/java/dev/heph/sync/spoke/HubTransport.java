package dev.heph.sync.spoke;

import java.io.IOException;
import java.io.InputStream;

/**
 * Carries one request to a hub and brings back its answer. The HTTP implementation is the real
 * one; tests put an in-process hub (and faults) behind the same interface.
 */
public interface HubTransport {

  /** A hub's answer: HTTP status and body text. */
  record Reply(int status, String body) {}

  /** A hub's answer whose body is read as it arrives (a pull page); closing it lets the connection go. */
  record Streamed(int status, InputStream body) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  /**
   * Sends {@code method pathAndQuery} with an optional JSON body; for small answers (info, push).
   * Throws IOException when no answer came back (unreachable, connection cut, timeout),
   * {@link dev.heph.core.text.Utf8.Malformed} when the answer is not UTF-8.
   */
  Reply exchange(String method, String pathAndQuery, byte[] jsonBody) throws IOException;

  /**
   * Sends {@code GET pathAndQuery} and returns as soon as the answer starts, its body unread: for
   * answers of any size (pull pages). Throws IOException when no answer came back.
   */
  Streamed get(String pathAndQuery) throws IOException;

  /** Where the hub is, for messages. */
  String describe();
}
