package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.NodeView;
import dev.heph.core.Report;
import dev.heph.core.json.NodeJson;
import dev.heph.core.query.Filter;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The task reports: {@code heph next} (the default), {@code all}, {@code completed},
 * {@code overdue}, {@code waiting}. Each is a table, or with {@code --json} an array of node
 * objects carrying their {@code urgency}; the store picks, sorts and limits the tasks.
 */
final class ReportCommand implements CliCommand {
  private final String name;
  private final Report.Scope scope;
  private final List<NodeTable.Col> columns;
  private final String[] description;

  private ReportCommand(String name, Report.Scope scope, List<NodeTable.Col> columns, String... description) {
    this.name = name;
    this.scope = scope;
    this.columns = columns;
    this.description = description;
  }

  private static final List<NodeTable.Col> BY_URGENCY = List.of(NodeTable.Col.NUM, NodeTable.Col.ID, NodeTable.Col.STATUS,
      NodeTable.Col.PRIORITY, NodeTable.Col.PROJECT, NodeTable.Col.DUE_IN, NodeTable.Col.TITLE, NodeTable.Col.TAGS,
      NodeTable.Col.URGENCY);
  private static final List<NodeTable.Col> WAITING = List.of(NodeTable.Col.NUM, NodeTable.Col.ID, NodeTable.Col.PRIORITY,
      NodeTable.Col.PROJECT, NodeTable.Col.WAIT_IN, NodeTable.Col.DUE_IN, NodeTable.Col.TITLE, NodeTable.Col.TAGS);

  static ReportCommand next() {
    return new ReportCommand("next", Report.Scope.NEXT, BY_URGENCY,
        "The most urgent pending tasks, most urgent first (heph's default report, as Taskwarrior's).",
        "Waiting tasks are left out. On a terminal, as many as fit its height; --json prints them all,",
        "each with its urgency (Taskwarrior 2.6's default coefficients: see docs/urgency.md).");
  }

  static ReportCommand all() {
    return new ReportCommand("all", Report.Scope.ALL, NodeTable.LIST,
        "Every task, whatever its status (done, cancelled and deleted ones too), in creation order.");
  }

  static ReportCommand completed() {
    return new ReportCommand("completed", Report.Scope.COMPLETED, NodeTable.LIST,
        "Done tasks, in the order they were last changed.");
  }

  static ReportCommand overdue() {
    return new ReportCommand("overdue", Report.Scope.OVERDUE, BY_URGENCY,
        "Pending tasks past their due date (or moment), most urgent first.");
  }

  static ReportCommand waiting() {
    return new ReportCommand("waiting", Report.Scope.WAITING, WAITING,
        "Pending tasks hidden until their wait date, the soonest to come back first.");
  }

  @Override
  public CommandSpec spec() {
    String[] text = new String[description.length + 1];
    System.arraycopy(description, 0, text, 0, description.length);
    text[description.length] = "With --json, prints a JSON array of node objects, each with \"urgency\".";
    CommandSpec spec = Spec.command(this, name, text);
    spec.addPositional(PositionalParamSpec.builder().index("0..*").arity("0..*").type(List.class)
        .auxiliaryTypes(String.class).paramLabel("FILTER").description("Filter words, as heph list takes them.").build());
    return spec;
  }

  @Override
  public int run(Invocation in) {
    Filter filter = Filter.parse(in.words(0));
    try (Heph heph = in.open()) {
      Output out = in.out();
      if (in.json()) {
        Consumer<String> array = out.jsonArrayStart();
        heph.report(new Report(scope, filter, 0), NodeView.JSON, r -> array.accept(NodeJson.withUrgency(r.node(), r.urgency())));
        out.jsonArrayEnd();
        return 0;
      }
      Terminal terminal = in.terminal();
      NodeTable table = new NodeTable(columns, true, heph::shortIdLength, terminal, Invocation.now(heph));
      heph.report(new Report(scope, filter, limit(terminal)), NodeView.NODE, r -> table.add(r.node(), r.urgency()));
      table.print(out);
    }
    return 0;
  }

  /** next fills the terminal's height (less the header and the lines under the table), as Taskwarrior's does. */
  private int limit(Terminal terminal) {
    if (scope != Report.Scope.NEXT || terminal.height() == 0) {
      return 0;
    }
    return Math.max(3, terminal.height() - 4);
  }
}
