package org.rtc4j.peer.internal;

/**
 * RTP fixed header access over a byte array (RFC 3550 §5.1), with one-byte and two-byte header
 * extensions (RFC 8285). Static methods, no allocation.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      0xBE     |      0xDE     |           length              |  (RFC 8285 §4.2)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   |  L    |  data ...                                     |
 * </pre>
 */
public final class Rtp {
  public static final int HEADER_SIZE = 12;

  private Rtp() {}

  /** Whether the packet is RTCP rather than RTP (RFC 5761 §4: payload types 64-95 with the marker bit). */
  public static boolean isRtcp(byte[] b, int off, int len) {
    if (len < 2) {
      return false;
    }
    int pt = b[off + 1] & 0xFF;
    return pt >= 192 && pt <= 223;
  }

  public static int payloadType(byte[] b, int off) {
    return b[off + 1] & 0x7F;
  }

  public static boolean marker(byte[] b, int off) {
    return (b[off + 1] & 0x80) != 0;
  }

  public static int sequence(byte[] b, int off) {
    return ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
  }

  public static long timestamp(byte[] b, int off) {
    return u32(b, off + 4);
  }

  public static long ssrc(byte[] b, int off) {
    return u32(b, off + 8);
  }

  /**
   * The header length (fixed part, CSRCs, extension), or -1 if the packet is malformed: not
   * version 2, or shorter than its header.
   */
  public static int headerLength(byte[] b, int off, int len) {
    if (len < HEADER_SIZE || (b[off] & 0xC0) != 0x80) {
      return -1;
    }
    int n = HEADER_SIZE + 4 * (b[off] & 0x0F);
    if ((b[off] & 0x10) != 0) {
      if (len < n + 4) {
        return -1;
      }
      n += 4 + 4 * (((b[off + n + 2] & 0xFF) << 8) | (b[off + n + 3] & 0xFF));
    }
    return n <= len ? n : -1;
  }

  /** The payload length without padding (RFC 3550 §5.1 P bit), or -1 if malformed. */
  public static int payloadLength(byte[] b, int off, int len, int headerLength) {
    int n = len - headerLength;
    if ((b[off] & 0x20) != 0) {
      if (n < 1) {
        return -1;
      }
      int pad = b[off + len - 1] & 0xFF;
      n -= pad;
    }
    return n < 0 ? -1 : n;
  }

  /**
   * Finds header extension element {@code id} (RFC 8285 one-byte or two-byte form). Returns
   * {@code (offset << 16) | length} of its data, or -1.
   */
  public static long findExtension(byte[] b, int off, int len, int id) {
    if ((b[off] & 0x10) == 0 || id <= 0) {
      return -1;
    }
    int x = off + HEADER_SIZE + 4 * (b[off] & 0x0F);
    int profile = ((b[x] & 0xFF) << 8) | (b[x + 1] & 0xFF);
    int end = x + 4 + 4 * (((b[x + 2] & 0xFF) << 8) | (b[x + 3] & 0xFF));
    if (end > off + len) {
      return -1;
    }
    int p = x + 4;
    if (profile == 0xBEDE) {
      while (p < end) {
        int h = b[p] & 0xFF;
        if (h == 0) {
          p++;
          continue;
        }
        int eid = h >> 4;
        int elen = (h & 0x0F) + 1;
        if (eid == 15) {
          return -1;
        }
        if (p + 1 + elen > end) {
          return -1;
        }
        if (eid == id) {
          return ((long) (p + 1) << 16) | elen;
        }
        p += 1 + elen;
      }
    } else if ((profile & 0xFFF0) == 0x1000) {
      while (p + 1 < end) {
        int eid = b[p] & 0xFF;
        if (eid == 0) {
          p++;
          continue;
        }
        int elen = b[p + 1] & 0xFF;
        if (p + 2 + elen > end) {
          return -1;
        }
        if (eid == id) {
          return ((long) (p + 2) << 16) | elen;
        }
        p += 2 + elen;
      }
    }
    return -1;
  }

  /**
   * Writes a fixed header and, when {@code midId > 0}, a one-byte-header extension holding the MID
   * (RFC 8843 §15). Returns the header length.
   */
  public static int writeHeader(byte[] b, int off, boolean marker, int pt, int seq, long ts, long ssrc,
      int midId, byte[] mid) {
    boolean ext = midId > 0 && mid != null && mid.length > 0 && mid.length <= 16;
    b[off] = (byte) (ext ? 0x90 : 0x80);
    b[off + 1] = (byte) ((marker ? 0x80 : 0) | (pt & 0x7F));
    b[off + 2] = (byte) (seq >> 8);
    b[off + 3] = (byte) seq;
    putU32(b, off + 4, ts);
    putU32(b, off + 8, ssrc);
    if (!ext) {
      return HEADER_SIZE;
    }
    int words = (1 + mid.length + 3) / 4;
    int x = off + HEADER_SIZE;
    b[x] = (byte) 0xBE;
    b[x + 1] = (byte) 0xDE;
    b[x + 2] = 0;
    b[x + 3] = (byte) words;
    b[x + 4] = (byte) ((midId << 4) | (mid.length - 1));
    System.arraycopy(mid, 0, b, x + 5, mid.length);
    for (int i = x + 5 + mid.length; i < x + 4 + 4 * words; i++) {
      b[i] = 0;
    }
    return HEADER_SIZE + 4 + 4 * words;
  }

  /** The extra bytes {@link #writeHeader} uses for a MID of this length. */
  public static int midExtensionSize(int midLength) {
    return midLength == 0 ? 0 : 4 + 4 * ((1 + midLength + 3) / 4);
  }

  public static long u32(byte[] b, int i) {
    return ((b[i] & 0xFFL) << 24) | ((b[i + 1] & 0xFFL) << 16) | ((b[i + 2] & 0xFFL) << 8) | (b[i + 3] & 0xFFL);
  }

  public static void putU32(byte[] b, int i, long v) {
    b[i] = (byte) (v >> 24);
    b[i + 1] = (byte) (v >> 16);
    b[i + 2] = (byte) (v >> 8);
    b[i + 3] = (byte) v;
  }

  public static void putU16(byte[] b, int i, int v) {
    b[i] = (byte) (v >> 8);
    b[i + 1] = (byte) v;
  }

  public static int u16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }
}
