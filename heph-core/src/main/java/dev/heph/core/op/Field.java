package dev.heph.core.op;

import dev.heph.core.HephException;
import dev.heph.core.text.Unicode;
import java.util.List;
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
  // Appended after the first set: the conflict mask in every database is 1 << ordinal(), so
  // the fields above must never move.
  PROJECT("project", false),
  SCHEDULED("scheduled", false),
  WAIT("wait", false),
  UNTIL("until", false),
  START("start", false),
  ANNOTATIONS("annotations", true),
  UDAS("udas", true);

  /**
   * Longest text (in chars) an op may carry: a text value, or a link's type. Every replica and
   * the hub enforce the same bound, so no replica can make an op that the hub would refuse forever
   * (and that would block all its later ops behind it). The JSON parser's own limit is above it.
   */
  public static final int MAX_TEXT = 256 * 1024;

  public static final Set<String> STATUSES = Set.of("open", "doing", "done", "cancelled");
  public static final Set<String> PRIORITIES = Set.of("H", "M", "L");

  /** Every wire name, for error messages. */
  private static final String KNOWN = String.join(", ",
      java.util.Arrays.stream(values()).map(Field::wireName).toList());

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
    throw new HephException.InvalidOp("unknown field '" + name + "' (known: " + KNOWN + ")");
  }

  /**
   * Checks that {@code value} is acceptable for this field; returns a reason when it is not.
   * Null means the value is fine.
   */
  public String rejects(Value value) {
    for (String text : texts(value)) {
      if (text.length() > MAX_TEXT) {
        return "is " + text.length() + " characters long; at most " + MAX_TEXT + " are allowed";
      }
      // Text that is not valid Unicode cannot be stored unchanged; an op carrying it would be
      // stored as another op under the same hlc. Refused here, every way an op comes into being.
      String unicode = Unicode.problem(text);
      if (unicode != null) {
        return "is not valid Unicode (" + unicode + ")";
      }
    }
    return switch (this) {
      case TITLE, BODY, RECUR -> value instanceof Value.Null || value instanceof Value.Text
          ? null : "must be a string or null";
      case STATUS -> value instanceof Value.Null
          || (value instanceof Value.Text(String s) && STATUSES.contains(s))
          ? null : "must be one of open, doing, done, cancelled or null";
      case PRIORITY -> value instanceof Value.Null
          || (value instanceof Value.Text(String s) && PRIORITIES.contains(s))
          ? null : "must be one of H, M, L or null";
      case DUE, SCHEDULED, WAIT, UNTIL, START -> switch (value) {
        case Value.Null n -> null;
        case Value.Text(String s) -> Moments.isMoment(s) ? null : "must be " + Moments.FORMS;
        default -> "must be a date string or null";
      };
      case PROJECT -> switch (value) {
        case Value.Null n -> null;
        case Value.Text(String s) -> isProject(s) ? null
            : "must be dot-separated non-empty names without spaces, like Home.Garden";
        default -> "must be a project name or null";
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
      case ANNOTATIONS -> value instanceof Value.Annotation(String entry, String text)
          && Moments.isInstant(entry) && !text.isBlank()
          ? null : "must be {\"entry\":" + "UTC instant like 2026-12-01T09:30:00Z,\"text\":non-empty string}";
      case UDAS -> value instanceof Value.Uda(String key, String v) && isUdaKey(key) && !v.isEmpty()
          ? null : "must be {\"key\":a name without spaces or '=',\"value\":non-empty string}";
    };
  }

  /** The free text a value carries (a link's target is a fixed-size id, checked on its own). */
  private static List<String> texts(Value value) {
    return switch (value) {
      case Value.Text(String t) -> List.of(t);
      case Value.Link(String type, String to) -> List.of(type);
      case Value.Annotation(String entry, String text) -> List.of(entry, text);
      case Value.Uda(String key, String v) -> List.of(key, v);
      case Value.Null n -> List.of();
      case Value.Flag f -> List.of();
    };
  }

  /** A project: dot-separated non-empty names, none with whitespace ({@code Home.Garden}). */
  public static boolean isProject(String s) {
    if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
      return false;
    }
    return s.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
  }

  /** A UDA name: non-empty, without whitespace, control characters or '=' (the CLI's KEY=VALUE separator). */
  public static boolean isUdaKey(String s) {
    return !s.isEmpty() && s.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
        || c == '=');
  }
}
