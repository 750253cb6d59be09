package dev.heph.core.query;

import dev.heph.core.HephException;
import dev.heph.core.Inputs;
import dev.heph.core.query.Filter.And;
import dev.heph.core.query.Filter.Not;
import dev.heph.core.time.DateExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads filter words with Taskwarrior's precedence: {@code and} binds tighter than {@code xor},
 * which binds tighter than {@code or}; terms side by side are joined by {@code and}; parentheses
 * group (they may stand alone or stick to a word: {@code (project:Home}).
 */
final class FilterParser {

  /** {@code name:value} or {@code name.modifier:value}. */
  private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z]+)(?:\\.([A-Za-z]+))?:(.*)", Pattern.DOTALL);

  private final List<String> tokens;
  private int pos;

  private FilterParser(List<String> tokens) {
    this.tokens = tokens;
  }

  static Filter parse(List<String> words) {
    FilterParser p = new FilterParser(tokens(words));
    if (p.tokens.isEmpty()) {
      return new Filter.Everything();
    }
    Filter f = p.or();
    if (p.pos < p.tokens.size()) {
      throw bad(p.tokens.get(p.pos), "')' without a matching '('");
    }
    return f;
  }

  /** Words with their sticking parentheses split off. */
  private static List<String> tokens(List<String> words) {
    List<String> out = new ArrayList<>();
    for (String word : words) {
      String w = word;
      while (w.length() > 1 && w.startsWith("(")) {
        out.add("(");
        w = w.substring(1);
      }
      int closing = 0;
      while (w.length() > 1 && w.endsWith(")") && w.indexOf('(') < 0) {
        closing++;
        w = w.substring(0, w.length() - 1);
      }
      out.add(w);
      for (int i = 0; i < closing; i++) {
        out.add(")");
      }
    }
    return out;
  }

  private Filter or() {
    Filter f = xor();
    while (at("or")) {
      pos++;
      f = new Filter.Or(f, operand("or", this::xor));
    }
    return f;
  }

  private Filter xor() {
    Filter f = and();
    while (at("xor")) {
      pos++;
      f = new Filter.Xor(f, operand("xor", this::and));
    }
    return f;
  }

  private Filter and() {
    Filter f = primary();
    while (pos < tokens.size() && !at("or") && !at("xor") && !at(")")) {
      if (at("and")) {
        pos++;
        f = new And(f, operand("and", this::primary));
      } else {
        f = new And(f, primary());
      }
    }
    return f;
  }

  private Filter operand(String operator, java.util.function.Supplier<Filter> next) {
    if (pos >= tokens.size() || at(")") || at("and") || at("or") || at("xor")) {
      throw bad(operator, "'" + operator + "' needs a filter term on each side");
    }
    return next.get();
  }

  private Filter primary() {
    if (pos >= tokens.size()) {
      throw bad(tokens.getLast(), "the filter ends too early");
    }
    String t = tokens.get(pos++);
    switch (t) {
      case "(" -> {
        if (at(")")) {
          throw bad("()", "empty parentheses");
        }
        Filter inner = or();
        if (!at(")")) {
          throw bad("(", "'(' without a matching ')'");
        }
        pos++;
        return inner;
      }
      case ")" -> throw bad(")", "')' without a matching '('");
      case "and", "or", "xor" -> throw bad(t, "'" + t + "' needs a filter term on each side");
      default -> {
        return term(t);
      }
    }
  }

  private boolean at(String token) {
    return pos < tokens.size() && tokens.get(pos).equals(token);
  }

  /** One word: a tag, an attribute comparison or a bare word. */
  static Filter term(String word) {
    if (word.length() > 1 && (word.charAt(0) == '+' || word.charAt(0) == '-')) {
      String name = word.substring(1);
      VirtualTag virtual = VirtualTag.named(name);
      Filter tag;
      if (virtual != null) {
        tag = new Filter.Virtual(virtual);
      } else {
        try {
          tag = new Filter.HasTag(Inputs.tag(name));
        } catch (HephException.InvalidInput e) {
          throw bad(word, e.getMessage());
        }
      }
      return word.charAt(0) == '+' ? tag : new Not(tag);
    }
    Matcher m = ATTRIBUTE.matcher(word);
    if (m.matches()) {
      return attribute(word, m.group(1).toLowerCase(Locale.ROOT),
          m.group(2) == null ? Modifier.EQUALS : Modifier.named(word, m.group(2)), m.group(3));
    }
    return new Filter.Words(word);
  }

  private static Filter attribute(String word, String name, Modifier mod, String value) {
    if (name.equals("status")) {
      return status(word, mod, value);
    }
    if (name.equals("tags") || name.equals("tag")) {
      return tags(word, mod, value);
    }
    TextAttribute text = TextAttribute.named(name);
    if (text != null) {
      return text(word, text, mod, value);
    }
    DateAttribute date = DateAttribute.named(name);
    if (date != null) {
      return date(word, date, mod, value);
    }
    throw bad(word, "'" + name + "' is not an attribute (use description, body, project, priority, kind, status,"
        + " tags, due, scheduled, wait, until, start, entry or modified; to search text with a colon,"
        + " use description.has:TEXT)");
  }

  private static Filter status(String word, Modifier mod, String value) {
    if (mod != Modifier.EQUALS && mod != Modifier.IS && mod != Modifier.NOT && mod != Modifier.ISNT) {
      throw bad(word, "status takes no ." + mod.word() + " modifier (use status: or status.not:)");
    }
    TaskStatus s;
    try {
      s = TaskStatus.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(word, "status is pending, completed, deleted or waiting");
    }
    return switch (mod) {
      case EQUALS, IS -> new Filter.Status(s);
      default -> new Not(new Filter.Status(s));
    };
  }

  private static Filter tags(String word, Modifier mod, String value) {
    Filter tagged = new Filter.Virtual(VirtualTag.TAGGED);
    if (value.isEmpty() || mod == Modifier.NONE || mod == Modifier.ANY) {
      return switch (mod) {
        case EQUALS, IS, NONE -> new Not(tagged);
        case NOT, ISNT, ANY -> tagged;
        default -> throw bad(word, "." + mod.word() + " needs a tag");
      };
    }
    Filter has;
    try {
      has = new Filter.HasTag(Inputs.tag(value));
    } catch (HephException.InvalidInput e) {
      throw bad(word, e.getMessage());
    }
    return switch (mod) {
      case EQUALS, IS, HAS -> has;
      case NOT, ISNT, HASNT -> new Not(has);
      default -> throw bad(word, "tags take :, .has or .hasnt, not ." + mod.word());
    };
  }

  private static Filter text(String word, TextAttribute attr, Modifier mod, String value) {
    if (value.isEmpty() || mod == Modifier.NONE || mod == Modifier.ANY) {
      Filter none = new Filter.Text(attr, TextMatch.NONE, null);
      return switch (mod) {
        case EQUALS, IS, NONE -> none;
        case NOT, ISNT, ANY -> new Not(none);
        default -> throw bad(word, "." + mod.word() + " needs a value");
      };
    }
    return switch (mod) {
      case EQUALS -> new Filter.Text(attr, TextMatch.EQUALS, value);
      case IS -> new Filter.Text(attr, TextMatch.IS, value);
      case NOT -> new Not(new Filter.Text(attr, TextMatch.EQUALS, value));
      case ISNT -> new Not(new Filter.Text(attr, TextMatch.IS, value));
      case HAS -> new Filter.Text(attr, TextMatch.HAS, value);
      case HASNT -> new Not(new Filter.Text(attr, TextMatch.HAS, value));
      case STARTSWITH -> new Filter.Text(attr, TextMatch.STARTSWITH, value);
      case ENDSWITH -> new Filter.Text(attr, TextMatch.ENDSWITH, value);
      case BEFORE, AFTER, BY -> throw bad(word, "." + mod.word() + " compares dates; "
          + attr.name().toLowerCase(Locale.ROOT) + " is text");
      case NONE, ANY -> throw new IllegalStateException("handled above");
    };
  }

  private static Filter date(String word, DateAttribute attr, Modifier mod, String value) {
    if (value.isEmpty() || mod == Modifier.NONE || mod == Modifier.ANY) {
      Filter none = new Filter.Date(attr, DateMatch.NONE, null);
      return switch (mod) {
        case EQUALS, IS, NONE -> none;
        case NOT, ISNT, ANY -> new Not(none);
        default -> throw bad(word, "." + mod.word() + " needs a date");
      };
    }
    if (mod == Modifier.HAS || mod == Modifier.HASNT || mod == Modifier.STARTSWITH || mod == Modifier.ENDSWITH) {
      throw bad(word, "." + mod.word() + " compares text; " + attr.name().toLowerCase(Locale.ROOT) + " is a date");
    }
    DateExpr when = DateExpr.tryParse(value);
    if (when == null) {
      throw bad(word, "'" + value + "' is not a date: " + DateExpr.ACCEPTED);
    }
    return switch (mod) {
      case EQUALS -> new Filter.Date(attr, DateMatch.SAME_DAY, when);
      case IS -> new Filter.Date(attr, DateMatch.IS, when);
      case NOT -> new Not(new Filter.Date(attr, DateMatch.SAME_DAY, when));
      case ISNT -> new Not(new Filter.Date(attr, DateMatch.IS, when));
      case BEFORE -> new Filter.Date(attr, DateMatch.BEFORE, when);
      case AFTER -> new Filter.Date(attr, DateMatch.AFTER, when);
      case BY -> new Filter.Date(attr, DateMatch.BY, when);
      case HAS, HASNT, STARTSWITH, ENDSWITH, NONE, ANY -> throw new IllegalStateException("handled above");
    };
  }

  static HephException.InvalidInput bad(String word, String why) {
    return new HephException.InvalidInput("bad filter word '" + word + "': " + why);
  }

  /** The attribute modifiers, with Taskwarrior's synonyms. */
  enum Modifier {
    /** No modifier: {@code attr:value}. */
    EQUALS,
    IS("is", "equals"),
    NOT("not"),
    ISNT("isnt"),
    BEFORE("before", "below", "under"),
    AFTER("after", "above", "over"),
    BY("by"),
    NONE("none"),
    ANY("any"),
    HAS("has", "contains"),
    HASNT("hasnt"),
    STARTSWITH("startswith", "left"),
    ENDSWITH("endswith", "right");

    private final List<String> words;

    Modifier(String... words) {
      this.words = List.of(words);
    }

    String word() {
      return words.isEmpty() ? "" : words.getFirst();
    }

    static Modifier named(String word, String name) {
      String n = name.toLowerCase(Locale.ROOT);
      for (Modifier m : values()) {
        if (m.words.contains(n)) {
          return m;
        }
      }
      throw bad(word, "unknown modifier '." + name + "' (use is, not, isnt, before, after, by, none, any, has,"
          + " hasnt, startswith or endswith)");
    }
  }
}
