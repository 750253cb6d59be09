package dev.heph.core.store;

import dev.heph.core.HephException.StoreFailure;
import dev.heph.core.clock.Hlc;
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
 * mode 0600, one line: the replica's origin id, when, what), so that every later process (a
 * {@code heph sync}, the daemon) refuses to sync it.
 *
 * <p>Why a side file and not a meta key: the database is exactly what cannot be trusted. Writing
 * to a damaged b-tree may fail, or spread the damage to more pages; a key on a damaged page may
 * not be readable back; and a database whose header is damaged cannot be opened at all. A file
 * beside it is read with one {@code stat}, whatever state the database is in. Only a full check
 * that passes removes it; a quick check proves too little to clear it.
 *
 * <p>The origin id ties the marker to the replica it was written for: the advised recovery makes a
 * new file, and one moved into the damaged file's place (a new origin) is not refused for damage
 * that is not its own.
 */
final class DamageMarker {
  private final Path db;
  private final Path file;
  private final String origin;

  DamageMarker(Path db, String origin) {
    this.db = db;
    this.file = db.resolveSibling(db.getFileName() + "-damaged");
    this.origin = origin;
  }

  /** The recorded reason ("when: what"), or empty when this replica is not known to be damaged. */
  Optional<String> read() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // A marker that exists but cannot be read still says "damaged": refusing to sync is the safe side.
      return Optional.of("marked damaged, but " + file + " cannot be read: " + e.getMessage());
    }
    int space = text.indexOf(' ');
    String owner = space < 0 ? "" : text.substring(0, space);
    if (Hlc.isOrigin(owner)) {
      return owner.equals(origin) ? Optional.of(text.substring(space + 1)) : Optional.empty();
    }
    return Optional.of(text.isEmpty() ? "marked damaged by " + file : text);
  }

  /**
   * Records damage, replacing an earlier reason. Best effort: when the directory refuses the file
   * the failure that was found is still reported to whoever asked; the write error is not.
   */
  void record(String reason) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    String line = origin + " " + Instant.now() + ": " + reason.replaceAll("\\s+", " ").strip() + "\n";
    try {
      Files.deleteIfExists(tmp);
      Files.write(Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
          line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.WRITE);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // Another process records damage at this very moment; its line will do.
    } catch (IOException | UnsupportedOperationException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // nothing more to do: the marker is an aid, the failure itself was reported
      }
    }
  }

  /** Records damage unless some is recorded already (the first reason is usually the root cause). */
  void recordIfAbsent(String reason) {
    if (read().isEmpty()) {
      record(reason);
    }
  }

  /** Forgets recorded damage: only after a full check passed. */
  void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new StoreFailure(StoreFailure.Kind.STORE_UNUSABLE, "cannot remove " + file + ", which marks " + db
          + " as damaged: " + e.getMessage(), e);
    }
  }
}
