package org.rtc4j.sctp.chunk;

import java.util.HexFormat;

/** Hex helpers for golden bytes (spaces ignored). */
final class Hex {
  private Hex() {}

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", "").replace("\n", ""));
  }

  static String of(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
