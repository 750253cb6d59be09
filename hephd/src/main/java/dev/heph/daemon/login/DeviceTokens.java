package dev.heph.daemon.login;

import java.util.Optional;

/**
 * Who a device token belongs to, and new tokens for a user's device: the hub's accounts, as the
 * device-authorization routes need them. The accounts database implements it (tokens hashed at
 * rest, compared in constant time); the routes never see how.
 */
public interface DeviceTokens {
  /** The id of the user {@code presentedToken} signs in (a device token or an admin's enrolment code), if any. */
  Optional<String> userOf(String presentedToken);

  /** Makes a new device token for {@code userId}'s device named {@code device}; returns its secret, once. */
  String mint(String userId, String device);
}
