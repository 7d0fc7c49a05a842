package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;

/**
 * The RFC 8839 §5 grammar of the ICE attributes, checked without allocating: JSEP parses them
 * (RFC 9429 §5.8.1, §5.8.2) and refuses a description where one is malformed.
 *
 * <pre>
 * ice-ufrag-att = "ice-ufrag:" ufrag            ufrag    = 4*256ice-char
 * ice-pwd-att   = "ice-pwd:" password           password = 22*256ice-char
 * ice-options   = "ice-options:" ice-option-tag *(SP ice-option-tag); ice-option-tag = 1*ice-char
 * candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
 *                       connection-address SP port SP cand-type [SP rel-addr] [SP rel-port]
 *                       *(SP cand-extension)
 * foundation = 1*32ice-char   component-id = 1*3DIGIT   transport = "UDP" / transport-extension (token)
 * priority = 1*10DIGIT        port = 1*5DIGIT            cand-type = "typ" SP candidate-types (token)
 * rel-addr = "raddr" SP connection-address   rel-port = "rport" SP port
 * cand-extension = extension-att-name SP extension-att-value   (both non-empty, no spaces)
 * ice-char = ALPHA / DIGIT / "+" / "/"
 * </pre>
 */
final class IceGrammar {
  private IceGrammar() {}

  /** Whether {@code s[from, to)} is a ufrag (4-256 ice-chars) or, {@code password}, a password (22-256). */
  static boolean isCredential(String s, int from, int to, boolean password) {
    int n = to - from;
    return n >= (password ? 22 : 4) && n <= 256 && iceChars(s, from, to);
  }

  /** Whether {@code s[from, to)} is one or more ice-option-tags, single-space separated or in runs. */
  static boolean isOptions(String s, int from, int to) {
    int i = from;
    if (i >= to) {
      return false;
    }
    while (i < to) {
      int e = Chars.tokenEnd(s, i, to);
      if (!iceChars(s, i, e)) {
        return false;
      }
      i = Chars.skipSpaces(s, e, to);
    }
    return true;
  }

  /** Whether {@code s[from, to)} is a candidate value (after {@code candidate:}). */
  static boolean isCandidate(String s, int from, int to) {
    int i = from;
    int field = 0;
    boolean ok = true;
    boolean rport = false;
    int extension = 0;
    while (i < to && ok) {
      int e = Chars.tokenEnd(s, i, to);
      switch (field) {
        case 0: // foundation
          ok = e - i <= 32 && iceChars(s, i, e);
          break;
        case 1: // component-id
          ok = e - i <= 3 && Chars.isDigits(s, i, e);
          break;
        case 2: // transport
          ok = Chars.isSdpToken(s, i, e);
          break;
        case 3: // priority
          ok = e - i <= 10 && Chars.isDigits(s, i, e);
          break;
        case 4: // connection-address
          ok = Chars.isToken(s, i, e);
          break;
        case 5: // port
          ok = isPort(s, i, e);
          break;
        case 6:
          ok = Chars.regionEquals(s, i, e, "typ");
          break;
        case 7: // candidate type
          ok = Chars.isSdpToken(s, i, e);
          break;
        default:
          // [raddr <address>] [rport <port>] then name/value pairs
          if (extension % 2 == 0) {
            ok = Chars.isSdpToken(s, i, e);
            rport = Chars.regionEquals(s, i, e, "rport");
          } else {
            ok = rport ? isPort(s, i, e) : Chars.isToken(s, i, e);
          }
          extension++;
      }
      field++;
      i = Chars.skipSpaces(s, e, to);
    }
    return ok && field >= 8 && extension % 2 == 0;
  }

  private static boolean isPort(String s, int from, int to) {
    return to - from <= 5 && Chars.parseUnsigned(s, from, to, 65535) >= 0;
  }

  private static boolean iceChars(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!Chars.isIceChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
