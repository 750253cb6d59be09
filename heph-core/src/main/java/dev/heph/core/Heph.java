package dev.heph.core;

import dev.heph.core.HephException.StoreFailure;
import dev.heph.core.clock.Hlc;
import dev.heph.core.clock.HybridClock;
import dev.heph.core.op.Field;
import dev.heph.core.op.NodeId;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpReader;
import dev.heph.core.op.RandomBytes;
import dev.heph.core.op.Value;
import dev.heph.core.store.DeviceNames;
import dev.heph.core.store.SqliteStore;
import dev.heph.core.store.Tx;
import dev.heph.core.sync.HubStore;
import dev.heph.core.sync.SpokeStore;
import dev.heph.core.text.Unicode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The use cases of one replica. The CLI, the daemon's RPC and the hub all call this facade; each
 * method is one transaction, so a command either happens whole or not at all.
 */
public final class Heph implements AutoCloseable {

  /**
   * How a replica is opened: its wall clock, how much clock drift it tolerates from others, and
   * where the random bits of new ids come from (null: the kernel; simulations pass a seeded one).
   */
  public record Options(Clock wallClock, Duration maxDrift, RandomGenerator idRandom) {
    public static final Options DEFAULTS = new Options(Clock.systemDefaultZone(), HybridClock.DEFAULT_MAX_DRIFT, null);

    public Options(Clock wallClock, Duration maxDrift) {
      this(wallClock, maxDrift, null);
    }
  }

  private final SqliteStore store;
  private final HybridClock clock;
  private final Clock wallClock;
  private final RandomGenerator idRandom;

  private Heph(SqliteStore store, Options options) {
    this.store = store;
    this.wallClock = options.wallClock();
    this.idRandom = options.idRandom();
    this.clock = new HybridClock(store.origin(), wallClock::millis, options.maxDrift());
  }

  /** Opens the replica at {@code db}, creating it when absent. */
  public static Heph open(Path db) {
    return open(db, Options.DEFAULTS);
  }

  public static Heph open(Path db, Options options) {
    return new Heph(SqliteStore.open(db, options.wallClock()::millis), options);
  }

  /**
   * Checks the replica at {@code db} without creating one: SQLite's integrity check and heph's own
   * invariants (see {@link #check()}). A file too damaged to open gives a report of that.
   */
  public static CheckReport check(Path db) {
    if (!Files.isRegularFile(db)) {
      throw new StoreFailure(StoreFailure.Kind.STORE_UNUSABLE, "no database at " + db.toAbsolutePath(), null);
    }
    Heph heph;
    try {
      heph = open(db);
    } catch (StoreFailure e) {
      if (e.kind() != StoreFailure.Kind.STORE_DAMAGED) {
        throw e;
      }
      return new CheckReport(0, 0, List.of(new CheckReport.Problem(CheckReport.Kind.SQLITE, e.getMessage())));
    }
    try (heph) {
      return heph.check();
    }
  }

  /**
   * Checks this replica: SQLite's integrity check, the full-text index, the meta facts, every op
   * (strict decoding, hlc uniqueness and order), and that the materialized state equals a replay
   * of the op log. Damage found is recorded, so no process syncs this replica until a check passes.
   */
  public CheckReport check() {
    return store.check();
  }

  /** SQLite's quick check alone (cheap); the problems found, none when healthy. Damage found is recorded. */
  public List<CheckReport.Problem> quickCheck() {
    return store.quickCheck();
  }

  /** Why this replica is known to be damaged (a check found damage, or SQLite reported it), or empty. */
  public Optional<String> knownDamage() {
    return store.knownDamage();
  }

  /** The underlying store, for core's own tests; sync uses {@link #spokeStore()} and {@link #hubStore()}. */
  SqliteStore store() {
    return store;
  }

  /** This replica's store as a spoke syncing with a hub uses it (cursors, pulls, pushes, re-stamps). */
  public SpokeStore spokeStore() {
    return store.spokeStore(clock);
  }

  /** This replica's op log as a hub serving spokes uses it (epoch, pages, idempotent appends). */
  public HubStore hubStore() {
    return store.hubStore(clock);
  }

  /** The database file, as given (absolute). */
  public Path path() {
    return store.path();
  }

  /**
   * What opening changed that the person should hear about once: files of this database (or
   * heph's own folder) that other users could read, and were made private.
   */
  public List<String> notices() {
    return store.notices();
  }

  /**
   * SQLite's data version: it changes whenever another connection (another process, or another
   * facade on the same file) commits. A daemon polls it to notice CLI writes.
   */
  public long dataVersion() {
    return store.dataVersion();
  }

  /** This device's origin id. */
  public String origin() {
    return store.origin();
  }

  /** The wall clock this replica stamps ops with. */
  public Clock wallClock() {
    return wallClock;
  }

  /** Creates a task or note and returns it. */
  public Node add(NewNode spec) {
    return add(spec, NodeView.NODE);
  }

  /**
   * Creates a task or note and returns it in {@code shape}, read in the same transaction (so a
   * caller printing its JSON reads it once). The same holds for every write below.
   */
  public <T> T add(NewNode spec, NodeView<T> shape) {
    String kind = Inputs.kind(spec.kind() == null ? "task" : spec.kind());
    String title = Inputs.title(spec.title());
    String body = Inputs.text("body", spec.body());
    String due = spec.due() == null ? null : Inputs.dueDate(spec.due(), today());
    String priority = spec.priority() == null ? null : Inputs.priority(spec.priority());
    List<String> tags = spec.tags().stream().map(Inputs::tag).distinct().toList();
    return store.write(tx -> {
      String parent = spec.parent() == null ? null : tx.queries().resolve(spec.parent());
      LocalOps w = new LocalOps(tx, clock);
      String id = NodeId.newId(wallClock.millis(), idBits());
      w.apply(new Op.Create(w.next(), id, kind));
      w.set(id, Field.TITLE, Value.text(title));
      if (kind.equals("task")) {
        w.set(id, Field.STATUS, Value.text("open"));
      }
      if (body != null && !body.isEmpty()) {
        w.set(id, Field.BODY, Value.text(body));
      }
      if (due != null) {
        w.set(id, Field.DUE, Value.text(due));
      }
      if (priority != null) {
        w.set(id, Field.PRIORITY, Value.text(priority));
      }
      if (parent != null) {
        w.set(id, Field.PARENT, Value.text(parent));
      }
      for (String tag : tags) {
        w.apply(new Op.Add(w.next(), id, Field.TAGS, Value.text(tag)));
      }
      return tx.queries().node(id, shape);
    });
  }

  /**
   * The node with this working-set number, id or unique id prefix (the forms every {@code ref} of
   * this facade takes; see {@link dev.heph.core.store.NodeQueries#resolve}).
   */
  public Node get(String ref) {
    return get(ref, NodeView.NODE);
  }

  /** The node with this id or unique id prefix, in {@code shape}. */
  public <T> T get(String ref, NodeView<T> shape) {
    return store.read(tx -> tx.queries().node(tx.queries().resolve(ref), shape));
  }

  /** Streams the nodes that match the filter, in creation order. */
  public void list(NodeFilter filter, Consumer<Node> sink) {
    list(filter, NodeView.NODE, sink);
  }

  /** Streams the matching nodes in the given view (records, or their JSON text). */
  public <T> void list(NodeFilter filter, NodeView<T> view, Consumer<T> sink) {
    NodeFilter checked = new NodeFilter(filter.all(),
        filter.kind() == null ? null : Inputs.kind(filter.kind()),
        filter.status() == null ? null : Inputs.status(filter.status()),
        filter.tag() == null ? null : Inputs.tag(filter.tag()));
    store.read(tx -> {
      tx.queries().list(checked, view, sink);
      return null;
    });
  }

  /** All matching nodes as a list (small results; prefer the streaming form for big ones). */
  public List<Node> list(NodeFilter filter) {
    List<Node> out = new ArrayList<>();
    list(filter, out::add);
    return out;
  }

  /** The shortest id prefix length (at least 8) that distinguishes all nodes. */
  public int shortIdLength() {
    return store.read(tx -> tx.queries().uniquePrefixLength(8));
  }

  /** The shortest prefix (at least 8 characters) that names the node with this full id alone. */
  public String uniquePrefix(String id) {
    return store.read(tx -> tx.queries().uniquePrefix(id));
  }

  /** Applies edits; fields that already hold the asked value are not rewritten. */
  public Node update(String ref, Changes changes) {
    return update(ref, changes, NodeView.NODE);
  }

  /** See {@link #update(String, Changes)}; returns the node in {@code shape}. */
  public <T> T update(String ref, Changes changes, NodeView<T> shape) {
    if (changes.isEmpty()) {
      throw new HephException.InvalidInput("nothing to change: give at least one field to edit");
    }
    String title = changes.title() == null ? null : Inputs.title(changes.title());
    String status = changes.status() == null ? null : Inputs.status(changes.status());
    Value due = changes.due() == null ? null
        : Inputs.isUnset(changes.due()) ? Value.NULL : Value.text(Inputs.dueDate(changes.due(), today()));
    Value priority = changes.priority() == null ? null
        : Inputs.isUnset(changes.priority()) ? Value.NULL : Value.text(Inputs.priority(changes.priority()));
    Value body = changes.body() == null ? null
        : changes.body().isEmpty() ? Value.NULL : Value.text(Inputs.text("body", changes.body()));
    List<String> addTags = changes.addTags().stream().map(Inputs::tag).distinct().toList();
    List<String> removeTags = changes.removeTags().stream().map(Inputs::tag).distinct().toList();
    for (String t : addTags) {
      if (removeTags.contains(t)) {
        throw new HephException.InvalidInput("tag '" + t + "' is both added and removed");
      }
    }
    return store.write(tx -> {
      Node node = existing(tx, ref);
      if (status != null && !node.isTask()) {
        throw new HephException.InvalidInput("node " + node.id() + " is a note; only tasks have a status");
      }
      LocalOps w = new LocalOps(tx, clock);
      if (title != null) {
        w.setIfChanged(node, Field.TITLE, Value.text(title));
      }
      if (body != null) {
        w.setIfChanged(node, Field.BODY, body);
      }
      if (status != null) {
        w.setIfChanged(node, Field.STATUS, Value.text(status));
      }
      if (due != null) {
        w.setIfChanged(node, Field.DUE, due);
      }
      if (priority != null) {
        w.setIfChanged(node, Field.PRIORITY, priority);
      }
      for (String tag : addTags) {
        if (!node.tags().contains(tag)) {
          w.apply(new Op.Add(w.next(), node.id(), Field.TAGS, Value.text(tag)));
        }
      }
      for (String tag : removeTags) {
        if (!w.removeElements(node.id(), Field.TAGS, e -> e.value().equals(Value.text(tag)))) {
          throw new HephException.InvalidInput("node " + node.id() + " has no tag '" + tag + "'");
        }
      }
      return tx.queries().node(node.id(), shape);
    });
  }

  /**
   * Appends a paragraph to a node's body, a blank line after what is there: one op, read and
   * written in one transaction, so an append never loses another made meanwhile. Refused while
   * the body holds conflicting values (appending to one would drop the others).
   */
  public <T> T appendToBody(String ref, String paragraph, NodeView<T> shape) {
    String text = Inputs.text("text", paragraph).stripTrailing();
    if (text.isBlank()) {
      throw new HephException.InvalidInput("nothing to append: the text is empty");
    }
    return store.write(tx -> {
      Node node = existing(tx, ref);
      if (node.conflicts().contains(Field.BODY.wireName())) {
        throw new HephException.InvalidInput("the body of " + node.id() + " holds conflicting values;"
            + " resolve them first (heph conflicts)");
      }
      String body = node.body() == null || node.body().isBlank() ? text : node.body().stripTrailing() + "\n\n" + text;
      new LocalOps(tx, clock).set(node.id(), Field.BODY, Value.text(Inputs.text("body", body)));
      return tx.queries().node(node.id(), shape);
    });
  }

  /** Marks a task done. */
  public Node done(String ref) {
    return done(ref, NodeView.NODE);
  }

  /** Marks a task done; returns it in {@code shape}. */
  public <T> T done(String ref, NodeView<T> shape) {
    return update(ref, new Changes(null, null, "done", null, null, null, null), shape);
  }

  /** Soft-deletes a node: it leaves the default list but keeps its history and can be restored. */
  public Node delete(String ref) {
    return delete(ref, NodeView.NODE);
  }

  /** Soft-deletes a node; returns it in {@code shape}. */
  public <T> T delete(String ref, NodeView<T> shape) {
    return setDeleted(ref, true, shape);
  }

  /** Brings back a deleted node, with any edits made concurrently with its deletion. */
  public Node restore(String ref) {
    return restore(ref, NodeView.NODE);
  }

  /** Brings back a deleted node; returns it in {@code shape}. */
  public <T> T restore(String ref, NodeView<T> shape) {
    return setDeleted(ref, false, shape);
  }

  private <T> T setDeleted(String ref, boolean deleted, NodeView<T> shape) {
    return store.write(tx -> {
      Node node = existing(tx, ref);
      LocalOps w = new LocalOps(tx, clock);
      w.setIfChanged(node, Field.DELETED, new Value.Flag(deleted));
      return tx.queries().node(node.id(), shape);
    });
  }

  /** Adds a typed link from one node to another. */
  public Node link(String ref, String otherRef, String type) {
    return link(ref, otherRef, type, NodeView.NODE);
  }

  /** Adds a typed link; returns the node in {@code shape}. */
  public <T> T link(String ref, String otherRef, String type, NodeView<T> shape) {
    String linkType = Inputs.linkType(type == null ? "related" : type);
    return store.write(tx -> {
      Node node = existing(tx, ref);
      String other = tx.queries().resolve(otherRef);
      if (other.equals(node.id())) {
        throw new HephException.InvalidInput("a node cannot link to itself");
      }
      if (!node.links().contains(new Node.Link(linkType, other))) {
        LocalOps w = new LocalOps(tx, clock);
        w.apply(new Op.Add(w.next(), node.id(), Field.LINKS, new Value.Link(linkType, other)));
      }
      return tx.queries().node(node.id(), shape);
    });
  }

  /** Removes the links from one node to another (of one type, or of every type when type is null). */
  public Node unlink(String ref, String otherRef, String type) {
    return unlink(ref, otherRef, type, NodeView.NODE);
  }

  /** Removes links; returns the node in {@code shape}. */
  public <T> T unlink(String ref, String otherRef, String type, NodeView<T> shape) {
    Unicode.requireValid("link type", type);
    return store.write(tx -> {
      Node node = existing(tx, ref);
      String other = tx.queries().resolve(otherRef);
      LocalOps w = new LocalOps(tx, clock);
      boolean removed = w.removeElements(node.id(), Field.LINKS, e -> {
        Value.Link link = (Value.Link) e.value();
        return link.to().equals(other) && (type == null || link.type().equals(type));
      });
      if (!removed) {
        throw new HephException.InvalidInput("node " + node.id() + " has no link to " + other
            + (type == null ? "" : " of type '" + type + "'"));
      }
      return tx.queries().node(node.id(), shape);
    });
  }

  /** Live nodes whose title or body contain all the words. */
  public List<Node> search(String words) {
    return search(words, NodeView.NODE);
  }

  /** Live nodes matching all the words, best first, in the given view. */
  public <T> List<T> search(String words, NodeView<T> view) {
    String checked = Inputs.text("search", words);
    return store.read(tx -> tx.queries().search(checked, 1000, view));
  }

  /** The documented JSON text of the node with this exact id. */
  public String json(String id) {
    return store.read(tx -> tx.queries().node(id, NodeView.JSON));
  }

  /** Every field with several concurrent values. */
  public List<Conflict> conflicts() {
    return store.read(tx -> tx.queries().conflicts());
  }

  /**
   * Resolves a conflict with one write whose {@code prev} names every current value: either a
   * new value ({@code value} non-null) or the value of one candidate ({@code pickHlc}).
   */
  public Node resolve(String ref, String fieldName, String value, String pickHlc) {
    return resolve(ref, fieldName, value, pickHlc, NodeView.NODE);
  }

  /** See {@link #resolve(String, String, String, String)}; returns the node in {@code shape}. */
  public <T> T resolve(String ref, String fieldName, String value, String pickHlc, NodeView<T> shape) {
    if ((value == null) == (pickHlc == null)) {
      throw new HephException.InvalidInput("give exactly one of a value or a candidate hlc to pick");
    }
    Field field;
    try {
      field = Field.named(fieldName);
    } catch (HephException.InvalidOp e) {
      throw new HephException.InvalidInput(e.getMessage());
    }
    return store.write(tx -> {
      Node node = existing(tx, ref);
      Conflict conflict = field.isRegister() ? tx.queries().conflict(node, field) : null;
      if (conflict == null) {
        throw new HephException.ConflictNotFound("field " + fieldName + " of node " + node.id() + " is not in conflict");
      }
      Value chosen;
      if (pickHlc != null) {
        Conflict.Candidate pick = conflict.values().stream()
            .filter(c -> c.hlc().equals(pickHlc) || c.hlc().startsWith(pickHlc)).reduce((a, b) -> {
              throw new HephException.InvalidInput("hlc prefix '" + pickHlc + "' matches several values");
            }).orElseThrow(() -> new HephException.ConflictNotFound("no value with hlc '" + pickHlc
                + "' in the conflict on " + fieldName + "; see heph conflicts"));
        chosen = OpReader.parseValue(pick.valueJson());
      } else {
        chosen = userValue(field, value);
      }
      new LocalOps(tx, clock).set(node.id(), field, chosen);
      return tx.queries().node(node.id(), shape);
    });
  }

  /** Every device this replica knows (see {@link Device}): this one first. Reads the whole op log. */
  public List<Device> devices() {
    return store.read(tx -> DeviceNames.devices(tx, origin()));
  }

  /** The names given on this replica to devices, by origin id (local, never synced). */
  public Map<String, String> deviceNames() {
    return store.read(DeviceNames::all);
  }

  /**
   * Names a device on this replica: {@code ref} is its origin id, a unique prefix of a device this
   * replica knows, or null for this device. Returns the device's full origin id.
   */
  public String nameDevice(String ref, String name) {
    String n = Inputs.deviceName(name);
    return store.write(tx -> {
      String origin = ref == null ? origin() : resolveDevice(ref, DeviceNames.devices(tx, origin()));
      DeviceNames.put(tx, origin, n);
      return origin;
    });
  }

  private static String resolveDevice(String ref, List<Device> known) {
    String prefix = ref.strip().toLowerCase(Locale.ROOT);
    if (Hlc.isOrigin(prefix)) {
      return prefix;
    }
    List<String> matches = known.stream().map(Device::origin).filter(o -> !prefix.isEmpty() && o.startsWith(prefix)).toList();
    if (matches.size() > 1) {
      throw new HephException.InvalidInput("device '" + ref + "' is ambiguous; it matches " + String.join(", ", matches));
    }
    if (matches.isEmpty()) {
      throw new HephException.NotFound("no device '" + ref + "' among those this replica has changes from (see heph device);"
          + " a device id is 16 hex digits");
    }
    return matches.getFirst();
  }

  /** A node's ops, oldest first. */
  public List<HistoryEntry> history(String ref) {
    return store.read(tx -> tx.queries().history(tx.queries().resolve(ref)));
  }

  /**
   * Applies ops received from elsewhere (a hub), all or none: each is vetted for clock drift
   * first, then all are applied in one transaction. Returns how many were new.
   */
  public int applyRemote(List<Op> ops, String source) {
    ops.forEach(op -> clock.vet(op.hlc()));
    return store.write(tx -> tx.applyAll(ops, source));
  }

  private Value userValue(Field field, String value) {
    return switch (field) {
      case TITLE -> Value.text(Inputs.title(value));
      case STATUS -> Value.text(Inputs.status(value));
      case PRIORITY -> Inputs.isUnset(value) ? Value.NULL : Value.text(Inputs.priority(value));
      case DUE -> Inputs.isUnset(value) ? Value.NULL : Value.text(Inputs.dueDate(value, today()));
      case DELETED -> switch (value) {
        case "true" -> new Value.Flag(true);
        case "false" -> new Value.Flag(false);
        default -> throw new HephException.InvalidInput("deleted takes true or false");
      };
      case PARENT -> Inputs.isUnset(value) ? Value.NULL : Value.text(value);
      default -> value.isEmpty() ? Value.NULL : Value.text(Inputs.text(field.wireName(), value));
    };
  }

  private static Node existing(Tx tx, String ref) throws SQLException {
    return tx.queries().node(tx.queries().resolve(ref));
  }

  private byte[] idBits() {
    if (idRandom == null) {
      return RandomBytes.get(10);
    }
    byte[] bits = new byte[10];
    idRandom.nextBytes(bits);
    return bits;
  }

  /** Today in the clock's zone (by default this machine's: "tomorrow" is the person's, not UTC's). */
  private LocalDate today() {
    return LocalDate.now(wallClock);
  }

  @Override
  public void close() {
    store.close();
  }
}
