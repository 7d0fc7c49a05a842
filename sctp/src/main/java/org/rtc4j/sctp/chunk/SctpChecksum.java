package org.rtc4j.sctp.chunk;

import java.util.zip.CRC32C;

/**
 * The SCTP checksum: CRC32c (Castagnoli) over the whole packet with the checksum field taken as
 * zero (RFC 9260 §6.8 and Appendix A). The JDK's {@link CRC32C} runs on the SSE 4.2 / ARMv8 CRC
 * instructions.
 *
 * <p>The result goes into the common header's checksum field least significant byte first: the
 * reference code of Appendix A keeps a reflected register and stores it in memory order, which is
 * the little-endian encoding of {@link CRC32C#getValue()}. A usrsctp INIT whose CRC32c is
 * {@code 0x339d01aa} carries {@code aa 01 9d 33}, and RFC 3720 §B.4 lists 32 zero bytes' CRC as
 * the bytes {@code aa 36 91 8a}; the tests pin both.
 *
 * <p>One instance per owner; not thread-safe (reuses one {@link CRC32C}).
 */
public final class SctpChecksum {
  private static final byte[] ZEROS = new byte[4];
  private final CRC32C crc = new CRC32C();

  /** A checksum engine for one owner. */
  public SctpChecksum() {
    // one CRC32C, reused
  }

  /** The CRC32c of the packet {@code buf[off, off+len)} with bytes 8..11 counted as zero. */
  public int compute(byte[] buf, int off, int len) {
    crc.reset();
    crc.update(buf, off, 8);
    crc.update(ZEROS, 0, 4);
    crc.update(buf, off + 12, len - 12);
    return (int) crc.getValue();
  }

  /** Writes the checksum of a complete packet into its common header. */
  public void seal(byte[] buf, int off, int len) {
    Bytes.put32le(buf, off + 8, compute(buf, off, len));
  }

  /** True if the packet (at least a common header) carries its correct checksum. */
  public boolean verify(byte[] buf, int off, int len) {
    return len >= SctpPacket.COMMON_HEADER_LENGTH && Bytes.i32le(buf, off + 8) == compute(buf, off, len);
  }

  /** The raw CRC32c of a byte range (for test vectors). */
  public int crc32c(byte[] buf, int off, int len) {
    crc.reset();
    crc.update(buf, off, len);
    return (int) crc.getValue();
  }
}
