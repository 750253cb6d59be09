package dev.heph.auth;

import java.util.Objects;

/**
 * Who a hub request is from, once authenticated: the heph user whose data it may touch, the
 * device it came from (null when the credential names none, e.g. an identity provider's token),
 * and how it was established.
 */
public record Principal(String userId, String userName, String device, Via via) {
  /** How the hub knows who is asking. */
  public enum Via {
    /** A device token the hub minted ({@code hephd token create}). */
    TOKEN,
    /** An identity provider's signed JWT ({@code --auth oidc}). */
    OIDC,
    /** Nobody asked: an open single-owner hub ({@code --auth none}, loopback only). */
    OPEN
  }

  /** The one principal of an open hub: it owns the hub's database itself. */
  public static final Principal OPEN = new Principal("", "", null, Via.OPEN);

  public Principal {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(via, "via");
    if ((via == Via.OPEN) != userId.isEmpty()) {
      throw new IllegalArgumentException("only the open hub's principal has no user id");
    }
  }
}
