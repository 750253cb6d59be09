/**
 * heph's core: the clock, ops, the merge engine, the facade and the sync port. The SQLite store
 * ({@code dev.heph.core.store}) is not exported: only the facade and the port reach it.
 */
module dev.heph.core {
  requires transitive com.fasterxml.jackson.core;
  requires java.sql;
  requires org.xerial.sqlitejdbc;

  exports dev.heph.core;
  exports dev.heph.core.clock;
  exports dev.heph.core.json;
  exports dev.heph.core.merge;
  exports dev.heph.core.op;
  exports dev.heph.core.sync;
  exports dev.heph.core.query;
  exports dev.heph.core.text;
  exports dev.heph.core.time;
}
