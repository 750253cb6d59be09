package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One device: a database file driven by the real CLI. */
final class Replica {
  final String name;
  final Path db;
  private final HephCli cli;

  Replica(String name, Path dir, HephCli cli) {
    this.name = name;
    this.db = dir.resolve(name + ".db");
    this.cli = cli;
  }

  /** {@code heph --db DB ARGS...}. */
  HephCli.Result run(String... args) {
    return cli.on(db, args);
  }

  /** {@code heph add ARGS...}, returning the new node's id. */
  String add(String... args) {
    return run(concat("add", args)).ok().outLines().getFirst();
  }

  /** {@code heph edit ID ARGS...}. */
  void edit(String id, String... args) {
    List<String> all = new ArrayList<>(List.of("edit", id));
    all.addAll(List.of(args));
    run(all.toArray(String[]::new)).ok();
  }

  /** {@code heph sync --json [--hub-url URL]} (null: the remembered URL), which must succeed; its report. */
  Map<String, Object> sync(String url) {
    HephCli.Result r = url == null ? run("sync", "--json") : run("sync", "--hub-url", url, "--json");
    Map<String, Object> report = Json.object(r.ok().json());
    assertThat(report.keySet()).as("sync --json of %s", name)
        .containsExactlyInAnyOrder("hub", "pulled", "applied", "pushed", "reset");
    return report;
  }

  /** {@code heph list --all --json}, as printed. */
  String listAll() {
    return run("list", "--all", "--json").ok().out();
  }

  /** {@code heph conflicts --json}, as printed. */
  String conflicts() {
    return run("conflicts", "--json").ok().out();
  }

  long opCount() {
    return Sqlite.opCount(db);
  }

  @Override
  public String toString() {
    return name;
  }

  private static String[] concat(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
