package dev.heph.core;

import dev.heph.core.clock.Hlc;
import dev.heph.core.merge.InMemoryMergeState;
import dev.heph.core.merge.MergeEngine;
import dev.heph.core.merge.MergeState;
import dev.heph.core.op.Field;
import dev.heph.core.op.Json;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpWriter;
import dev.heph.core.op.Value;
import dev.heph.core.store.SqliteStore;
import dev.heph.core.store.StoreDump;
import dev.heph.testkit.TempDbs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Test helper: every implementation of {@link MergeState}, behind one small interface, so that the
 * merge properties run unchanged against each (as TaskChampion runs one storage suite against
 * every storage backend). Dumps share {@link StoreDump}'s format, so states compare across
 * implementations and with the reference model.
 */
final class MergeStates {
  private MergeStates() {}

  /** An implementation, and how many cases each store-level property runs on it. */
  enum Impl {
    // The SQLite store keeps the case counts the properties had before the in-memory state came;
    // the in-memory state costs microseconds per op, so it takes many more cases in the same time.
    SQLITE(200, 100) {
      @Override
      Replica open(TempDbs dbs) {
        return new Sqlite(dbs.fresh());
      }
    },
    MEMORY(1000, 500) {
      @Override
      Replica open(TempDbs dbs) {
        return new Memory(new InMemoryMergeState());
      }
    };

    final int orderCases;
    final int viewCases;

    Impl(int orderCases, int viewCases) {
      this.orderCases = orderCases;
      this.viewCases = viewCases;
    }

    /** A fresh, empty replica of this implementation. */
    abstract Replica open(TempDbs dbs);
  }

  /** One replica's merge state under test. */
  sealed interface Replica extends AutoCloseable permits Sqlite, Memory {

    /** Applies one batch (one transaction where the implementation has them); returns the ops that were new. */
    List<Op> apply(List<Op> batch);

    /** The materialized state in {@link StoreDump#state} format. */
    String state();

    /** The materialized state, then the op log by hlc: what any two implementations must agree on. */
    default String stateAndOps() {
      return state() + ops();
    }

    /** The op log by hlc ({@code hlc|node|body} rows). */
    String ops();

    /** Everything this implementation can compare between two of its replicas. */
    String canonical();

    @Override
    void close();

    default void applyBatches(List<List<Op>> batches) {
      batches.forEach(this::apply);
    }
  }

  /** The SQLite store, in a fresh file that is deleted on close. */
  record Sqlite(Path path, SqliteStore store) implements Replica {
    Sqlite(Path path) {
      this(path, SqliteStore.open(path));
    }

    @Override
    public List<Op> apply(List<Op> batch) {
      return store.write(tx -> {
        List<Op> fresh = new ArrayList<>();
        for (Op op : batch) {
          if (tx.apply(op, null)) {
            fresh.add(op);
          }
        }
        return fresh;
      });
    }

    @Override
    public String state() {
      return StoreDump.state(store);
    }

    @Override
    public String ops() {
      return StoreDump.opLog(store);
    }

    @Override
    public String canonical() {
      return StoreDump.canonical(store);
    }

    @Override
    public void close() {
      store.close();
      TempDbs.drop(path);
    }
  }

  /** The in-memory state; ops apply one by one (it has no transactions to batch). */
  record Memory(InMemoryMergeState merge) implements Replica {
    @Override
    public List<Op> apply(List<Op> batch) {
      List<Op> fresh = new ArrayList<>();
      for (Op op : batch) {
        if (MergeEngine.apply(merge, op, null)) {
          fresh.add(op);
        }
      }
      return fresh;
    }

    @Override
    public String state() {
      StringBuilder nodes = new StringBuilder("nodes:\n");
      StringBuilder entries = new StringBuilder("entries:\n");
      StringBuilder shadowed = new StringBuilder("shadowed:\n");
      List<Field> byWireName = Arrays.stream(Field.values()).sorted(Comparator.comparing(Field::wireName)).toList();
      for (InMemoryMergeState.NodeState n : merge.nodes().values()) {
        List<String> row = new ArrayList<>(List.of(n.id()));
        row.add(n.kind());
        for (Field f : Field.values()) {
          List<Value> elements = n.sets().getOrDefault(f, List.of());
          row.add(f == Field.UDAS ? "{" + String.join(",", elements.stream()
              .map(v -> Json.quote(((Value.Uda) v).key()) + ":" + Json.quote(((Value.Uda) v).value())).toList()) + "}"
              : f.isSet() ? "[" + String.join(",", elements.stream().map(Value::json).toList()) + "]"
              : column(f, n.registers().get(f)));
        }
        row.add(n.created() == null ? null : n.created().toString());
        row.add(n.updated().toString());
        row.add(Integer.toString(n.conflictMask()));
        nodes.append(StoreDump.row(row.toArray(String[]::new)));
        for (Field f : byWireName) {
          for (MergeState.Entry e : n.entries().getOrDefault(f, List.of())) {
            entries.append(StoreDump.row(n.id(), f.wireName(), e.hlc().toString(), e.value().json()));
          }
          for (Hlc hlc : n.shadows().getOrDefault(f, Collections.emptySortedSet())) {
            shadowed.append(StoreDump.row(n.id(), f.wireName(), hlc.toString()));
          }
        }
      }
      return nodes.append(entries).append(shadowed).toString();
    }

    @Override
    public String ops() {
      StringBuilder sb = new StringBuilder("ops:\n");
      for (Op op : merge.log().values()) {
        sb.append(StoreDump.row(op.hlc().toString(), op.node(), OpWriter.toJson(op)));
      }
      return sb.toString();
    }

    @Override
    public String canonical() {
      return stateAndOps();
    }

    @Override
    public void close() {}

    /** A register's column text as the nodes table holds it (see the store's ValueColumns). */
    private static String column(Field field, Value visible) {
      if (field == Field.DELETED) {
        return visible instanceof Value.Flag(boolean on) && on ? "1" : "0";
      }
      return switch (visible) {
        case null -> null;
        case Value.Null n -> null;
        case Value.Text(String text) -> text;
        case Value.Flag f -> throw new AssertionError("a flag in register " + field.wireName());
        case Value.Link l -> throw new AssertionError("a link in register " + field.wireName());
        case Value.Annotation a -> throw new AssertionError("an annotation in register " + field.wireName());
        case Value.Uda u -> throw new AssertionError("a uda in register " + field.wireName());
      };
    }
  }
}
