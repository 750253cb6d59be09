package dev.heph.core;

import dev.heph.core.store.SqliteStore;

/** For core's tests outside its package: the store under a facade, which main code keeps to core. */
public final class HephInternals {
  private HephInternals() {}

  public static SqliteStore store(Heph heph) {
    return heph.store();
  }
}
