package org.rtc4j.sctp.chunk;

/**
 * SCTP chunk type codes (RFC 9260 §3.2, RFC 3758 §3.2, RFC 6525 §3.1, RFC 8260 §2.1 and §2.3)
 * and what the upper two bits of an unknown type ask the receiver to do (RFC 9260 §3.2).
 */
public final class ChunkType {
  public static final int DATA = 0;
  public static final int INIT = 1;
  public static final int INIT_ACK = 2;
  public static final int SACK = 3;
  public static final int HEARTBEAT = 4;
  public static final int HEARTBEAT_ACK = 5;
  public static final int ABORT = 6;
  public static final int SHUTDOWN = 7;
  public static final int SHUTDOWN_ACK = 8;
  public static final int ERROR = 9;
  public static final int COOKIE_ECHO = 10;
  public static final int COOKIE_ACK = 11;
  public static final int SHUTDOWN_COMPLETE = 14;
  public static final int I_DATA = 64;
  public static final int RE_CONFIG = 130;
  public static final int PAD = 132;
  public static final int FORWARD_TSN = 192;
  public static final int I_FORWARD_TSN = 194;

  private ChunkType() {}

  /** RFC 9260 §3.2: an unrecognized chunk whose type has the high bit clear stops packet processing. */
  public static boolean stopsProcessingWhenUnknown(int type) {
    return (type & 0x80) == 0;
  }

  /** RFC 9260 §3.2: an unrecognized chunk whose type has bit 0x40 set is reported in an ERROR chunk. */
  public static boolean reportedWhenUnknown(int type) {
    return (type & 0x40) != 0;
  }

  /** A short name for logs. */
  public static String name(int type) {
    switch (type) {
      case DATA: return "DATA";
      case INIT: return "INIT";
      case INIT_ACK: return "INIT_ACK";
      case SACK: return "SACK";
      case HEARTBEAT: return "HEARTBEAT";
      case HEARTBEAT_ACK: return "HEARTBEAT_ACK";
      case ABORT: return "ABORT";
      case SHUTDOWN: return "SHUTDOWN";
      case SHUTDOWN_ACK: return "SHUTDOWN_ACK";
      case ERROR: return "ERROR";
      case COOKIE_ECHO: return "COOKIE_ECHO";
      case COOKIE_ACK: return "COOKIE_ACK";
      case SHUTDOWN_COMPLETE: return "SHUTDOWN_COMPLETE";
      case I_DATA: return "I_DATA";
      case RE_CONFIG: return "RE_CONFIG";
      case PAD: return "PAD";
      case FORWARD_TSN: return "FORWARD_TSN";
      case I_FORWARD_TSN: return "I_FORWARD_TSN";
      default: return "type " + type;
    }
  }
}
