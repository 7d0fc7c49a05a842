package org.rtc4j.rtp;

/**
 * A flyweight view of an RTP packet in a {@code byte[]} region (RFC 3550 §5.1): reading it copies
 * nothing and allocates nothing, and the setters rewrite header fields in place (for RTX or SSRC
 * rewriting).
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
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   defined by profile (0xBEDE | 0x100x)  |       length          |  (if X)
 * |                        header extension                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 payload  ...  | padding ...   | padding count |  (if P)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <pre>{@code
 * RtpPacket rtp = new RtpPacket();               // one per loop, reused for every packet
 * if (rtp.wrap(buf, off, len) != RtpPacket.Status.OK) { drop(); return; }
 * int seq = rtp.sequenceNumber();
 * int at = rtp.extensionOffset(midId);           // -1 if absent
 * }</pre>
 */
public final class RtpPacket {
  /** Why a region is not an RTP packet. */
  public enum Status {
    /** A well-formed RTP packet. */
    OK,
    /** Shorter than the fixed header, its CSRCs or its extension header. */
    TRUNCATED,
    /** Version is not 2. */
    BAD_VERSION,
    /** The header extension is longer than the packet. */
    BAD_EXTENSION,
    /** The padding count is zero or exceeds the payload (RFC 3550 §5.1). */
    BAD_PADDING
  }

  /** The fixed header length in bytes. */
  public static final int FIXED_HEADER = 12;
  /** The RFC 8285 §4.2 one-byte extension profile. */
  public static final int PROFILE_ONE_BYTE = 0xBEDE;
  /** The RFC 8285 §4.3 two-byte extension profile (low 4 bits: app bits). */
  public static final int PROFILE_TWO_BYTE = 0x1000;

  private byte[] buf;
  private int off;
  private int len;
  private int headerLen;
  private int extOff = -1;
  private int extLen;
  private int paddingLen;

  /** An empty view; {@link #wrap} points it at a packet. */
  public RtpPacket() {}

  /**
   * A new view over {@code buf[off, off + len)}.
   *
   * @throws IllegalArgumentException if the region is not a valid RTP packet
   */
  public static RtpPacket of(byte[] buf, int off, int len) {
    RtpPacket p = new RtpPacket();
    Status s = p.wrap(buf, off, len);
    if (s != Status.OK) {
      throw new IllegalArgumentException("not an RTP packet: " + s);
    }
    return p;
  }

  /** Points this view at {@code buf[off, off + len)} and validates it; nothing is allocated. */
  public Status wrap(byte[] buf, int off, int len) {
    this.buf = buf;
    this.off = off;
    this.len = len;
    this.extOff = -1;
    this.extLen = 0;
    this.paddingLen = 0;
    this.headerLen = 0;
    if (buf == null || off < 0 || len < FIXED_HEADER || off > buf.length - len) {
      return Status.TRUNCATED;
    }
    int b0 = buf[off] & 0xFF;
    if ((b0 >>> 6) != 2) {
      return Status.BAD_VERSION;
    }
    int hl = FIXED_HEADER + 4 * (b0 & 0x0F);
    if (hl > len) {
      return Status.TRUNCATED;
    }
    if ((b0 & 0x10) != 0) {
      if (hl + 4 > len) {
        return Status.TRUNCATED;
      }
      int words = u16(buf, off + hl + 2);
      extOff = off + hl;
      extLen = 4 * words;
      hl += 4 + extLen;
      if (hl > len) {
        return Status.BAD_EXTENSION;
      }
    }
    if ((b0 & 0x20) != 0) {
      int pad = buf[off + len - 1] & 0xFF;
      if (pad == 0 || pad > len - hl) {
        return Status.BAD_PADDING;
      }
      paddingLen = pad;
    }
    headerLen = hl;
    return Status.OK;
  }

  /**
   * The length of the RTP header at {@code buf[off]} (fixed part, CSRCs and the RFC 8285 extension
   * block), or -1 if it is not a version 2 header that fits in {@code len} bytes. Padding is not
   * checked: {@link #wrap} does that.
   */
  public static int headerLength(byte[] buf, int off, int len) {
    if (len < FIXED_HEADER || (buf[off] & 0xC0) != 0x80) {
      return -1;
    }
    int hl = FIXED_HEADER + 4 * (buf[off] & 0x0F);
    if ((buf[off] & 0x10) != 0) {
      if (len < hl + 4) {
        return -1;
      }
      hl += 4 + 4 * u16(buf, off + hl + 2);
    }
    return hl <= len ? hl : -1;
  }

  static int u16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  static int i32(byte[] b, int i) {
    return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
  }

  static void put32(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }

  /** The underlying buffer. */
  public byte[] buffer() {
    return buf;
  }

  /** Offset of the packet in {@link #buffer()}. */
  public int offset() {
    return off;
  }

  /** Packet length in bytes, including padding. */
  public int length() {
    return len;
  }

  /** RTP version (2). */
  public int version() {
    return (buf[off] & 0xFF) >>> 6;
  }

  /** Whether the P bit is set. */
  public boolean hasPadding() {
    return (buf[off] & 0x20) != 0;
  }

  /** Whether the X bit is set. */
  public boolean hasExtension() {
    return (buf[off] & 0x10) != 0;
  }

  /** Number of CSRCs (0-15). */
  public int csrcCount() {
    return buf[off] & 0x0F;
  }

  /** The i-th CSRC. */
  public int csrc(int i) {
    if (i < 0 || i >= csrcCount()) {
      throw new IndexOutOfBoundsException("CSRC " + i + " of " + csrcCount());
    }
    return i32(buf, off + FIXED_HEADER + 4 * i);
  }

  /** The marker bit. */
  public boolean marker() {
    return (buf[off + 1] & 0x80) != 0;
  }

  /** Payload type (0-127). */
  public int payloadType() {
    return buf[off + 1] & 0x7F;
  }

  /** Sequence number (0-65535). */
  public int sequenceNumber() {
    return u16(buf, off + 2);
  }

  /** Timestamp as an unsigned 32-bit value. */
  public long timestamp() {
    return i32(buf, off + 4) & 0xFFFFFFFFL;
  }

  /** SSRC. */
  public int ssrc() {
    return i32(buf, off + 8);
  }

  /** Header length: fixed header, CSRCs and extension. */
  public int headerLength() {
    return headerLen;
  }

  /** Offset of the payload in {@link #buffer()}. */
  public int payloadOffset() {
    return off + headerLen;
  }

  /** Payload length, without padding. */
  public int payloadLength() {
    return len - headerLen - paddingLen;
  }

  /** Number of padding bytes at the end (including the count byte). */
  public int paddingLength() {
    return paddingLen;
  }

  /** The 16-bit "defined by profile" field of the extension, or -1 without one. */
  public int extensionProfile() {
    return extOff < 0 ? -1 : u16(buf, extOff);
  }

  /** Sets the marker bit in place. */
  public void setMarker(boolean m) {
    buf[off + 1] = (byte) (m ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
  }

  /** Sets the payload type in place. */
  public void setPayloadType(int pt) {
    buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (pt & 0x7F));
  }

  /** Sets the sequence number in place. */
  public void setSequenceNumber(int seq) {
    buf[off + 2] = (byte) (seq >>> 8);
    buf[off + 3] = (byte) seq;
  }

  /** Sets the timestamp in place. */
  public void setTimestamp(long ts) {
    put32(buf, off + 4, (int) ts);
  }

  /** Sets the SSRC in place. */
  public void setSsrc(int ssrc) {
    put32(buf, off + 8, ssrc);
  }

  /**
   * Walks the RFC 8285 extension elements: {@code visitor} sees each element's id, and the offset
   * and length of its data in {@link #buffer()}. Padding bytes are skipped; a malformed element ends
   * the walk. Returns the number of elements visited.
   */
  public int forEachExtension(ExtensionVisitor visitor) {
    if (extOff < 0) {
      return 0;
    }
    int profile = u16(buf, extOff);
    boolean oneByte = profile == PROFILE_ONE_BYTE;
    if (!oneByte && (profile & 0xFFF0) != PROFILE_TWO_BYTE) {
      return 0;
    }
    int i = extOff + 4;
    int end = i + extLen;
    int count = 0;
    while (i < end) {
      int b = buf[i] & 0xFF;
      if (b == 0) {
        i++;
        continue; // padding (RFC 8285 §4.2, §4.3)
      }
      int id;
      int dataLen;
      if (oneByte) {
        id = b >>> 4;
        if (id == 15 || id == 0) {
          // 15 is reserved: stop processing (RFC 8285 §4.2). 0 is only ever a padding byte; with a
          // length it is malformed, and an element no lookup by id could find.
          break;
        }
        dataLen = (b & 0x0F) + 1;
        i += 1;
      } else {
        if (i + 1 >= end) {
          break;
        }
        id = b;
        dataLen = buf[i + 1] & 0xFF;
        i += 2;
      }
      if (i + dataLen > end) {
        break;
      }
      visitor.element(id, i, dataLen);
      count++;
      i += dataLen;
    }
    return count;
  }

  /** Receives one header extension element from {@link #forEachExtension}. */
  @FunctionalInterface
  public interface ExtensionVisitor {
    /** Element {@code id}, its data at {@code buffer()[offset, offset + length)}. */
    void element(int id, int offset, int length);
  }

  /**
   * Offset in {@link #buffer()} of the data of extension element {@code id}, or -1 if absent. The
   * length is {@link #extensionLength(int)}. Allocation-free.
   */
  public int extensionOffset(int id) {
    long r = find(id);
    return r < 0 ? -1 : (int) (r >>> 32);
  }

  /** Data length of extension element {@code id}, or -1 if absent. */
  public int extensionLength(int id) {
    long r = find(id);
    return r < 0 ? -1 : (int) r;
  }

  /**
   * The data of extension element {@code id} read as a big-endian unsigned number (elements of 1-7
   * bytes: transport-wide sequence number, abs-send-time, audio level...), or -1 if the element is
   * absent, empty or longer. Allocation-free.
   */
  public long extensionValue(int id) {
    long r = find(id);
    if (r < 0 || (int) r < 1 || (int) r > 7) {
      return -1;
    }
    return RtpExtensions.readUnsigned(buf, (int) (r >>> 32), (int) r);
  }

  /**
   * Overwrites the data of extension element {@code id} in place with the low bytes of
   * {@code value}, big-endian, keeping the element's length: how a sender stamps the transport-wide
   * sequence number and abs-send-time into a header written earlier with a placeholder, at the
   * moment the packet leaves the pacer. Allocation-free.
   *
   * @return false if the packet has no element {@code id} (nothing is written)
   */
  public boolean setExtensionValue(int id, long value) {
    long r = find(id);
    if (r < 0) {
      return false;
    }
    int at = (int) (r >>> 32);
    int n = (int) r;
    for (int i = n - 1; i >= 0; i--, value >>>= 8) {
      buf[at + i] = (byte) value;
    }
    return true;
  }

  private long find(int id) {
    if (extOff < 0 || id <= 0) {
      return -1;
    }
    int profile = u16(buf, extOff);
    boolean oneByte = profile == PROFILE_ONE_BYTE;
    if (!oneByte && (profile & 0xFFF0) != PROFILE_TWO_BYTE) {
      return -1;
    }
    int i = extOff + 4;
    int end = i + extLen;
    while (i < end) {
      int b = buf[i] & 0xFF;
      if (b == 0) {
        i++;
        continue;
      }
      int eid;
      int dataLen;
      if (oneByte) {
        eid = b >>> 4;
        if (eid == 15 || eid == 0) {
          return -1; // where forEachExtension stops
        }
        dataLen = (b & 0x0F) + 1;
        i += 1;
      } else {
        if (i + 1 >= end) {
          return -1;
        }
        eid = b;
        dataLen = buf[i + 1] & 0xFF;
        i += 2;
      }
      if (i + dataLen > end) {
        return -1;
      }
      if (eid == id) {
        return ((long) i << 32) | dataLen;
      }
      i += dataLen;
    }
    return -1;
  }

  @Override
  public String toString() {
    if (headerLen == 0) {
      return "RtpPacket[invalid]";
    }
    return "RtpPacket[pt=" + payloadType() + " seq=" + sequenceNumber() + " ts=" + timestamp()
        + " ssrc=" + Integer.toUnsignedString(ssrc()) + " m=" + marker() + " payload="
        + payloadLength() + "]";
  }
}
