package org.rtc4j.sctp.dcep;

/** SCTP Payload Protocol Identifiers of WebRTC data channels (RFC 8831 §8, RFC 8832 §8.1). */
public final class Ppid {
  /** DCEP messages (DATA_CHANNEL_OPEN, DATA_CHANNEL_ACK). */
  public static final int DCEP = 50;
  /** A UTF-8 string message. */
  public static final int STRING = 51;
  /** Deprecated partial binary (RFC 8831 §8: not to be sent). */
  public static final int BINARY_PARTIAL = 52;
  /** A binary message. */
  public static final int BINARY = 53;
  /** Deprecated partial string. */
  public static final int STRING_PARTIAL = 54;
  /** An empty string, sent as one byte that the receiver ignores. */
  public static final int STRING_EMPTY = 56;
  /** An empty binary message, sent as one byte that the receiver ignores. */
  public static final int BINARY_EMPTY = 57;

  private Ppid() {}
}
