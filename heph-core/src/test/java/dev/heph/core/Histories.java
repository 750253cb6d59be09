package dev.heph.core;

import dev.heph.core.clock.Hlc;
import dev.heph.core.clock.HybridClock;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpWriter;
import dev.heph.core.op.Value;
import dev.heph.core.store.StoreDump;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Test helper: random op histories made by simulated replicas, and a reference model of the merge
 * rules written independently of the store (the oracle the store's state is compared with).
 *
 * <p>A history is driven by a list of {@link Step}s. In each step one replica first receives a
 * random subset of what another replica has seen (so views overlap partially and ops are made
 * concurrently), then its wall clock moves (possibly backwards), then it makes one op from what it
 * has seen: a create, a register write naming the heads it sees, a tag or link add, or a remove
 * naming the adds it sees. Steps are plain numbers, so any values make a valid step, and a seeded
 * {@link Random} makes them ({@link #randomSteps}).
 */
public final class Histories {
  private Histories() {}

  /** The fixed small set of node ids all replicas write to (so writes collide often). */
  public static final List<String> NODES = List.of(
      "01900000-0000-7000-8000-00000000000a",
      "01900000-0000-7000-8000-00000000000b",
      "01900000-0000-7000-8000-00000000000c");

  /** Device ids of the simulated replicas. */
  public static final List<String> ORIGINS = List.of(
      "a000000000000001", "b000000000000002", "c000000000000003", "0d00000000000004", "e000000000000005");

  /** The register fields the histories write, and the values each may take (few, so values repeat). */
  static final Map<Field, List<Value>> REGISTER_VALUES = registerValues();

  static final List<String> TAGS = List.of("a", "b", "c");
  static final List<String> LINK_TYPES = List.of("blocks", "related", "depends");
  static final List<Value> ANNOTATIONS = List.of(new Value.Annotation("2026-01-01T10:00:00Z", "called back"),
      new Value.Annotation("2026-01-01T10:00:00Z", "left a message"),
      new Value.Annotation("2026-01-02T08:15:00Z", "x"));
  static final List<String> UDA_KEYS = List.of("estimate", "size");
  static final List<String> UDA_VALUES = List.of("1", "2", "large \"box\"");

  private static final long BASE_MILLIS = 1_780_000_000_000L;
  private static final long[] CLOCK_OFFSETS = {0, 3, -2, 10, -5};

  private static Map<Field, List<Value>> registerValues() {
    Map<Field, List<Value>> m = new LinkedHashMap<>();
    m.put(Field.TITLE, List.of(Value.text("alpha"), Value.text("beta gamma"), Value.text("alpha beta")));
    m.put(Field.STATUS, List.of(Value.text("open"), Value.text("doing"), Value.text("done"), Value.NULL));
    m.put(Field.PRIORITY, List.of(Value.text("H"), Value.text("M"), Value.NULL));
    m.put(Field.DUE, List.of(Value.text("2026-01-01"), Value.text("2026-12-31"), Value.NULL));
    m.put(Field.DELETED, List.of(new Value.Flag(true), new Value.Flag(false)));
    m.put(Field.BODY, List.of(Value.text("notes on delta"), Value.NULL, Value.text("gamma \"quoted\"\n")));
    m.put(Field.PROJECT, List.of(Value.text("Home"), Value.text("Home.Garden"), Value.NULL));
    m.put(Field.SCHEDULED, List.of(Value.text("2026-03-01"), Value.text("2026-03-01T08:00:00Z"), Value.NULL));
    m.put(Field.WAIT, List.of(Value.text("2026-02-01T00:00:00Z"), Value.text("2026-02-02"), Value.NULL));
    m.put(Field.UNTIL, List.of(Value.text("2027-01-01"), Value.NULL));
    m.put(Field.START, List.of(Value.text("2026-01-05T09:30:00Z"), Value.NULL));
    return m;
  }

  /**
   * One simulation step. Every component is a small non-negative number interpreted modulo its
   * range, so any values (and any shrunk values) make a valid step.
   *
   * @param replica which replica acts
   * @param deliverFrom the replica whose ops it receives first (a value naming itself or past the
   *     last replica means: receive nothing)
   * @param deliverSeed chooses the subset received (a multiple of 4 means: everything)
   * @param action what kind of op to make (see {@link #simulate})
   * @param node which of the {@link #NODES}
   * @param choice which field, link type, or which heads a partial write names
   * @param value which value
   * @param clock how the wall clock moves before the op: {@code clock - 3} milliseconds
   */
  public record Step(int replica, int deliverFrom, long deliverSeed, int action, int node, int choice, int value,
      int clock) {}

  /** A history: how many replicas made it, its ops in the order they were made, and each replica's view. */
  public record History(int replicas, List<Op> ops, List<List<Op>> views) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("History(" + replicas + " replicas, " + ops.size() + " ops)");
      for (Op op : ops) {
        sb.append("\n  ").append(OpWriter.toJson(op));
      }
      return sb.toString();
    }
  }

  /** {@code count} random steps, each component drawn uniformly from the range it uses. */
  public static List<Step> randomSteps(Random random, int count) {
    List<Step> steps = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      steps.add(new Step(random.nextInt(5), random.nextInt(6), random.nextLong(), random.nextInt(ACTIONS),
          random.nextInt(3), random.nextInt(256), random.nextInt(6), random.nextInt(9)));
    }
    return steps;
  }

  /** How many kinds of op a step can make (see {@link Replica#make}). */
  static final int ACTIONS = 14;

  /** A random history of 3 to 5 replicas and 1 to 80 steps (sizes uniform: short ones are not favoured). */
  public static History randomHistory(Random random) {
    int replicas = 3 + random.nextInt(3);
    return simulate(replicas, randomSteps(random, 1 + random.nextInt(80)));
  }

  /** Runs the steps with {@code replicas} (3 to 5) simulated replicas. */
  public static History simulate(int replicas, List<Step> steps) {
    List<Replica> rs = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      rs.add(new Replica(ORIGINS.get(i), BASE_MILLIS + CLOCK_OFFSETS[i]));
    }
    List<Op> all = new ArrayList<>();
    for (Step step : steps) {
      Replica r = rs.get(Math.floorMod(step.replica(), replicas));
      int from = Math.floorMod(step.deliverFrom(), replicas + 1);
      if (from < replicas && rs.get(from) != r) {
        Random pick = new Random(step.deliverSeed());
        boolean everything = Math.floorMod(step.deliverSeed(), 4) == 0;
        for (Op op : rs.get(from).view.ops()) {
          if (everything || pick.nextBoolean()) {
            r.receive(op);
          }
        }
      }
      r.wall += Math.floorMod(step.clock(), 9) - 3;
      Op op = r.make(step);
      r.receive(op);
      all.add(op);
    }
    return new History(replicas, List.copyOf(all), rs.stream().map(x -> List.copyOf(x.view.ops())).toList());
  }

  /** A simulated replica: its view (the ops it has), its wall clock and its hybrid clock. */
  private static final class Replica {
    final View view = new View();
    final HybridClock clock;
    long wall;
    Hlc latest;

    Replica(String origin, long wall) {
      this.wall = wall;
      this.clock = new HybridClock(origin, () -> this.wall, Duration.ofDays(1));
    }

    void receive(Op op) {
      if (view.add(op) && (latest == null || op.hlc().compareTo(latest) > 0)) {
        latest = op.hlc();
      }
    }

    /**
     * The op for one step. Actions: 0 create; 1-3 write a register naming every head seen; 4 write
     * naming only some heads; 5 add a tag; 6 remove a tag; 7 add a link; 8 remove a link; 9 write
     * the currently visible value again; 10 add an annotation; 11 remove one; 12 add a uda (a
     * value for one of two keys, so concurrent ones conflict); 13 remove one. A node this replica
     * has not seen created is created first.
     */
    Op make(Step s) {
      String node = NODES.get(Math.floorMod(s.node(), NODES.size()));
      int value = Math.floorMod(s.value(), 1 << 16);
      int choice = Math.floorMod(s.choice(), 1 << 16);
      Hlc hlc = clock.next(latest);
      if (!view.created(node)) {
        return new Op.Create(hlc, node, value % 2 == 0 ? "task" : "note");
      }
      List<Field> registers = List.copyOf(REGISTER_VALUES.keySet());
      Field register = registers.get(choice % registers.size());
      List<Value> values = REGISTER_VALUES.get(register);
      return switch (Math.floorMod(s.action(), ACTIONS)) {
        case 0, 1, 2, 3 -> new Op.Set(hlc, node, register, values.get(value % values.size()),
            hlcs(view.heads(node, register)));
        case 4 -> {
          List<Hlc> heads = hlcs(view.heads(node, register));
          List<Hlc> some = new ArrayList<>();
          for (int i = 0; i < heads.size(); i++) {
            if ((choice >> (i % 16) & 1) == 1) {
              some.add(heads.get(i));
            }
          }
          yield new Op.Set(hlc, node, register, values.get(value % values.size()), some);
        }
        case 5 -> new Op.Add(hlc, node, Field.TAGS, Value.text(TAGS.get(value % TAGS.size())));
        case 6 -> remove(hlc, node, Field.TAGS, value)
            .orElse(new Op.Add(hlc, node, Field.TAGS, Value.text(TAGS.get(value % TAGS.size()))));
        case 7 -> new Op.Add(hlc, node, Field.LINKS, link(choice, value));
        case 8 -> remove(hlc, node, Field.LINKS, value).orElse(new Op.Add(hlc, node, Field.LINKS, link(choice, value)));
        case 10 -> new Op.Add(hlc, node, Field.ANNOTATIONS, ANNOTATIONS.get(value % ANNOTATIONS.size()));
        case 11 -> remove(hlc, node, Field.ANNOTATIONS, value)
            .orElse(new Op.Add(hlc, node, Field.ANNOTATIONS, ANNOTATIONS.get(value % ANNOTATIONS.size())));
        case 12 -> new Op.Add(hlc, node, Field.UDAS, uda(choice, value));
        case 13 -> remove(hlc, node, Field.UDAS, value).orElse(new Op.Add(hlc, node, Field.UDAS, uda(choice, value)));
        default -> {
          List<Op> heads = view.heads(node, register);
          Value again = heads.isEmpty() ? values.get(value % values.size()) : valueOf(heads.getLast());
          yield new Op.Set(hlc, node, register, again, hlcs(heads));
        }
      };
    }

    /** A remove of one element value this replica sees, naming every add of it that it sees. */
    private java.util.Optional<Op> remove(Hlc hlc, String node, Field field, int value) {
      List<Op> elements = view.heads(node, field);
      if (elements.isEmpty()) {
        return java.util.Optional.empty();
      }
      Value v = valueOf(elements.get(value % elements.size()));
      List<Hlc> adds = elements.stream().filter(e -> valueOf(e).equals(v)).map(Op::hlc).toList();
      return java.util.Optional.of(new Op.Remove(hlc, node, field, v, adds));
    }

    private static Value.Uda uda(int choice, int value) {
      return new Value.Uda(UDA_KEYS.get(choice % UDA_KEYS.size()), UDA_VALUES.get(value % UDA_VALUES.size()));
    }

    private static Value.Link link(int choice, int value) {
      return new Value.Link(LINK_TYPES.get(choice % LINK_TYPES.size()), NODES.get(value % NODES.size()));
    }
  }

  private static List<Hlc> hlcs(List<Op> ops) {
    return ops.stream().map(Op::hlc).toList();
  }

  static Value valueOf(Op op) {
    return switch (op) {
      case Op.Set s -> s.value();
      case Op.Add a -> a.value();
      case Op.Remove r -> r.value();
      case Op.Create c -> Value.text(c.kind());
    };
  }

  /**
   * A set of ops with the merge rules written out directly (the reference model): the heads of a
   * field are its writes (set or add ops) that no op of the same node and field names in prev.
   */
  public static final class View {
    private final Map<String, Op> byHlc = new LinkedHashMap<>();

    public View() {}

    public View(Collection<Op> ops) {
      ops.forEach(this::add);
    }

    /** Adds an op; false when one with its hlc is already here. */
    public boolean add(Op op) {
      return byHlc.putIfAbsent(op.hlc().toString(), op) == null;
    }

    public List<Op> ops() {
      return List.copyOf(byHlc.values());
    }

    boolean created(String node) {
      return byHlc.values().stream().anyMatch(op -> op instanceof Op.Create && op.node().equals(node));
    }

    /** Every hlc named in a prev by an op on this node and field. */
    Set<Hlc> named(String node, Field field) {
      Set<Hlc> out = new HashSet<>();
      for (Op op : byHlc.values()) {
        if (!op.node().equals(node)) {
          continue;
        }
        switch (op) {
          case Op.Set s when s.field() == field -> out.addAll(s.prev());
          case Op.Remove r when r.field() == field -> out.addAll(r.prev());
          default -> { }
        }
      }
      return out;
    }

    /** The register heads or set elements of a field, in hlc order. */
    public List<Op> heads(String node, Field field) {
      Set<Hlc> named = named(node, field);
      TreeMap<Hlc, Op> heads = new TreeMap<>();
      for (Op op : byHlc.values()) {
        boolean writes = switch (op) {
          case Op.Set s -> s.field() == field;
          case Op.Add a -> a.field() == field;
          default -> false;
        };
        if (writes && op.node().equals(node) && !named.contains(op.hlc())) {
          heads.put(op.hlc(), op);
        }
      }
      return List.copyOf(heads.values());
    }

    /**
     * The materialized tables the merge rules define for these ops, in {@link StoreDump#state}
     * format: what any correct store holding exactly these ops must contain.
     */
    public String expectedState() {
      TreeSet<String> nodes = new TreeSet<>();
      byHlc.values().forEach(op -> nodes.add(op.node()));
      StringBuilder nodeRows = new StringBuilder();
      StringBuilder entryRows = new StringBuilder();
      StringBuilder shadowRows = new StringBuilder();
      for (String node : nodes) {
        Op.Create first = null;
        Hlc updated = null;
        for (Op op : byHlc.values()) {
          if (!op.node().equals(node)) {
            continue;
          }
          if (updated == null || op.hlc().compareTo(updated) > 0) {
            updated = op.hlc();
          }
          if (op instanceof Op.Create c && (first == null || c.hlc().compareTo(first.hlc()) < 0)) {
            first = c;
          }
        }
        Map<Field, String> columns = new java.util.EnumMap<>(Field.class);
        int mask = 0;
        // Fields in wire-name order, like the entries and shadowed tables' keys.
        TreeMap<String, Field> fields = new TreeMap<>();
        for (Field f : Field.values()) {
          fields.put(f.wireName(), f);
        }
        for (Field f : fields.values()) {
          List<Op> heads = heads(node, f);
          for (Op h : heads) {
            entryRows.append(StoreDump.row(node, f.wireName(), h.hlc().toString(), valueOf(h).json()));
          }
          new TreeSet<>(named(node, f)).forEach(h -> shadowRows.append(StoreDump.row(node, f.wireName(), h.toString())));
          if (f == Field.UDAS) {
            // One register per key: the element with the greatest hlc shows; two values conflict.
            TreeMap<String, String> shown = new TreeMap<>();
            Map<String, Set<String>> valuesPerKey = new TreeMap<>();
            for (Op h : heads) {
              Value.Uda uda = (Value.Uda) valueOf(h);
              shown.put(uda.key(), uda.value());
              valuesPerKey.computeIfAbsent(uda.key(), k -> new HashSet<>()).add(uda.value());
            }
            if (valuesPerKey.values().stream().anyMatch(v -> v.size() > 1)) {
              mask |= f.bit();
            }
            List<String> pairs = new ArrayList<>();
            shown.forEach((k, v) -> pairs.add(dev.heph.core.op.Json.quote(k) + ":" + dev.heph.core.op.Json.quote(v)));
            columns.put(f, "{" + String.join(",", pairs) + "}");
          } else if (f.isSet()) {
            TreeSet<String> distinct = new TreeSet<>();
            heads.forEach(h -> distinct.add(valueOf(h).json()));
            columns.put(f, "[" + String.join(",", distinct) + "]");
          } else if (!heads.isEmpty()) {
            Value visible = valueOf(heads.getLast());
            if (heads.stream().anyMatch(h -> !valueOf(h).equals(visible))) {
              mask |= f.bit();
            }
            columns.put(f, switch (visible) {
              case Value.Flag(boolean on) -> on ? "1" : "0";
              case Value.Null n -> f == Field.DELETED ? "0" : null;
              case Value.Text(String t) -> t;
              case Value.Link l -> throw new AssertionError("link in a register");
              case Value.Annotation a -> throw new AssertionError("annotation in a register");
              case Value.Uda u -> throw new AssertionError("uda in a register");
            });
          } else {
            columns.put(f, f == Field.DELETED ? "0" : null);
          }
        }
        // In StoreDump.NODE_COLUMNS order: id, kind, every field in declaration order, then the rest.
        List<String> row = new ArrayList<>(List.of(node));
        row.add(first == null ? null : first.kind());
        for (Field f : Field.values()) {
          row.add(columns.get(f));
        }
        row.add(first == null ? null : first.hlc().toString());
        row.add(updated.toString());
        row.add(Integer.toString(mask));
        nodeRows.append(StoreDump.row(row.toArray(String[]::new)));
      }
      return "nodes:\n" + nodeRows + "entries:\n" + entryRows + "shadowed:\n" + shadowRows;
    }
  }
}
