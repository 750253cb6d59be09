package dev.heph.core;

/**
 * The shape a facade call answers a node in: a {@link Node} record, the node's documented JSON
 * text (built by the store in SQL, the one place that shape is defined), or both, read by one
 * query (for a caller that learns only after a write whether it prints text or JSON).
 */
public sealed interface NodeView<T> {

  /** Rows as records. */
  NodeView<Node> NODE = new AsNode();

  /** Rows as JSON objects: {@code {"num" (open nodes only),"id","kind","title","body","status","priority","due","tags","links",
   * "parent","deleted","created","updated","conflicts","project","wait","scheduled","until","start",
   * "annotations":[{"entry","text"}],"depends":[ids],"udas":{key:value}}}. */
  NodeView<String> JSON = new AsJson();

  /** Rows as both, read by one query (see the CLI's {@code Output.changed}). */
  NodeView<NodeAndJson> NODE_AND_JSON = new AsBoth();

  /** A node as a record and as its documented JSON text. */
  record NodeAndJson(Node node, String json) {}

  /** See {@link #NODE}. */
  record AsNode() implements NodeView<Node> {}

  /** See {@link #JSON}. */
  record AsJson() implements NodeView<String> {}

  /** See {@link #NODE_AND_JSON}. */
  record AsBoth() implements NodeView<NodeAndJson> {}
}
