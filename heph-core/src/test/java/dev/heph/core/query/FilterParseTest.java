package dev.heph.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.HephException;
import dev.heph.core.query.Filter.And;
import dev.heph.core.query.Filter.HasTag;
import dev.heph.core.query.Filter.Not;
import dev.heph.core.query.Filter.Or;
import dev.heph.core.query.Filter.Words;
import dev.heph.core.query.Filter.Xor;
import dev.heph.core.time.DateExpr;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The grammar: terms, modifiers, precedence, parentheses, and the errors that name the bad word. */
class FilterParseTest {

  private static Filter parse(String words) {
    return Filter.parse(words.isEmpty() ? List.of() : Arrays.asList(words.split(" ")));
  }

  private static final Filter A = new Words("a");
  private static final Filter B = new Words("b");
  private static final Filter C = new Words("c");

  @Test
  void termsSideBySideAreJoinedByAnd() {
    assertThat(parse("")).isEqualTo(new Filter.Everything());
    assertThat(parse("a b c")).isEqualTo(new And(new And(A, B), C));
    assertThat(parse("a and b")).isEqualTo(new And(A, B));
  }

  @Test
  void andBindsTighterThanXorThanOr() {
    assertThat(parse("a or b c")).isEqualTo(new Or(A, new And(B, C)));
    assertThat(parse("a b or c")).isEqualTo(new Or(new And(A, B), C));
    assertThat(parse("a or b xor c")).isEqualTo(new Or(A, new Xor(B, C)));
    assertThat(parse("a xor b and c")).isEqualTo(new Xor(A, new And(B, C)));
    assertThat(parse("( a or b ) c")).isEqualTo(new And(new Or(A, B), C));
    assertThat(parse("(a or b) c")).isEqualTo(new And(new Or(A, B), C));
    assertThat(parse("((a or b)) c")).isEqualTo(new And(new Or(A, B), C));
  }

  @Test
  void tagsVirtualTagsAndStatus() {
    assertThat(parse("+home -work")).isEqualTo(new And(new HasTag("home"), new Not(new HasTag("work"))));
    assertThat(parse("+OVERDUE -WAITING")).isEqualTo(new And(new Filter.Virtual(VirtualTag.OVERDUE),
        new Not(new Filter.Virtual(VirtualTag.WAITING))));
    // Only Taskwarrior's exact upper-case names are virtual.
    assertThat(parse("+Overdue")).isEqualTo(new HasTag("Overdue"));
    assertThat(parse("status:Pending")).isEqualTo(new Filter.Status(TaskStatus.PENDING));
    assertThat(parse("status.not:completed")).isEqualTo(new Not(new Filter.Status(TaskStatus.COMPLETED)));
    assertThat(parse("tags.hasnt:x")).isEqualTo(new Not(new HasTag("x")));
    assertThat(parse("tags:")).isEqualTo(new Not(new Filter.Virtual(VirtualTag.TAGGED)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "project:Home            | PROJECT     | EQUALS     | Home     | false",
      "project.is:Home         | PROJECT     | IS         | Home     | false",
      "project.equals:Home     | PROJECT     | IS         | Home     | false",
      "project.not:Work        | PROJECT     | EQUALS     | Work     | true",
      "project.isnt:Work       | PROJECT     | IS         | Work     | true",
      "project:                | PROJECT     | NONE       |          | false",
      "project.none:           | PROJECT     | NONE       |          | false",
      "project.any:            | PROJECT     | NONE       |          | true",
      "description.contains:milk | DESCRIPTION | HAS      | milk     | false",
      "description.has:milk    | DESCRIPTION | HAS        | milk     | false",
      "title.hasnt:milk        | DESCRIPTION | HAS        | milk     | true",
      "description.startswith:Bu | DESCRIPTION | STARTSWITH | Bu     | false",
      "description.left:Bu     | DESCRIPTION | STARTSWITH | Bu       | false",
      "description.endswith:lk | DESCRIPTION | ENDSWITH   | lk       | false",
      "body.right:lk           | BODY        | ENDSWITH   | lk       | false",
      "priority:H              | PRIORITY    | EQUALS     | H        | false",
      "kind:note               | KIND        | EQUALS     | note     | false",
      "description:a:b         | DESCRIPTION | EQUALS     | a:b      | false",
  })
  void textAttributes(String word, TextAttribute attr, TextMatch match, String value, boolean negated) {
    Filter expected = new Filter.Text(attr, match, value);
    assertThat(parse(word)).isEqualTo(negated ? new Not(expected) : expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "due:today          | DUE       | SAME_DAY | today | false",
      "due.is:today       | DUE       | IS       | today | false",
      "due.not:today      | DUE       | SAME_DAY | today | true",
      "due.isnt:today     | DUE       | IS       | today | true",
      "due.before:eom     | DUE       | BEFORE   | eom   | false",
      "due.under:eom      | DUE       | BEFORE   | eom   | false",
      "due.after:today    | DUE       | AFTER    | today | false",
      "due.above:today    | DUE       | AFTER    | today | false",
      "due.by:+3d         | DUE       | BY       | +3d   | false",
      "scheduled.before:2026-12-01 | SCHEDULED | BEFORE | 2026-12-01 | false",
      "wait.after:now     | WAIT      | AFTER    | now   | false",
      "until.before:1y    | UNTIL     | BEFORE   | 1y    | false",
      "start.any:         | START     | NONE     |       | true",
      "due:               | DUE       | NONE     |       | false",
      "entry.after:-2w    | ENTRY     | AFTER    | -2w   | false",
      "modified.by:now    | MODIFIED  | BY       | now   | false",
  })
  void dateAttributes(String word, DateAttribute attr, DateMatch match, String value, boolean negated) {
    Filter expected = new Filter.Date(attr, match, value == null ? null : DateExpr.parse(value));
    assertThat(parse(word)).isEqualTo(negated ? new Not(expected) : expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "due.before:someday          | bad filter word 'due.before:someday': 'someday' is not a date",
      "due.befor:eom               | bad filter word 'due.befor:eom': unknown modifier '.befor'",
      "projet:Home                 | bad filter word 'projet:Home': 'projet' is not an attribute",
      "status:open                 | bad filter word 'status:open': status is pending, completed, deleted or waiting",
      "status.before:today         | bad filter word 'status.before:today': status takes no .before modifier",
      "project.before:eom          | bad filter word 'project.before:eom': .before compares dates",
      "due.has:x                   | bad filter word 'due.has:x': .has compares text",
      "description.has:            | bad filter word 'description.has:': .has needs a value",
      "+a,b                        | bad filter word '+a,b': bad tag",
      "a or                        | bad filter word 'or': 'or' needs a filter term on each side",
      "or a                        | bad filter word 'or': 'or' needs a filter term on each side",
      "a and and b                 | bad filter word 'and': 'and' needs a filter term on each side",
      "( a                         | bad filter word '(': '(' without a matching ')'",
      "a )                         | bad filter word ')': ')' without a matching '('",
      "( )                         | bad filter word '()': empty parentheses",
  })
  void badWordsAreNamed(String words, String message) {
    assertThatThrownBy(() -> parse(words.strip())).isInstanceOf(HephException.InvalidInput.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void liveDefaultStepsAsideWhenAStatusIsNamed() {
    assertThat(Filter.liveUnlessStatusNamed(parse(""))).isEqualTo(new Filter.Live());
    assertThat(Filter.liveUnlessStatusNamed(parse("+x"))).isEqualTo(new And(new Filter.Live(), new HasTag("x")));
    assertThat(Filter.liveUnlessStatusNamed(parse("+x or status:completed")))
        .isEqualTo(parse("+x or status:completed"));
    assertThat(Filter.liveUnlessStatusNamed(parse("+WAITING"))).isEqualTo(parse("+WAITING"));
  }
}
