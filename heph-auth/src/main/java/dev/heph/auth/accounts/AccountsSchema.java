package dev.heph.auth.accounts;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The accounts database's layout, by version ({@code PRAGMA user_version}); opening runs the
 * steps after the file's version inside one write transaction.
 */
final class AccountsSchema {
  private AccountsSchema() {}

  /** Marks the file as heph's accounts database ("HEPA"), so no other SQLite file is written to. */
  static final int APPLICATION_ID = 0x48455041;

  /** Step {@code i} brings a database from version {@code i} to {@code i + 1}. */
  private static final List<List<String>> STEPS = List.of(List.of(
      // Removed users keep their row: ids are never reused, so their data file is never handed on.
      """
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created TEXT NOT NULL,
        removed TEXT)""",
      // A name belongs to one active user; a removed user's name may be given again (a new id).
      "CREATE UNIQUE INDEX users_active_name ON users(name) WHERE removed IS NULL",
      // Facts about the hub: 'owner' is the first user ever created, who owns the hub database.
      "CREATE TABLE hub (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
      """
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        device TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        created TEXT NOT NULL,
        last_used TEXT,
        revoked TEXT)""",
      "CREATE INDEX tokens_by_user ON tokens(user_id)",
      // An identity provider's (issuer, subject) -> heph user, for --auth oidc.
      """
      CREATE TABLE identities (
        issuer TEXT NOT NULL,
        subject TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id),
        created TEXT NOT NULL,
        PRIMARY KEY (issuer, subject)) WITHOUT ROWID"""));

  static final int CURRENT = STEPS.size();

  /** Runs the steps from {@code version} to {@link #CURRENT}; the caller holds the write lock. */
  static void migrate(Connection conn, int version) throws SQLException {
    try (Statement st = conn.createStatement()) {
      for (int v = version; v < CURRENT; v++) {
        for (String sql : STEPS.get(v)) {
          st.execute(sql);
        }
      }
      st.execute("PRAGMA application_id = " + APPLICATION_ID);
      st.execute("PRAGMA user_version = " + CURRENT);
    }
  }
}
