package org.rtc4j.rtp;

import java.util.Arrays;

/**
 * Writes an RTP header (RFC 3550 §5.1) with CSRCs and RFC 8285 header extensions into a caller's
 * buffer. Reusable: {@link #reset()} and fill it again for the next packet; nothing is allocated
 * per packet.
 *
 * <p>Extensions use the one-byte form (RFC 8285 §4.2) when every id is 1-14 and every element
 * 1-16 bytes long, the two-byte form (§4.3) otherwise, and are padded to a 32-bit boundary.
 *
 * <pre>{@code
 * RtpHeaderWriter w = new RtpHeaderWriter();
 * w.reset().payloadType(111).sequenceNumber(seq).timestamp(ts).ssrc(ssrc).marker(true)
 *     .addExtension(midId, midBytes, 0, midBytes.length)
 *     .addExtensionValue(twccId, twccSeq, 2);
 * int n = w.writeTo(buf, 0);                    // header: w.encodedLength() bytes
 * System.arraycopy(payload, 0, buf, n, payload.length);
 * }</pre>
 */
public final class RtpHeaderWriter {
  private static final int MAX_EXT_DATA = 1024;

  private boolean marker;
  private int payloadType;
  private int sequenceNumber;
  private long timestamp;
  private int ssrc;
  private final int[] csrcs = new int[15];
  private int csrcCount;
  private final int[] extIds = new int[32];
  private final int[] extOffsets = new int[32];
  private final int[] extLengths = new int[32];
  private final byte[] extData = new byte[MAX_EXT_DATA];
  private int extCount;
  private int extDataLen;
  private boolean forceTwoByte;

  /** Creates a writer with every field cleared; reuse it for any number of packets. */
  public RtpHeaderWriter() {}

  /** Clears every field for the next packet. */
  public RtpHeaderWriter reset() {
    marker = false;
    payloadType = 0;
    sequenceNumber = 0;
    timestamp = 0;
    ssrc = 0;
    csrcCount = 0;
    extCount = 0;
    extDataLen = 0;
    forceTwoByte = false;
    return this;
  }

  /** Sets the marker bit. */
  public RtpHeaderWriter marker(boolean m) {
    marker = m;
    return this;
  }

  /** Sets the payload type (0-127). */
  public RtpHeaderWriter payloadType(int pt) {
    if (pt < 0 || pt > 127) {
      throw new IllegalArgumentException("payload type " + pt);
    }
    payloadType = pt;
    return this;
  }

  /** Sets the sequence number (low 16 bits used). */
  public RtpHeaderWriter sequenceNumber(int seq) {
    sequenceNumber = seq & 0xFFFF;
    return this;
  }

  /** Sets the timestamp (low 32 bits used). */
  public RtpHeaderWriter timestamp(long ts) {
    timestamp = ts & 0xFFFFFFFFL;
    return this;
  }

  /** Sets the SSRC. */
  public RtpHeaderWriter ssrc(int s) {
    ssrc = s;
    return this;
  }

  /** Adds a CSRC (at most 15). */
  public RtpHeaderWriter addCsrc(int csrc) {
    if (csrcCount == 15) {
      throw new IllegalStateException("at most 15 CSRCs");
    }
    csrcs[csrcCount++] = csrc;
    return this;
  }

  /** Forces the two-byte extension form even when the one-byte form would do. */
  public RtpHeaderWriter twoByteExtensions(boolean force) {
    forceTwoByte = force;
    return this;
  }

  /** Adds extension element {@code id} (1-255) with data {@code src[off, off + len)} (0-255 bytes). */
  public RtpHeaderWriter addExtension(int id, byte[] src, int off, int len) {
    if (id < 1 || id > 255 || len < 0 || len > 255) {
      throw new IllegalArgumentException("extension id " + id + " length " + len);
    }
    if (extCount == extIds.length || extDataLen + len > MAX_EXT_DATA) {
      throw new IllegalStateException("too many header extensions");
    }
    System.arraycopy(src, off, extData, extDataLen, len);
    extIds[extCount] = id;
    extOffsets[extCount] = extDataLen;
    extLengths[extCount] = len;
    extCount++;
    extDataLen += len;
    return this;
  }

  /** Adds extension element {@code id} holding {@code value} as {@code len} big-endian bytes (1-8). */
  public RtpHeaderWriter addExtensionValue(int id, long value, int len) {
    if (len < 1 || len > 8) {
      throw new IllegalArgumentException("value length " + len);
    }
    if (extCount == extIds.length || extDataLen + len > MAX_EXT_DATA) {
      throw new IllegalStateException("too many header extensions");
    }
    if (id < 1 || id > 255) {
      throw new IllegalArgumentException("extension id " + id);
    }
    for (int i = 0; i < len; i++) {
      extData[extDataLen + i] = (byte) (value >>> (8 * (len - 1 - i)));
    }
    extIds[extCount] = id;
    extOffsets[extCount] = extDataLen;
    extLengths[extCount] = len;
    extCount++;
    extDataLen += len;
    return this;
  }

  private boolean oneByte() {
    if (forceTwoByte) {
      return false;
    }
    for (int i = 0; i < extCount; i++) {
      if (extIds[i] > 14 || extLengths[i] < 1 || extLengths[i] > 16) {
        return false;
      }
    }
    return true;
  }

  private int extensionBlockLength() {
    if (extCount == 0) {
      return 0;
    }
    int perElement = oneByte() ? 1 : 2;
    int body = extDataLen + perElement * extCount;
    return 4 + ((body + 3) & ~3);
  }

  /** Bytes {@link #writeTo} writes: fixed header, CSRCs and the padded extension block. */
  public int encodedLength() {
    return RtpPacket.FIXED_HEADER + 4 * csrcCount + extensionBlockLength();
  }

  /**
   * Writes the header at {@code dst[off]}.
   *
   * @return bytes written ({@link #encodedLength()})
   * @throws IndexOutOfBoundsException if {@code dst} is too small
   */
  public int writeTo(byte[] dst, int off) {
    int total = encodedLength();
    if (off < 0 || off > dst.length - total) {
      throw new IndexOutOfBoundsException("RTP header needs " + total + " bytes");
    }
    dst[off] = (byte) (0x80 | (extCount > 0 ? 0x10 : 0) | csrcCount);
    dst[off + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
    dst[off + 2] = (byte) (sequenceNumber >>> 8);
    dst[off + 3] = (byte) sequenceNumber;
    RtpPacket.put32(dst, off + 4, (int) timestamp);
    RtpPacket.put32(dst, off + 8, ssrc);
    int i = off + RtpPacket.FIXED_HEADER;
    for (int c = 0; c < csrcCount; c++, i += 4) {
      RtpPacket.put32(dst, i, csrcs[c]);
    }
    if (extCount > 0) {
      boolean one = oneByte();
      int blockLen = extensionBlockLength();
      int profile = one ? RtpPacket.PROFILE_ONE_BYTE : RtpPacket.PROFILE_TWO_BYTE;
      dst[i] = (byte) (profile >>> 8);
      dst[i + 1] = (byte) profile;
      int words = (blockLen - 4) / 4;
      dst[i + 2] = (byte) (words >>> 8);
      dst[i + 3] = (byte) words;
      int p = i + 4;
      for (int e = 0; e < extCount; e++) {
        if (one) {
          dst[p++] = (byte) ((extIds[e] << 4) | (extLengths[e] - 1));
        } else {
          dst[p++] = (byte) extIds[e];
          dst[p++] = (byte) extLengths[e];
        }
        System.arraycopy(extData, extOffsets[e], dst, p, extLengths[e]);
        p += extLengths[e];
      }
      Arrays.fill(dst, p, i + blockLen, (byte) 0);
    }
    return total;
  }

  /**
   * Writes header and payload at {@code dst[off]}, with {@code padding} bytes of RFC 3550 padding
   * (0, or 1-255 with the P bit set and the count in the last byte).
   *
   * @return the packet length
   */
  public int writePacket(byte[] dst, int off, byte[] payload, int pOff, int pLen, int padding) {
    if (padding < 0 || padding > 255) {
      throw new IllegalArgumentException("padding " + padding);
    }
    int h = encodedLength();
    int total = h + pLen + padding;
    if (off < 0 || off > dst.length - total) {
      throw new IndexOutOfBoundsException("RTP packet needs " + total + " bytes");
    }
    writeTo(dst, off);
    System.arraycopy(payload, pOff, dst, off + h, pLen);
    if (padding > 0) {
      dst[off] |= 0x20;
      Arrays.fill(dst, off + h + pLen, off + total - 1, (byte) 0);
      dst[off + total - 1] = (byte) padding;
    }
    return total;
  }
}
