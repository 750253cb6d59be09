package dev.heph.core.store;

import java.sql.SQLException;

/**
 * Carries a {@link SQLException} through interfaces that cannot declare it (the merge engine's);
 * the transaction boundary unwraps it and maps it to a typed store failure.
 */
final class StoreSqlException extends RuntimeException {
  StoreSqlException(SQLException cause) {
    super(cause);
  }

  SQLException sqlCause() {
    return (SQLException) getCause();
  }
}
