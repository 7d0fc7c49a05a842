package org.rtc4j.sctp.internal;

/** A DATA or I-DATA chunk that was sent and is not yet cumulatively acknowledged. Pooled. */
final class TxChunk {
  static final byte IN_FLIGHT = 0;
  static final byte TO_RETRANSMIT = 1;
  static final byte ACKED = 2;
  static final byte ABANDONED = 3;

  int tsn;
  OutboundMessage msg;
  /** Offset of the payload in {@code msg.data}. */
  int dataOffset;
  int payloadLength;
  /** Chunk flags (B, E, U). */
  int flags;
  /** SSN or MID. */
  int messageId;
  /** FSN (I-DATA). */
  int fsn;
  /** Header plus payload: what counts against cwnd. */
  int size;
  byte state;
  boolean inFlight;
  int transmissions;
  long sentNanos;
  int missIndications;
  boolean fastRetransmitted;
  /** Highest TSN sent when this chunk was last retransmitted (lost-retransmission detection). */
  int retransmitMarkTsn;
  TxChunk nextFree;

  void clear() {
    msg = null;
    state = IN_FLIGHT;
    inFlight = false;
    transmissions = 0;
    missIndications = 0;
    fastRetransmitted = false;
  }
}
