package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpReader;
import dev.heph.testkit.HephCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every view renders every state the merge rules can produce: nodes received only in part (a pull
 * page that ended after a node's {@code create}), registers set to null, ops for a node whose
 * {@code create} has not arrived, parents and links that point nowhere, and concurrent values.
 */
class CliPartialNodesTest {
  private static final String ORIGIN = "9f3a6c01d2e4b758";
  private static final String BARE_TASK = "01a21222-3f79-79d2-b5df-914e280b28be";
  private static final String NULL_TITLE = "01a21222-3f79-79d2-b5df-914e280b28bf";
  private static final String ORPHAN = "01a21222-3f79-79d2-b5df-914e280b28c0";
  private static final String CONFLICTED = "01a21222-3f79-79d2-b5df-914e280b28c1";
  private static final String NOWHERE = "01a21222-3f79-79d2-b5df-914e280b2800";

  @TempDir Path dir;

  private int counter;

  private String hlc() {
    counter++;
    return String.format("0017640288%05d-%05d-%s", counter, 0, ORIGIN);
  }

  private String op(String node, String rest) {
    return "{\"hlc\":\"" + hlc() + "\",\"node\":\"" + node + "\"," + rest + "}";
  }

  private Path partialReplica() {
    List<String> json = new ArrayList<>();
    json.add(op(BARE_TASK, "\"op\":\"create\",\"value\":\"task\""));
    json.add(op(NULL_TITLE, "\"op\":\"create\",\"value\":\"task\""));
    String title = hlc();
    json.add("{\"hlc\":\"" + title + "\",\"node\":\"" + NULL_TITLE
        + "\",\"op\":\"set\",\"field\":\"title\",\"value\":\"x\",\"prev\":[]}");
    json.add(op(NULL_TITLE, "\"op\":\"set\",\"field\":\"title\",\"value\":null,\"prev\":[\"" + title + "\"]"));
    json.add(op(NULL_TITLE, "\"op\":\"set\",\"field\":\"status\",\"value\":null,\"prev\":[]"));
    json.add(op(NULL_TITLE, "\"op\":\"set\",\"field\":\"parent\",\"value\":\"" + NOWHERE + "\",\"prev\":[]"));
    json.add(op(NULL_TITLE, "\"op\":\"add\",\"field\":\"links\",\"value\":{\"type\":\"blocks\",\"to\":\"" + NOWHERE + "\"}"));
    // A node whose create has not arrived: only a title and a tag.
    json.add(op(ORPHAN, "\"op\":\"set\",\"field\":\"title\",\"value\":\"orphan\",\"prev\":[]"));
    json.add(op(ORPHAN, "\"op\":\"add\",\"field\":\"tags\",\"value\":\"x\""));
    json.add(op(CONFLICTED, "\"op\":\"create\",\"value\":\"task\""));
    json.add(op(CONFLICTED, "\"op\":\"set\",\"field\":\"status\",\"value\":\"open\",\"prev\":[]"));
    json.add(op(CONFLICTED, "\"op\":\"set\",\"field\":\"status\",\"value\":\"done\",\"prev\":[]"));
    json.add(op(CONFLICTED, "\"op\":\"set\",\"field\":\"status\",\"value\":null,\"prev\":[]"));
    json.add(op(CONFLICTED, "\"op\":\"set\",\"field\":\"title\",\"value\":null,\"prev\":[]"));
    json.add(op(CONFLICTED, "\"op\":\"set\",\"field\":\"title\",\"value\":\"two\",\"prev\":[]"));
    List<Op> ops = json.stream().map(OpReader::parse).toList();
    Path db = dir.resolve("partial.db");
    try (Heph heph = Heph.open(db)) {
      heph.applyRemote(ops, "hub");
    }
    return db;
  }

  @Test
  void everyViewRendersPartialNodes() {
    Path db = partialReplica();
    HephCli cli = new HephCli(dir);
    for (List<String> args : List.of(List.of("list"), List.of("list", "--all"), List.of("list", "--json"),
        List.of("list", "--all", "--json"), List.of("conflicts"), List.of("conflicts", "--json"),
        List.of("search", "--json", "orphan"))) {
      cli.on(db, args.toArray(String[]::new)).ok();
    }
    HephCli.Result search = cli.on(db, "search", "orphan");
    assertThat(search.code()).isZero();
    assertThat(search.out()).isEmpty();
    assertThat(search.err()).isEqualTo("heph: no matches\n");
    for (String id : List.of(BARE_TASK, NULL_TITLE, CONFLICTED)) {
      for (List<String> args : List.of(List.of("show", id), List.of("show", "--json", id), List.of("log", id),
          List.of("log", "--json", id))) {
        List<String> all = new ArrayList<>(args);
        cli.on(db, all.toArray(String[]::new)).ok();
      }
    }
    // Edits whose create has not arrived are kept, not shown: the node appears whole once it does.
    assertThat(cli.on(db, "show", ORPHAN).userError().message()).contains("no node");
    String table = cli.on(db, "list", "--all").ok().out();
    assertThat(table).contains("3 nodes").contains("(untitled)");
    try (Heph heph = Heph.open(db)) {
      heph.applyRemote(List.of(OpReader.parse(op(ORPHAN, "\"op\":\"create\",\"value\":\"note\""))), "hub");
    }
    assertThat(cli.on(db, "show", ORPHAN).ok().out()).contains("title:     orphan").contains("tags:      x");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> nodes = (List<Map<String, Object>>) cli.on(db, "list", "--all", "--json").ok().json();
    assertThat(nodes).hasSize(4);
    assertThat(nodes).allSatisfy(n -> assertThat(n).containsKeys("id", "kind", "title", "status", "tags", "conflicts"));
  }

  @Test
  void editsOfPartialNodesWork() {
    Path db = partialReplica();
    HephCli cli = new HephCli(dir);
    cli.on(db, "edit", BARE_TASK, "--title", "now titled").ok();
    cli.on(db, "done", NULL_TITLE).ok();
    assertThat(cli.on(db, "show", NULL_TITLE).ok().out()).contains("status:    done");
  }
}
