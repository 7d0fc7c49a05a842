package org.rtc4j.dtls;

/**
 * The SRTP protection profiles negotiated by the DTLS {@code use_srtp} extension (RFC 5764 §4.1.2,
 * RFC 7714 §14.2), with the master key and salt lengths each one takes from the exporter.
 */
public enum SrtpProtectionProfile {
  /** RFC 7714: AES-128-GCM, 16-byte key, 12-byte salt. */
  SRTP_AEAD_AES_128_GCM(0x0007, 16, 12, "SRTP_AEAD_AES_128_GCM"),
  /** RFC 7714: AES-256-GCM, 32-byte key, 12-byte salt. */
  SRTP_AEAD_AES_256_GCM(0x0008, 32, 12, "SRTP_AEAD_AES_256_GCM"),
  /** RFC 5764: AES-128-CM with an 80-bit HMAC-SHA1 tag, 16-byte key, 14-byte salt. */
  SRTP_AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, "SRTP_AES128_CM_SHA1_80"),
  /** RFC 5764: AES-128-CM with a 32-bit HMAC-SHA1 tag, 16-byte key, 14-byte salt. */
  SRTP_AES128_CM_HMAC_SHA1_32(0x0002, 16, 14, "SRTP_AES128_CM_SHA1_32");

  private final int id;
  private final int keyLength;
  private final int saltLength;
  private final String opensslName;

  SrtpProtectionProfile(int id, int keyLength, int saltLength, String opensslName) {
    this.id = id;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
    this.opensslName = opensslName;
  }

  /** The two-byte SRTPProtectionProfile value on the wire. */
  public int id() {
    return id;
  }

  /** The SRTP master key length in bytes. */
  public int keyLength() {
    return keyLength;
  }

  /** The SRTP master salt length in bytes. */
  public int saltLength() {
    return saltLength;
  }

  /** How many bytes the {@code EXTRACTOR-dtls_srtp} exporter yields: 2 × (key + salt). */
  public int keyingMaterialLength() {
    return 2 * (keyLength + saltLength);
  }

  /** The name OpenSSL uses for {@code -use_srtp}. */
  public String opensslName() {
    return opensslName;
  }

  /** The profile with this wire value, or null. */
  public static SrtpProtectionProfile fromId(int id) {
    for (SrtpProtectionProfile p : values()) {
      if (p.id == id) {
        return p;
      }
    }
    return null;
  }
}
