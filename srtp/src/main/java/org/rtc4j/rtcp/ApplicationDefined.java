package org.rtc4j.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Application-defined packet (RFC 3550 §6.7).
 *
 * <pre>
 * |V=2|P| subtype |   PT=APP=204  |             length            |
 * |                           SSRC/CSRC                           |
 * |                          name (ASCII)                         |
 * |                   application-dependent data                ...
 * </pre>
 *
 * @param subtype 0-31
 * @param ssrc the source
 * @param name four printable ASCII characters
 * @param data application data, a multiple of 4 bytes
 */
public record ApplicationDefined(int subtype, int ssrc, String name, byte[] data) implements RtcpPacket {

  /** Validates and copies. */
  public ApplicationDefined {
    if (subtype < 0 || subtype > 31) {
      throw new IllegalArgumentException("APP subtype " + subtype);
    }
    if (name.length() != 4 || !name.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
      throw new IllegalArgumentException("APP name must be 4 ASCII characters");
    }
    if (data.length % 4 != 0) {
      throw new IllegalArgumentException("APP data must be a multiple of 4 bytes");
    }
    data = data.clone();
  }

  /** The application-dependent data (a copy). */
  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public int packetType() {
    return APP;
  }

  @Override
  public int encodedLength() {
    return 12 + data.length;
  }

  @Override
  public int writeTo(byte[] dst, int off) {
    int n = encodedLength();
    Bytes.header(dst, off, subtype, APP, n);
    Bytes.put32(dst, off + 4, ssrc);
    byte[] nm = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(nm, 0, dst, off + 8, 4);
    System.arraycopy(data, 0, dst, off + 12, data.length);
    return n;
  }

  static ApplicationDefined read(byte[] b, int off, int end, int subtype) throws RtcpParseException {
    if (end - off < 12) {
      throw new RtcpParseException(RtcpParseException.Reason.BAD_LENGTH, off, "APP shorter than 12 bytes");
    }
    for (int i = off + 8; i < off + 12; i++) {
      if (b[i] < 0x20 || b[i] > 0x7E) {
        throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_APP, i, "APP name not ASCII");
      }
    }
    return new ApplicationDefined(subtype, Bytes.i32(b, off + 4),
        new String(b, off + 8, 4, StandardCharsets.US_ASCII), Arrays.copyOfRange(b, off + 12, end));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApplicationDefined a && a.subtype == subtype && a.ssrc == ssrc
        && a.name.equals(name) && Arrays.equals(a.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * ssrc + name.hashCode()) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "ApplicationDefined[subtype=" + subtype + ", ssrc=" + ssrc + ", name=" + name
        + ", data=" + data.length + " bytes]";
  }
}
