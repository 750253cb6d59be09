package dev.heph.core;

import dev.heph.core.HephException.StoreFailure;
import dev.heph.core.clock.Hlc;
import dev.heph.core.clock.HybridClock;
import dev.heph.core.op.Field;
import dev.heph.core.op.Moments;
import dev.heph.core.op.NodeId;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpReader;
import dev.heph.core.op.RandomBytes;
import dev.heph.core.op.Value;
import dev.heph.core.query.Filter;
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
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
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
    String due = spec.due() == null ? null : moment(spec.due());
    String priority = spec.priority() == null ? null : Inputs.priority(spec.priority());
    List<String> tags = spec.tags().stream().map(Inputs::tag).distinct().toList();
    spec.udas().forEach((key, value) -> {
      if (value == null || value.isEmpty()) {
        throw new HephException.InvalidInput("uda '" + key + "' needs a value (KEY=VALUE)");
      }
    });
    TaskFields fields = TaskFields.of(spec.project(), spec.scheduled(), spec.waitUntil(), spec.until(), spec.udas(),
        this::moment);
    return store.write(tx -> {
      String parent = spec.parent() == null ? null : tx.queries().resolve(spec.parent());
      List<String> depends = resolveAll(tx, spec.depends());
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
      if (!fields.isEmpty()) {
        fields.write(w, tx.queries().node(id)); // a read only when there is something to write
      }
      for (String other : depends) {
        w.apply(new Op.Add(w.next(), id, Field.LINKS, new Value.Link(Node.DEPENDS, other)));
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
    list(filter, new Filter.Everything(), view, sink);
  }

  /**
   * Streams the nodes that match both list's flags ({@code filter}) and a filter read from the
   * command line ({@code words}, its dates on this facade's clock), in creation order.
   */
  public <T> void list(NodeFilter filter, Filter words, NodeView<T> view, Consumer<T> sink) {
    NodeFilter checked = new NodeFilter(filter.all(),
        filter.kind() == null ? null : Inputs.kind(filter.kind()),
        filter.status() == null ? null : Inputs.status(filter.status()),
        filter.tag() == null ? null : Inputs.tag(filter.tag()));
    store.read(tx -> {
      tx.queries().list(checked, words, wallClock.instant(), wallClock.getZone(), view, sink);
      return null;
    });
  }

  /** All matching nodes as a list (small results; prefer the streaming form for big ones). */
  public List<Node> list(NodeFilter filter) {
    List<Node> out = new ArrayList<>();
    list(filter, out::add);
    return out;
  }

  /**
   * Streams the tasks of a report in its order, each with its urgency now (the wall clock's
   * instant and zone, so tests pin both); sorting and limiting happen in the store.
   */
  public <T> void report(Report report, NodeView<T> view, Consumer<Ranked<T>> sink) {
    java.time.Instant now = wallClock.instant();
    int offset = wallClock.getZone().getRules().getOffset(now).getTotalSeconds();
    store.read(tx -> {
      tx.reports().report(report, now, wallClock.getZone(), offset, view, sink);
      return null;
    });
  }

  /** Each project of a task that is not deleted, with its own pending and done counts, by name. */
  public List<ProjectCount> projects() {
    return store.read(tx -> tx.reports().projects());
  }

  /** Each tag of a pending task, with how many pending tasks carry it, by tag. */
  public List<TagCount> tags() {
    return store.read(tx -> tx.reports().tags());
  }

  /**
   * Streams the nodes {@code filter} matches, in creation order, in the given view. Dates in the
   * filter ({@code today}, {@code eom}) are read on this facade's wall clock, in its zone. The filter
   * is taken as written: commands that show live nodes by default wrap it in
   * {@link Filter#liveUnlessStatusNamed}.
   */
  public <T> void query(Filter filter, NodeView<T> view, Consumer<T> sink) {
    store.read(tx -> {
      tx.queries().query(filter, wallClock.instant(), wallClock.getZone(), view, sink);
      return null;
    });
  }

  /** How many nodes {@code filter} matches (see {@link #query}). */
  public long count(Filter filter) {
    return store.read(tx -> tx.queries().count(filter, wallClock.instant(), wallClock.getZone()));
  }

  /** The shortest id prefix length (at least 8) that distinguishes all nodes. */
  public int shortIdLength() {
    return store.read(tx -> tx.queries().uniquePrefixLength(8));
  }

  /**
   * The shortest prefix length (at least 8) that tells each of {@code ids} apart from every other
   * node: for a report's few rows, two index lookups a row instead of reading every id.
   */
  public int shortIdLength(List<String> ids) {
    if (ids.size() > 500) {
      return shortIdLength();
    }
    return store.read(tx -> {
      int longest = 8;
      for (String id : ids) {
        longest = Math.max(longest, tx.queries().uniquePrefix(id).length());
      }
      return longest;
    });
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
        : Inputs.isUnset(changes.due()) ? Value.NULL : Value.text(moment(changes.due()));
    TaskFields fields = TaskFields.of(changes.project(), changes.scheduled(), changes.waitUntil(), changes.until(),
        changes.udas(), this::moment);
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
      List<String> addDepends = resolveAll(tx, changes.addDepends());
      List<String> removeDepends = resolveAll(tx, changes.removeDepends());
      for (String other : addDepends) {
        if (removeDepends.contains(other)) {
          throw new HephException.InvalidInput("dependency on " + other + " is both added and removed");
        }
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
        if (node.start() != null && (status.equals("done") || status.equals("cancelled"))) {
          w.setIfChanged(node, Field.START, Value.NULL); // a finished task is no longer active
        }
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
      fields.write(w, node);
      for (String other : addDepends) {
        if (other.equals(node.id())) {
          throw new HephException.InvalidInput("a task cannot depend on itself");
        }
        if (!node.depends().contains(other)) {
          w.apply(new Op.Add(w.next(), node.id(), Field.LINKS, new Value.Link(Node.DEPENDS, other)));
        }
      }
      for (String other : removeDepends) {
        if (!w.removeElements(node.id(), Field.LINKS, e -> e.value().equals(new Value.Link(Node.DEPENDS, other)))) {
          throw new HephException.InvalidInput("node " + node.id() + " does not depend on " + other);
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

  /** Adds an annotation (stamped now) under a node. */
  public Node annotate(String ref, String text) {
    return annotate(ref, text, NodeView.NODE);
  }

  /**
   * Adds an annotation under a node, stamped with this device's clock: an element of the
   * add-wins {@code annotations} set, so annotations made on two devices are both kept.
   */
  public <T> T annotate(String ref, String text, NodeView<T> shape) {
    String checked = Inputs.annotation(text);
    return store.write(tx -> {
      Node node = existing(tx, ref);
      LocalOps w = new LocalOps(tx, clock);
      w.apply(new Op.Add(w.next(), node.id(), Field.ANNOTATIONS,
          new Value.Annotation(Moments.instant(wallClock.instant()), checked)));
      return tx.queries().node(node.id(), shape);
    });
  }

  /** Starts work on a task: {@code start} is now (kept when already started) and the status {@code doing}. */
  public Node start(String ref) {
    return start(ref, NodeView.NODE);
  }

  /** See {@link #start(String)}; returns the task in {@code shape}. */
  public <T> T start(String ref, NodeView<T> shape) {
    return store.write(tx -> {
      Node node = existingTask(tx, ref, "start");
      LocalOps w = new LocalOps(tx, clock);
      if (node.start() == null || node.conflicts().contains(Field.START.wireName())) {
        w.set(node.id(), Field.START, Value.text(Moments.instant(wallClock.instant())));
      }
      w.setIfChanged(node, Field.STATUS, Value.text("doing"));
      return tx.queries().node(node.id(), shape);
    });
  }

  /** Stops work on a task: clears {@code start}, and a {@code doing} task is {@code open} again. */
  public Node stop(String ref) {
    return stop(ref, NodeView.NODE);
  }

  /** See {@link #stop(String)}; returns the task in {@code shape}. */
  public <T> T stop(String ref, NodeView<T> shape) {
    return store.write(tx -> {
      Node node = existingTask(tx, ref, "stop");
      if (node.start() == null && !"doing".equals(node.status())) {
        throw new HephException.InvalidInput("task " + node.id() + " is not started");
      }
      LocalOps w = new LocalOps(tx, clock);
      w.setIfChanged(node, Field.START, Value.NULL);
      if ("doing".equals(node.status())) {
        w.setIfChanged(node, Field.STATUS, Value.text("open"));
      }
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

  /** The live nodes that depend on this one (see {@link Node#depends()}): it blocks those still open. */
  public List<Node> dependents(String ref) {
    return store.read(tx -> tx.queries().dependents(tx.queries().resolve(ref), NodeView.NODE));
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
      if (field == Field.UDAS) {
        resolveUda(tx, node, value, pickHlc);
        return tx.queries().node(node.id(), shape);
      }
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

  /**
   * Resolves the conflict on one UDA: {@code value} is {@code KEY=VALUE}, or {@code pickHlc} names
   * one candidate of any conflicting UDA; the chosen value replaces every value of its key seen.
   */
  private void resolveUda(Tx tx, Node node, String value, String pickHlc) throws SQLException {
    List<Conflict> conflicts = tx.queries().udaConflicts(node);
    Value.Uda chosen;
    if (pickHlc != null) {
      Conflict.Candidate pick = conflicts.stream().flatMap(c -> c.values().stream())
          .filter(c -> c.hlc().equals(pickHlc) || c.hlc().startsWith(pickHlc)).reduce((a, b) -> {
            throw new HephException.InvalidInput("hlc prefix '" + pickHlc + "' matches several values");
          }).orElseThrow(() -> new HephException.ConflictNotFound("no value with hlc '" + pickHlc
              + "' in a conflict on the udas of " + node.id() + "; see heph conflicts"));
      chosen = (Value.Uda) OpReader.parseValue(pick.valueJson());
    } else {
      int eq = value.indexOf('=');
      if (eq < 0 || eq == value.length() - 1) {
        throw new HephException.InvalidInput("resolve a uda with KEY=VALUE, got '" + value + "'");
      }
      chosen = new Value.Uda(Inputs.udaKey(value.substring(0, eq)),
          Inputs.text("uda value", value.substring(eq + 1)));
    }
    String key = chosen.key();
    if (conflicts.stream().noneMatch(c -> c.values().stream()
        .anyMatch(v -> ((Value.Uda) OpReader.parseValue(v.valueJson())).key().equals(key)))) {
      throw new HephException.ConflictNotFound("uda " + key + " of node " + node.id() + " is not in conflict");
    }
    new LocalOps(tx, clock).replaceElements(node.id(), Field.UDAS,
        e -> ((Value.Uda) e.value()).key().equals(key), chosen);
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
      case DUE, SCHEDULED, WAIT, UNTIL, START -> Inputs.isUnset(value) ? Value.NULL : Value.text(moment(value));
      case PROJECT -> Inputs.isUnset(value) ? Value.NULL : Value.text(Inputs.project(value));
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

  private static Node existingTask(Tx tx, String ref, String verb) throws SQLException {
    Node node = existing(tx, ref);
    if (!node.isTask()) {
      throw new HephException.InvalidInput("node " + node.id() + " is a note; only tasks can " + verb);
    }
    return node;
  }

  /** The full ids of node refs, each once, in the order given. */
  private static List<String> resolveAll(Tx tx, List<String> refs) throws SQLException {
    List<String> ids = new ArrayList<>(refs.size());
    for (String ref : refs) {
      String id = tx.queries().resolve(ref);
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  /**
   * A moment as a person types it, in its stored form, read in the clock's zone (by default this
   * machine's: "tomorrow" and "09:30" are the person's, not UTC's).
   */
  private String moment(String text) {
    return Inputs.moment(text, ZonedDateTime.now(wallClock));
  }

  private byte[] idBits() {
    if (idRandom == null) {
      return RandomBytes.get(10);
    }
    byte[] bits = new byte[10];
    idRandom.nextBytes(bits);
    return bits;
  }

  @Override
  public void close() {
    store.close();
  }
}
