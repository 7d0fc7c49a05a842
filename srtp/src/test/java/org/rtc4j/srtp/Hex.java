package org.rtc4j.srtp;

import java.util.HexFormat;

final class Hex {
  private Hex() {}

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s+", "").toLowerCase());
  }

  static String hex(byte[] b, int off, int len) {
    return HexFormat.of().formatHex(b, off, off + len);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
