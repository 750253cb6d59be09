package dev.heph.sync.spoke;

import java.io.IOException;

/**
 * Carries one request to a hub and brings back its answer. The HTTP implementation is the real
 * one; tests put an in-process hub (and faults) behind the same interface.
 */
public interface HubTransport {

  /** A hub's answer: HTTP status and body text. */
  record Reply(int status, String body) {}

  /**
   * Sends {@code method pathAndQuery} with an optional JSON body. Throws IOException when no
   * answer came back (unreachable, connection cut, timeout), {@link dev.heph.core.text.Utf8.Malformed}
   * when the answer is not UTF-8.
   */
  Reply exchange(String method, String pathAndQuery, byte[] jsonBody) throws IOException;

  /** Where the hub is, for messages. */
  String describe();
}
