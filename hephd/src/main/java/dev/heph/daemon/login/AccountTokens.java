package dev.heph.daemon.login;

import dev.heph.auth.Principal;
import dev.heph.auth.accounts.Accounts;
import java.util.Optional;

/** {@link DeviceTokens} over the hub's accounts: the token a person pastes, and the one a device gets. */
public record AccountTokens(Accounts accounts) implements DeviceTokens {
  @Override
  public Optional<String> userOf(String presentedToken) {
    return accounts.authenticate(presentedToken).map(Principal::userId);
  }

  @Override
  public String mint(String userId, String device) {
    return accounts.createToken(userId, device).secret();
  }
}
