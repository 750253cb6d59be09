/** heph's sync: the wire format, the hub's request handling, the spoke. It reaches a store only through core's sync port. */
module dev.heph.sync {
  requires transitive dev.heph.core;
  requires java.net.http;

  exports dev.heph.sync;
  exports dev.heph.sync.hub;
  exports dev.heph.sync.login;
  exports dev.heph.sync.spoke;
  exports dev.heph.sync.wire;
}
