package dev.heph.core.query;

import dev.heph.core.time.DateExpr;
import java.util.List;

/**
 * Which nodes a command acts on, as a person writes it on the command line (Taskwarrior's filter
 * grammar: {@code project:Home +errand due.before:eom}, {@code and}/{@code or}/{@code xor},
 * parentheses, bare words). The store evaluates it in SQL; dates are pinned to the facade's clock
 * only then. docs/filters.md is the reference.
 */
public sealed interface Filter {

  /**
   * Reads command-line words; none gives {@link Everything}. A word that is not understood is an
   * {@link dev.heph.core.HephException.InvalidInput} whose message names it.
   */
  static Filter parse(List<String> words) {
    return FilterParser.parse(words);
  }

  /** Every node (the empty filter). */
  record Everything() implements Filter {}

  /** Both. */
  record And(Filter left, Filter right) implements Filter {}

  /** Either. */
  record Or(Filter left, Filter right) implements Filter {}

  /** Exactly one of the two. */
  record Xor(Filter left, Filter right) implements Filter {}

  /** The opposite: {@code -tag}, {@code .not}, {@code .hasnt}, {@code .isnt}, {@code .any}. */
  record Not(Filter inner) implements Filter {}

  /** {@code +tag}: the node carries this tag. */
  record HasTag(String tag) implements Filter {}

  /** {@code +OVERDUE}, {@code +ACTIVE}...: a property computed from the node (and now). */
  record Virtual(VirtualTag tag) implements Filter {}

  /** A bare word: the title or the body contains it (case-sensitive, as Taskwarrior's default). */
  record Words(String text) implements Filter {}

  /** {@code status:pending}...: Taskwarrior's status, mapped onto heph's (see {@link TaskStatus}). */
  record Status(TaskStatus status) implements Filter {}

  /** A text attribute compared with a value ({@code project:Home}, {@code description.has:milk}). */
  record Text(TextAttribute attribute, TextMatch match, String value) implements Filter {}

  /** A date attribute compared with a date ({@code due.before:eom}); value is null for {@code NONE}. */
  record Date(DateAttribute attribute, DateMatch match, DateExpr value) implements Filter {}

  /**
   * The nodes a list shows when not told otherwise: not deleted, not done or cancelled, not
   * waiting. Not a word of the grammar; commands put it in front of a filter that names no status.
   */
  record Live() implements Filter {}

  /**
   * {@code filter}, kept to live nodes unless it speaks of status itself ({@code status:},
   * {@code +COMPLETED}, {@code +DELETED}, {@code +WAITING}...), as {@code list}'s default does.
   */
  static Filter liveUnlessStatusNamed(Filter filter) {
    return namesStatus(filter) ? filter : filter instanceof Everything ? new Live() : new And(new Live(), filter);
  }

  /** Whether the filter names a status or a virtual tag that stands for one. */
  static boolean namesStatus(Filter filter) {
    return switch (filter) {
      case And(Filter l, Filter r) -> namesStatus(l) || namesStatus(r);
      case Or(Filter l, Filter r) -> namesStatus(l) || namesStatus(r);
      case Xor(Filter l, Filter r) -> namesStatus(l) || namesStatus(r);
      case Not(Filter inner) -> namesStatus(inner);
      case Status s -> true;
      case Virtual(VirtualTag tag) -> tag.namesStatus();
      case Live l -> true;
      case Everything e -> false;
      case HasTag t -> false;
      case Words w -> false;
      case Text t -> false;
      case Date d -> false;
    };
  }
}
