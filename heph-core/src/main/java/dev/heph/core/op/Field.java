package dev.heph.core.op;

import dev.heph.core.HephException;
import dev.heph.core.text.Unicode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The named fields of a node: registers (one value, last causal write wins, concurrent writes
 * conflict) and sets (add-wins observed-remove). Each field knows which values it accepts.
 */
public enum Field {
  TITLE("title", false),
  BODY("body", false),
  STATUS("status", false),
  PRIORITY("priority", false),
  DUE("due", false),
  RECUR("recur", false),
  PARENT("parent", false),
  DELETED("deleted", false),
  TAGS("tags", true),
  LINKS("links", true),
  /** A recurring task's place in its series ({@link Series}); written with {@code recur}. */
  SERIES("series", false);

  /**
   * Longest text (in chars) an op may carry: a text value, or a link's type. Every replica and
   * the hub enforce the same bound, so no replica can make an op that the hub would refuse forever
   * (and that would block all its later ops behind it). The JSON parser's own limit is above it.
   */
  public static final int MAX_TEXT = 256 * 1024;

  public static final Set<String> STATUSES = Set.of("open", "doing", "done", "cancelled");
  public static final Set<String> PRIORITIES = Set.of("H", "M", "L");

  private final String wireName;
  private final boolean set;

  Field(String wireName, boolean set) {
    this.wireName = wireName;
    this.set = set;
  }

  /** The name used in ops, JSON output and the {@code conflicts} lists. */
  public String wireName() {
    return wireName;
  }

  public boolean isSet() {
    return set;
  }

  public boolean isRegister() {
    return !set;
  }

  /** Bit of this field in a node's conflict mask. */
  public int bit() {
    return 1 << ordinal();
  }

  /** The field with this wire name, or an error listing the known ones. */
  public static Field named(String name) {
    for (Field f : values()) {
      if (f.wireName.equals(name)) {
        return f;
      }
    }
    throw new HephException.InvalidOp("unknown field '" + name + "' (known: title, body, status,"
        + " priority, due, recur, parent, deleted, tags, links, series)");
  }

  /**
   * Checks that {@code value} is acceptable for this field; returns a reason when it is not.
   * Null means the value is fine.
   */
  public String rejects(Value value) {
    String text = switch (value) {
      case Value.Text(String t) -> t;
      case Value.Link(String type, String to) -> type; // free text too; its target is a fixed-size id
      case Value.Null n -> null;
      case Value.Flag f -> null;
    };
    if (text != null && text.length() > MAX_TEXT) {
      return "is " + text.length() + " characters long; at most " + MAX_TEXT + " are allowed";
    }
    // Text that is not valid Unicode cannot be stored unchanged; an op carrying it would be
    // stored as another op under the same hlc. Refused here, every way an op comes into being.
    String unicode = text == null ? null : Unicode.problem(text); // a link's 'to' must be a node id: checked below
    if (unicode != null) {
      return "is not valid Unicode (" + unicode + ")";
    }
    return switch (this) {
      case TITLE, BODY -> value instanceof Value.Link || value instanceof Value.Flag
          ? "must be a string or null" : null;
      case RECUR -> switch (value) {
        case Value.Null n -> null;
        case Value.Text(String s) -> Recurrence.parse(s) != null ? null : "must be " + Recurrence.FORMS;
        default -> "must be a recurrence string or null";
      };
      case SERIES -> switch (value) {
        case Value.Null n -> null;
        case Value.Text(String s) -> Series.parse(s) != null ? null : "must be SERIES-ID/N/ANCHOR-DATE";
        default -> "must be a series position string or null";
      };
      case STATUS -> value instanceof Value.Null
          || (value instanceof Value.Text(String s) && STATUSES.contains(s))
          ? null : "must be one of open, doing, done, cancelled or null";
      case PRIORITY -> value instanceof Value.Null
          || (value instanceof Value.Text(String s) && PRIORITIES.contains(s))
          ? null : "must be one of H, M, L or null";
      case DUE -> switch (value) {
        case Value.Null n -> null;
        case Value.Text(String s) -> isIsoDate(s) ? null : "must be an ISO date like 2026-12-01";
        default -> "must be an ISO date string or null";
      };
      case PARENT -> switch (value) {
        case Value.Null n -> null;
        case Value.Text(String s) -> NodeId.isValid(s) ? null : "must be a node id (UUID)";
        default -> "must be a node id or null";
      };
      case DELETED -> value instanceof Value.Flag || value instanceof Value.Null
          ? null : "must be true, false or null";
      case TAGS -> value instanceof Value.Text(String s) && !s.isBlank()
          ? null : "must be a non-empty string";
      case LINKS -> value instanceof Value.Link(String type, String to)
          && !type.isBlank() && NodeId.isValid(to) ? null : "must be {\"type\":non-empty string,\"to\":node id}";
    };
  }

  static boolean isIsoDate(String s) {
    if (s.length() != 10) {
      return false;
    }
    try {
      LocalDate.parse(s);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
