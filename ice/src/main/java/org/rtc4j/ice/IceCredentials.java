package org.rtc4j.ice;

import java.util.Objects;
import java.util.Random;

/**
 * {@code ice-ufrag} and {@code ice-pwd} (RFC 8839 §5.4): ufrag 4 to 256 ice-chars, password 22 to
 * 256. {@link #toString()} never shows the password.
 */
public record IceCredentials(String ufrag, String password) {
  private static final String ICE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  public IceCredentials {
    Objects.requireNonNull(ufrag, "ufrag");
    Objects.requireNonNull(password, "password");
    if (ufrag.length() < 4 || ufrag.length() > 256 || !ufrag.chars().allMatch(c -> ICE_CHARS.indexOf(c) >= 0)) {
      throw new IllegalArgumentException("ice-ufrag must be 4 to 256 ice-chars");
    }
    if (password.length() < 22 || password.length() > 256
        || !password.chars().allMatch(c -> ICE_CHARS.indexOf(c) >= 0)) {
      throw new IllegalArgumentException("ice-pwd must be 22 to 256 ice-chars");
    }
  }

  /** Fresh random credentials: 8-char ufrag (48 bits), 24-char password (144 bits). */
  public static IceCredentials random(Random random) {
    return new IceCredentials(chars(random, 8), chars(random, 24));
  }

  private static String chars(Random r, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(ICE_CHARS.charAt(r.nextInt(ICE_CHARS.length())));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "IceCredentials[ufrag=" + ufrag + ", password=<redacted>]";
  }
}
