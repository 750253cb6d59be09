package dev.heph.core.store;

import dev.heph.core.HephException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

/**
 * The knowledge that a replica is damaged, kept in a small side file next to it ({@code DB-damaged},
 * mode 0600, one line: when and what), so that every later process (a {@code heph sync}, the
 * daemon) refuses to sync it.
 *
 * <p>Why a side file and not a meta key: the database is exactly what cannot be trusted. Writing
 * to a damaged b-tree may fail, or spread the damage to more pages; a key on a damaged page may
 * not be readable back; and a database whose header is damaged cannot be opened at all. A file
 * beside it is read with one {@code stat}, whatever state the database is in. Only a full check
 * that passes removes it; a quick check proves too little to clear it.
 */
final class DamageMarker {
  private DamageMarker() {}

  /** Where the marker of the database at {@code db} lives. */
  static Path of(Path db) {
    return db.resolveSibling(db.getFileName() + "-damaged");
  }

  /** The recorded reason ("when: what"), or empty when the database is not known to be damaged. */
  static Optional<String> read(Path db) {
    try {
      String text = Files.readString(of(db), StandardCharsets.UTF_8).strip();
      return Optional.of(text.isEmpty() ? "damaged (no reason recorded)" : text);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // A marker that exists but cannot be read still says "damaged": refusing to sync is the safe side.
      return Optional.of("damaged (marker " + of(db) + " unreadable: " + e.getMessage() + ")");
    }
  }

  /**
   * Records damage, replacing an earlier reason. Best effort: when the directory refuses the file
   * the failure that was found is still reported to whoever asked; the write error is not.
   */
  static void record(Path db, String reason) {
    Path marker = of(db);
    Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
    String line = Instant.now() + ": " + reason.replaceAll("\\s+", " ").strip() + "\n";
    try {
      Files.deleteIfExists(tmp);
      Files.write(Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
          line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);
      Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // Another process records the same damage at this instant; its line will do.
    } catch (IOException | UnsupportedOperationException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing more to do: the marker is an aid, the failure itself was reported
      }
    }
  }

  /** Records damage unless some is recorded already (the first reason is usually the root cause). */
  static void recordIfAbsent(Path db, String reason) {
    if (!Files.exists(of(db))) {
      record(db, reason);
    }
  }

  /** Forgets recorded damage: only after a full check passed. */
  static void clear(Path db) {
    try {
      Files.deleteIfExists(of(db));
    } catch (IOException e) {
      throw new HephException.StoreFailure("store_unusable", "cannot remove " + of(db) + ", which marks "
          + db + " as damaged: " + e.getMessage(), e);
    }
  }
}
