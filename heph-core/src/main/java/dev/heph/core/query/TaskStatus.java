package dev.heph.core.query;

/**
 * Taskwarrior's statuses over heph's: pending is an open or doing task that is not deleted and not
 * waiting; completed is done; deleted is the deleted flag or cancelled; waiting is pending with a
 * {@code wait} still in the future.
 */
public enum TaskStatus {
  PENDING,
  COMPLETED,
  DELETED,
  WAITING
}
