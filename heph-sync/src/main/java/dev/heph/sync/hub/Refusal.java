package dev.heph.sync.hub;

import dev.heph.core.HephException;

/**
 * Why the hub answers a request with an error instead of what it asked for: a closed set, mapped
 * once to an HTTP status and error code by {@link HubErrors#of(Refusal)}.
 */
public sealed interface Refusal {
  /** A request the hub cannot read: a bad query, a body that stopped coming. */
  record BadRequest(String message) implements Refusal {}

  /** A request HTTP itself could not parse (the server's own status: 400, 414, 431...). */
  record Malformed(int status, String message) implements Refusal {}

  /**
   * No valid credential: missing, malformed, unknown, revoked or expired, all answered alike so
   * that the answer tells nothing about which (nor whether a user exists).
   */
  record Unauthorized() implements Refusal {}

  /** A {@code Host} the hub does not serve (DNS rebinding). */
  record HostNotAllowed(String message) implements Refusal {}

  /** A request from a web page of another origin or site. */
  record OriginNotAllowed(String message) implements Refusal {}

  /** No such route. */
  record NoRoute(String message) implements Refusal {}

  /** A route asked with the wrong method. */
  record MethodNotAllowed(String message) implements Refusal {}

  /** A pull cursor naming a position the hub does not hold: its history changed. */
  record CursorMismatch(String message) implements Refusal {}

  /** A body over the size limit, refused before it is read whole. */
  record BodyTooLarge(String message) implements Refusal {}

  /** A push of more ops than allowed. */
  record TooManyOps(String message) implements Refusal {}

  /** A body that is not {@code application/json}. */
  record UnsupportedMediaType(String message) implements Refusal {}

  /** A heph error: bad ops, a clock too far ahead, the hub's own database failing... */
  record Failed(HephException error) implements Refusal {}

  /** A bug in the hub; the details go to its log, not to the client. */
  record Internal() implements Refusal {}
}
