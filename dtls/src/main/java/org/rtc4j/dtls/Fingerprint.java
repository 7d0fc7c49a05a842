package org.rtc4j.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A certificate fingerprint as carried by the SDP {@code a=fingerprint} attribute (RFC 8122 §5).
 *
 * <pre>
 * attribute            = "fingerprint" ":" hash-func SP fingerprint
 * hash-func            = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / token
 * fingerprint          = 2UHEX *(":" 2UHEX)    ; each byte in upper-case hex, colon separated
 * </pre>
 *
 * <p>{@link #parse(String)} accepts upper- or lower-case hex and hash names (RFC 8122 §5 says the
 * comparison is case-insensitive); {@link #toString()} writes the canonical form, for example
 * {@code sha-256 0A:1B:...:FF}. md2 and md5 are refused (RFC 8122 §5: they MUST NOT be used).
 */
public final class Fingerprint {

  /** The hash functions a fingerprint may use, with their SDP token and JDK algorithm name. */
  public enum Algorithm {
    /** SHA-1 (RFC 8122 allows it; not for new certificates). */
    SHA_1("sha-1", "SHA-1", 20),
    /** SHA-224. */
    SHA_224("sha-224", "SHA-224", 28),
    /** SHA-256, what rtc4j writes. */
    SHA_256("sha-256", "SHA-256", 32),
    /** SHA-384. */
    SHA_384("sha-384", "SHA-384", 48),
    /** SHA-512. */
    SHA_512("sha-512", "SHA-512", 64);

    private final String sdpName;
    private final String jdkName;
    private final int length;

    Algorithm(String sdpName, String jdkName, int length) {
      this.sdpName = sdpName;
      this.jdkName = jdkName;
      this.length = length;
    }

    /** The token used in SDP, e.g. {@code sha-256}. */
    public String sdpName() {
      return sdpName;
    }

    /** The digest length in bytes. */
    public int length() {
      return length;
    }

    /** Looks up an SDP hash-func token, ignoring case; null when unknown. */
    public static Algorithm fromSdpName(String token) {
      String lower = token.toLowerCase(Locale.ROOT);
      for (Algorithm a : values()) {
        if (a.sdpName.equals(lower)) {
          return a;
        }
      }
      return null;
    }

    byte[] digest(byte[] data) {
      try {
        return MessageDigest.getInstance(jdkName).digest(data);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("JDK lacks " + jdkName, e);
      }
    }
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final Algorithm algorithm;
  private final byte[] value;

  private Fingerprint(Algorithm algorithm, byte[] value) {
    this.algorithm = algorithm;
    this.value = value;
  }

  /** The fingerprint of a DER-encoded certificate with the given hash (RFC 8122 §5). */
  public static Fingerprint of(Algorithm algorithm, byte[] certificateDer) {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(certificateDer, "certificateDer");
    return new Fingerprint(algorithm, algorithm.digest(certificateDer));
  }

  /**
   * Parses the value of an {@code a=fingerprint} attribute, e.g. {@code "sha-256 AB:CD:..."}.
   *
   * @throws DtlsException with reason {@code MALFORMED_FINGERPRINT}, {@code
   *     UNSUPPORTED_HASH_FUNCTION} or {@code FINGERPRINT_LENGTH}
   */
  public static Fingerprint parse(String text) throws DtlsException {
    if (text == null) {
      throw new DtlsException(DtlsException.Reason.MALFORMED_FINGERPRINT, "fingerprint is null");
    }
    String s = text.trim();
    int sp = s.indexOf(' ');
    if (sp <= 0) {
      throw new DtlsException(
          DtlsException.Reason.MALFORMED_FINGERPRINT, "expected '<hash-func> <fingerprint>': " + text);
    }
    String hashName = s.substring(0, sp);
    Algorithm algorithm = Algorithm.fromSdpName(hashName);
    if (algorithm == null) {
      throw new DtlsException(
          DtlsException.Reason.UNSUPPORTED_HASH_FUNCTION, "unsupported hash function: " + hashName);
    }
    String hex = s.substring(sp + 1).trim();
    // 2 hex digits per byte, a colon between bytes.
    if ((hex.length() + 1) % 3 != 0) {
      throw new DtlsException(
          DtlsException.Reason.MALFORMED_FINGERPRINT, "fingerprint is not colon-separated hex pairs");
    }
    int n = (hex.length() + 1) / 3;
    byte[] value = new byte[n];
    for (int i = 0; i < n; i++) {
      int p = i * 3;
      int hi = hexDigit(hex.charAt(p));
      int lo = hexDigit(hex.charAt(p + 1));
      if (hi < 0 || lo < 0 || (i < n - 1 && hex.charAt(p + 2) != ':')) {
        throw new DtlsException(
            DtlsException.Reason.MALFORMED_FINGERPRINT, "bad hex pair at offset " + p + " of fingerprint");
      }
      value[i] = (byte) (hi << 4 | lo);
    }
    if (n != algorithm.length()) {
      throw new DtlsException(
          DtlsException.Reason.FINGERPRINT_LENGTH,
          algorithm.sdpName() + " fingerprint must have " + algorithm.length() + " bytes, got " + n);
    }
    return new Fingerprint(algorithm, value);
  }

  /** RFC 8122 §5 {@code HEXDIG}: ASCII only (Character.digit would also take other scripts' digits). */
  private static int hexDigit(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /** The hash function. */
  public Algorithm algorithm() {
    return algorithm;
  }

  /** The digest bytes (a copy). */
  public byte[] value() {
    return value.clone();
  }

  /** True when the DER-encoded certificate hashes to this fingerprint (constant-time compare). */
  public boolean matches(byte[] certificateDer) {
    return MessageDigest.isEqual(value, algorithm.digest(certificateDer));
  }

  /** The canonical SDP text: {@code <hash-func> SP <upper-case hex pairs joined by ':'>}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(algorithm.sdpName().length() + 1 + value.length * 3);
    sb.append(algorithm.sdpName()).append(' ');
    for (int i = 0; i < value.length; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(HEX[(value[i] >> 4) & 0xF]).append(HEX[value[i] & 0xF]);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fingerprint f && f.algorithm == algorithm && Arrays.equals(f.value, value);
  }

  @Override
  public int hashCode() {
    return 31 * algorithm.hashCode() + Arrays.hashCode(value);
  }
}
