package org.rtc4j.stun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;

/**
 * Keys for MESSAGE-INTEGRITY (RFC 8489 §9). The short-term key is the SASLprep'ed password; the
 * long-term key is {@code MD5(username ":" realm ":" SASLprep(password))}.
 */
public final class StunCredentials {
  private StunCredentials() {}

  /** Short-term credential key (ICE uses these): the UTF-8 bytes of the SASLprep'ed password. */
  public static byte[] shortTermKey(String password) {
    return saslPrep(password).getBytes(StandardCharsets.UTF_8);
  }

  /** Long-term credential key for MESSAGE-INTEGRITY (RFC 8489 §9.2.2, MD5 algorithm). */
  public static byte[] longTermKey(String username, String realm, String password) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return md5.digest((username + ":" + realm + ":" + saslPrep(password)).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required by every Java platform", e);
    }
  }

  /**
   * Long-term credential key with the SHA-256 password algorithm (RFC 8489 §9.2.2, §18.5.1.2):
   * {@code SHA-256(username ":" OpaqueString(realm) ":" OpaqueString(password))}.
   */
  public static byte[] longTermKeySha256(String username, String realm, String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return sha.digest((username + ":" + realm + ":" + saslPrep(password)).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /**
   * The parts of SASLprep (RFC 4013) that change real passwords: characters "commonly mapped to
   * nothing" (RFC 3454 B.1) are removed, non-ASCII spaces become U+0020, then NFKC normalization.
   * Prohibited-output and bidi checks are not enforced: ICE passwords are ASCII (RFC 8839 §5.4).
   */
  public static String saslPrep(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\u00AD', '\u034F', '\u1806', '\u180B', '\u180C', '\u180D', '\u200B', '\u200C', '\u200D',
            '\u2060', '\uFE00', '\uFE01', '\uFE02', '\uFE03', '\uFE04', '\uFE05', '\uFE06', '\uFE07',
            '\uFE08', '\uFE09', '\uFE0A', '\uFE0B', '\uFE0C', '\uFE0D', '\uFE0E', '\uFE0F', '\uFEFF' -> {
          // mapped to nothing
        }
        case '\u00A0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006',
            '\u2007', '\u2008', '\u2009', '\u200A', '\u202F', '\u205F', '\u3000' -> sb.append(' ');
        default -> sb.append(c);
      }
    }
    return Normalizer.normalize(sb, Normalizer.Form.NFKC);
  }
}
