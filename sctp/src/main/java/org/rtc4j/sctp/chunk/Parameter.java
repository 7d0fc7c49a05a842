package org.rtc4j.sctp.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * A type-length-value parameter of INIT and INIT ACK (RFC 9260 §3.2.1), kept as raw bytes. The
 * upper two bits of an unknown type say whether to stop or skip and whether to report it
 * (RFC 9260 §3.2.1), see {@link #stopsProcessingWhenUnknown} and {@link #reportedWhenUnknown}.
 */
public record Parameter(int type, byte[] value) {
  /** Heartbeat Info (RFC 9260 §3.3.5), inside HEARTBEAT and HEARTBEAT ACK. */
  public static final int HEARTBEAT_INFO = 1;
  /** State Cookie (RFC 9260 §3.3.3.1). */
  public static final int STATE_COOKIE = 7;
  /** Unrecognized Parameter (RFC 9260 §3.3.3.1), in INIT ACK. */
  public static final int UNRECOGNIZED_PARAMETER = 8;
  /** Cookie Preservative (RFC 9260 §3.3.2.1). */
  public static final int COOKIE_PRESERVATIVE = 9;
  /** ECN Capable (RFC 9260 Appendix A of RFC 4960, informational). */
  public static final int ECN_CAPABLE = 0x8000;
  /** Zero Checksum Acceptable (RFC 9653 §4). */
  public static final int ZERO_CHECKSUM_ACCEPTABLE = 0x8001;
  /** Supported Extensions (RFC 5061 §4.2.7): a list of chunk types. */
  public static final int SUPPORTED_EXTENSIONS = 0x8008;
  /** Forward-TSN-Supported (RFC 3758 §3.1). */
  public static final int FORWARD_TSN_SUPPORTED = 0xC000;

  public Parameter {
    type &= 0xFFFF;
  }

  /** RFC 9260 §3.2.1: an unrecognized parameter whose type has the high bit clear ends the list. */
  public static boolean stopsProcessingWhenUnknown(int type) {
    return (type & 0x8000) == 0;
  }

  /** RFC 9260 §3.2.1: an unrecognized parameter whose type has bit 0x4000 set is reported. */
  public static boolean reportedWhenUnknown(int type) {
    return (type & 0x4000) != 0;
  }

  /** Header plus value, without padding. */
  public int encodedLength() {
    return 4 + value.length;
  }

  /** Writes the parameter with its padding; returns bytes written. */
  public int writeTo(byte[] dst, int off) {
    return writeTlv(dst, off, type, value);
  }

  static int writeTlv(byte[] dst, int off, int type, byte[] value) {
    Bytes.put16(dst, off, type);
    Bytes.put16(dst, off + 2, 4 + value.length);
    System.arraycopy(value, 0, dst, off + 4, value.length);
    int padded = Bytes.pad4(4 + value.length);
    for (int i = off + 4 + value.length; i < off + padded; i++) {
      dst[i] = 0;
    }
    return padded;
  }

  /**
   * The bytes a list takes inside a chunk's length: every item padded except the last (RFC 9260
   * §3.2: the chunk length includes the padding of all but the last parameter).
   */
  static int listLength(List<Parameter> params) {
    int n = 0;
    for (Parameter p : params) {
      n += Bytes.pad4(p.encodedLength());
    }
    return params.isEmpty() ? 0 : n - Bytes.pad4(params.get(params.size() - 1).encodedLength())
        + params.get(params.size() - 1).encodedLength();
  }

  static void writeList(List<Parameter> params, byte[] dst, int off) {
    int p = off;
    for (Parameter q : params) {
      p += q.writeTo(dst, p);
    }
  }

  /** The first parameter of {@code type}, or null. */
  public static Parameter find(List<Parameter> params, int type) {
    for (Parameter p : params) {
      if (p.type() == type) {
        return p;
      }
    }
    return null;
  }

  /**
   * Parses a TLV list filling {@code b[off, off+len)}. The last item's padding may be missing
   * (RFC 9260 §3.2 lets the receiver ignore it).
   */
  static List<Parameter> parseList(byte[] b, int off, int len) throws SctpParseException {
    List<Parameter> out = new ArrayList<>(4);
    int end = off + len;
    int p = off;
    while (p < end) {
      if (end - p < 4) {
        throw new SctpParseException(SctpParseException.Reason.MALFORMED_PARAMETER, p, "parameter header truncated");
      }
      int t = Bytes.u16(b, p);
      int l = Bytes.u16(b, p + 2);
      if (l < 4 || l > end - p) {
        throw new SctpParseException(SctpParseException.Reason.MALFORMED_PARAMETER, p, "parameter length " + l);
      }
      byte[] v = new byte[l - 4];
      System.arraycopy(b, p + 4, v, 0, v.length);
      out.add(new Parameter(t, v));
      p += Math.min(Bytes.pad4(l), end - p);
    }
    return out;
  }
}
