package dev.heph.cli;

import dev.heph.core.Node;
import dev.heph.core.op.Moments;
import dev.heph.core.text.TerminalText;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How a node's possibly-missing fields read on screen. A node may be seen in part: its title
 * or status set to null, or only some of its ops received yet (a sync that stopped between a
 * node's {@code create} and its first {@code set}, or edits whose {@code create} is still to
 * come). Every human view names those states the same way instead of failing on them.
 */
final class Labels {
  private Labels() {}

  static final String NONE = "-";

  /** The title as one terminal-safe line, or "(untitled)". */
  static String title(Node n) {
    return n.title() == null ? "(untitled)" : TerminalText.line(n.title());
  }

  /** What the node is, in one word: a task's status, "note", or "?" while its kind is unknown. */
  static String state(Node n) {
    if (n.kind() == null) {
      return "?";
    }
    return n.isTask() ? (n.status() == null ? NONE : n.status()) : "note";
  }

  /** The kind, or what is missing. */
  static String kind(Node n) {
    return n.kind() == null ? "(not received yet)" : n.kind();
  }

  /**
   * A stored moment for a person: an all-day date as it is, a UTC instant in {@code zone}
   * ({@code 2026-05-30 08:00}, seconds only when not zero).
   */
  static String moment(String stored, ZoneId zone) {
    if (stored == null || !Moments.isInstant(stored)) {
      return orNone(stored);
    }
    LocalDateTime local = LocalDateTime.ofInstant(Instant.parse(stored), zone);
    return local.format(local.getSecond() == 0 ? MINUTES : SECONDS);
  }

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  /** True for a task still to do: open or doing, not deleted. */
  static boolean isPending(Node n) {
    return n.isTask() && !n.deleted() && ("open".equals(n.status()) || "doing".equals(n.status()));
  }

  /** A field value as one terminal-safe line, or "-" when not set. */
  static String orNone(String value) {
    return value == null ? NONE : TerminalText.line(value);
  }
}
