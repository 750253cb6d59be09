package dev.heph.daemon.rpc;

/** What RPC needs from the running daemon besides the facade: sync and status, as JSON texts. */
public interface DaemonControl {
  /** Runs one sync now and returns its report. */
  String syncNow();

  /** Last success, last error, ops waiting, hub URL, cursor. */
  String syncStatus();

  /** Mode, database, socket or address, pid, uptime, and the sync status. */
  String daemonStatus();

  /** Called after every RPC that wrote, so background sync can follow soon. */
  void changed();
}
