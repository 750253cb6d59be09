package dev.heph.sync.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.sync.LoggedOp;
import dev.heph.sync.Protocol;
import dev.heph.sync.wire.PullPage;
import dev.heph.sync.wire.Wire;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pull pages are bounded by bytes as well as by count, always carry one op, and say {@code more} truly. */
class PullPageBytesTest {
  @TempDir Path dir;
  Heph heph;

  @BeforeEach
  void open() {
    heph = Heph.open(dir.resolve("hub.db"));
  }

  @AfterEach
  void close() {
    heph.close();
  }

  /** A pull answer as the hub writes it to the wire, and as a spoke reads it. */
  record Answer(int status, String text, PullPage page) {}

  Answer pull(Hub hub, long after, String at, int limit) throws IOException {
    HubResponse response = hub.handle("GET", "/sync/pull", "after=" + after + (after > 0 ? "&at=" + at : "")
        + "&limit=" + limit, null, 0, new ByteArrayInputStream(new byte[0]));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    response.writeTo(out);
    String text = out.toString(StandardCharsets.UTF_8);
    List<Op> ops = new ArrayList<>();
    PullPage page = response.status() != 200 ? null
        : Wire.readPullPage(new ByteArrayInputStream(out.toByteArray()), Long.MAX_VALUE, ops::addAll);
    return new Answer(response.status(), text, page);
  }

  List<LoggedOp> log() {
    return heph.hubStore().after(0, Integer.MAX_VALUE);
  }

  static long bytes(List<LoggedOp> rows) {
    return rows.stream().mapToLong(r -> r.json().getBytes(StandardCharsets.UTF_8).length + 1).sum();
  }

  @Test
  void aPageStopsBeforeTheOpThatWouldPassTheBudgetAndTheNextPageGoesOnFromThere() throws IOException {
    for (int i = 0; i < 12; i++) {
      heph.add(new NewNode("note", "note " + i, "x".repeat(900), List.of(), null, null, null));
    }
    List<LoggedOp> log = log();
    long budget = 4000;
    Hub hub = new Hub(heph, budget);
    List<String> received = new ArrayList<>();
    long after = 0;
    String at = "";
    int pages = 0;
    while (true) {
      Answer a = pull(hub, after, at, 5000);
      assertThat(a.status()).isEqualTo(200);
      PullPage page = a.page();
      pages++;
      List<LoggedOp> sent = log.subList(received.size(), received.size() + page.ops().size());
      assertThat(page.ops()).extracting(op -> op.hlc().toString()).containsExactlyElementsOf(sent.stream().map(LoggedOp::hlc).toList());
      assertThat(bytes(sent)).as("page %d", pages).isLessThanOrEqualTo(budget);
      int end = received.size() + page.ops().size();
      if (end < log.size()) {
        // Full: the op that did not fit would have passed the budget.
        assertThat(bytes(log.subList(received.size(), end + 1))).isGreaterThan(budget);
      }
      sent.forEach(r -> received.add(r.hlc()));
      assertThat(page.more()).as("more after page %d", pages).isEqualTo(received.size() < log.size());
      assertThat(page.next()).isEqualTo(log.get(received.size() - 1).seq());
      if (!page.more()) {
        break;
      }
      after = page.next();
      at = page.ops().getLast().hlc().toString();
    }
    assertThat(received).containsExactlyElementsOf(log.stream().map(LoggedOp::hlc).toList());
    assertThat(pages).isGreaterThan(3);
  }

  @Test
  void anOpLargerThanTheBudgetGoesAloneAndTheOneAfterItToo() throws IOException {
    heph.add(NewNode.task("small first"));
    String big = "\u0001".repeat(Field.MAX_TEXT); // the longest text, 6 bytes a char in JSON
    heph.add(new NewNode("note", "huge", big, List.of(), null, null, null));
    heph.add(new NewNode("note", "huge too", big, List.of(), null, null, null));
    List<LoggedOp> log = log();
    int firstBig = indexOfLongest(log);
    Hub hub = new Hub(heph); // the real budget: a maximum-size op is less than it, two more
    assertThat(bytes(log.subList(firstBig, firstBig + 1))).isGreaterThan(Protocol.PULL_PAGE_BYTES / 4);

    long tiny = 10;
    Hub strict = new Hub(heph, tiny);
    LoggedOp before = log.get(firstBig - 1);
    Answer a = pull(strict, before.seq(), before.hlc(), 5000);
    assertThat(a.page().ops()).hasSize(1);
    assertThat(a.page().ops().getFirst().hlc().toString()).isEqualTo(log.get(firstBig).hlc());
    assertThat(a.page().more()).isTrue();
    assertThat(a.page().next()).isEqualTo(log.get(firstBig).seq());
    // The last op alone: nothing follows it.
    LoggedOp last = log.getLast();
    LoggedOp beforeLast = log.get(log.size() - 2);
    Answer end = pull(strict, beforeLast.seq(), beforeLast.hlc(), 5000);
    assertThat(end.page().ops()).extracting(op -> op.hlc().toString()).containsExactly(last.hlc());
    assertThat(end.page().more()).isFalse();

    // With the real budget, both maximum-size bodies fit in one page of at most the budget.
    Answer all = pull(hub, 0, "", 5000);
    assertThat(all.page().ops()).hasSize(log.size());
    assertThat((long) all.text().getBytes(StandardCharsets.UTF_8).length).isLessThan(Protocol.PULL_PAGE_BYTES + 200);
  }

  @Test
  void theRealBudgetSplitsAHistoryOfMaximumSizeOps() throws IOException {
    String big = "\u0001".repeat(Field.MAX_TEXT);
    for (int i = 0; i < 6; i++) {
      heph.add(new NewNode("note", "huge " + i, big, List.of(), null, null, null));
    }
    Hub hub = new Hub(heph);
    long after = 0;
    String at = "";
    int ops = 0;
    while (true) {
      Answer a = pull(hub, after, at, 5000);
      long size = a.text().getBytes(StandardCharsets.UTF_8).length;
      assertThat(size).as("a page's size").isLessThanOrEqualTo(Protocol.PULL_PAGE_BYTES + 200);
      ops += a.page().ops().size();
      if (!a.page().more()) {
        break;
      }
      after = a.page().next();
      at = a.page().ops().getLast().hlc().toString();
    }
    assertThat(ops).isEqualTo(log().size());
  }

  @Test
  void moreIsFalseWhenTheCountOrTheBudgetEndsExactlyAtTheLogsEnd() throws IOException {
    for (int i = 0; i < 3; i++) {
      heph.add(NewNode.task("task " + i));
    }
    List<LoggedOp> log = log();
    Answer byCount = pull(new Hub(heph), 0, "", log.size());
    assertThat(byCount.page().ops()).hasSize(log.size());
    assertThat(byCount.page().more()).isFalse();
    Answer byBytes = pull(new Hub(heph, bytes(log)), 0, "", 5000);
    assertThat(byBytes.page().ops()).hasSize(log.size());
    assertThat(byBytes.page().more()).isFalse();
    Answer oneShort = pull(new Hub(heph, bytes(log) - 1), 0, "", 5000);
    assertThat(oneShort.page().ops()).hasSize(log.size() - 1);
    assertThat(oneShort.page().more()).isTrue();
    Answer check = pull(new Hub(heph), log.getLast().seq(), log.getLast().hlc(), 0);
    assertThat(check.text()).isEqualTo("{\"ops\":[],\"next\":" + log.getLast().seq() + ",\"more\":false,\"epoch\":\""
        + new Hub(heph).epoch() + "\"}\n");
  }

  @Test
  void aPageIsByteForByteTheFormatOlderSpokesRead() throws IOException {
    heph.add(NewNode.task("caf\u00e9 \"quoted\" \ud83d\ude00"));
    List<LoggedOp> log = log();
    Hub hub = new Hub(heph);
    Answer a = pull(hub, 0, "", 2);
    String expected = "{\"ops\":[" + log.get(0).json() + "," + log.get(1).json() + "],\"next\":" + log.get(1).seq()
        + ",\"more\":true,\"epoch\":\"" + hub.epoch() + "\"}\n";
    assertThat(a.text()).isEqualTo(expected);
  }

  private static int indexOfLongest(List<LoggedOp> log) {
    int best = 0;
    for (int i = 1; i < log.size(); i++) {
      if (log.get(i).json().length() > log.get(best).json().length()) {
        best = i;
      }
    }
    return best;
  }
}
