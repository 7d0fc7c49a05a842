package org.rtc4j.ice.turn;

/**
 * The ChannelData message of TURN (RFC 8656 §12.4), the fast path once a channel is bound: a
 * 4-byte header instead of a 36-byte Send or Data indication.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Channel Number        |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * /                       Application Data                        /
 * /                                                               /
 * |                                                               |
 * |                               +-------------------------------+
 * |                               |
 * +-------------------------------+
 * </pre>
 *
 * Channel numbers are 0x4000 to 0x4FFF (§12). Over TCP and TLS the message is padded to a multiple
 * of four bytes (§12.5); over UDP padding is optional and ignored. Static, allocation-free entry
 * points: they read and write caller buffers only, and never throw for bad input (the checks
 * return -1 or false instead), so they are easy to fuzz.
 */
public final class ChannelData {
  /** Header bytes: channel number and length. */
  public static final int HEADER_LENGTH = 4;
  public static final int MIN_CHANNEL = 0x4000;
  public static final int MAX_CHANNEL = 0x4FFF;

  private ChannelData() {}

  /** Whether {@code buf[off, off+len)} starts like a ChannelData message (first two bits 01). */
  public static boolean isChannelData(byte[] buf, int off, int len) {
    return len >= HEADER_LENGTH && (buf[off] & 0xC0) == 0x40;
  }

  /** The channel number of the message at {@code off} (no checks). */
  public static int channel(byte[] buf, int off) {
    return ((buf[off] & 0xFF) << 8) | (buf[off + 1] & 0xFF);
  }

  /** The length field: bytes of application data, without padding (no checks). */
  public static int dataLength(byte[] buf, int off) {
    return ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
  }

  /**
   * Validates the message in {@code buf[off, off+len)}: a channel number in 0x4000-0x4FFF and a
   * length that fits (trailing padding allowed). Returns the data length, or -1 if invalid.
   */
  public static int check(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < HEADER_LENGTH || off + len > buf.length || len < 0) {
      return -1;
    }
    int ch = channel(buf, off);
    int dl = dataLength(buf, off);
    if (ch < MIN_CHANNEL || ch > MAX_CHANNEL || HEADER_LENGTH + dl > len) {
      return -1;
    }
    return dl;
  }

  /** Bytes {@link #write} writes for {@code dataLength} bytes of data. */
  public static int encodedLength(int dataLength, boolean pad) {
    int n = HEADER_LENGTH + dataLength;
    return pad ? (n + 3) & ~3 : n;
  }

  /**
   * Writes a ChannelData message for {@code data[off, off+len)} at {@code dst[dstOff]}, zero-padded
   * to four bytes when {@code pad} (TCP, TLS). Returns the bytes written. {@code data} and
   * {@code dst} may be the same array with the data already at {@code dstOff + 4}.
   *
   * @throws IllegalArgumentException for a channel outside 0x4000-0x4FFF, more than 65,535 bytes,
   *     or a destination too small
   */
  public static int write(byte[] dst, int dstOff, int channel, byte[] data, int off, int len, boolean pad) {
    if (channel < MIN_CHANNEL || channel > MAX_CHANNEL) {
      throw new IllegalArgumentException("channel number out of range: " + channel);
    }
    if (len < 0 || len > 0xFFFF) {
      throw new IllegalArgumentException("ChannelData carries at most 65535 bytes: " + len);
    }
    int total = encodedLength(len, pad);
    if (dstOff < 0 || dstOff + total > dst.length) {
      throw new IllegalArgumentException("destination too small for " + total + " bytes");
    }
    System.arraycopy(data, off, dst, dstOff + HEADER_LENGTH, len);
    dst[dstOff] = (byte) (channel >>> 8);
    dst[dstOff + 1] = (byte) channel;
    dst[dstOff + 2] = (byte) (len >>> 8);
    dst[dstOff + 3] = (byte) len;
    for (int i = dstOff + HEADER_LENGTH + len; i < dstOff + total; i++) {
      dst[i] = 0;
    }
    return total;
  }
}
