package org.rtc4j.ice.turn;

/** Why a TURN allocation failed or ended (see {@link TurnEvent.Failed}). */
public enum TurnError {
  /** 401 again after authenticating (RFC 8656 §7.1 / RFC 8489 §9.2), or 441: wrong username or password. */
  WRONG_CREDENTIALS,
  /** 486 Allocation Quota Reached (RFC 8656 §19). */
  ALLOCATION_QUOTA_REACHED,
  /** 508 Insufficient Capacity (RFC 8656 §19). */
  INSUFFICIENT_CAPACITY,
  /** 437 Allocation Mismatch: the server has no (or another) allocation for this 5-tuple. */
  ALLOCATION_MISMATCH,
  /** 403 Forbidden, 440 Address Family not Supported, 442 Unsupported Transport Protocol. */
  REFUSED,
  /** No answer within the transaction timeout (RFC 8489 §6.2): the server is unreachable or gone. */
  TIMEOUT,
  /** The TCP or TLS connection to the server failed or closed (including certificate errors). */
  CONNECTION_FAILED,
  /** Any other error response, or a response that makes no sense (missing attributes). */
  SERVER_ERROR
}
