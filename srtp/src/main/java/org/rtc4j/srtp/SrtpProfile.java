package org.rtc4j.srtp;

/**
 * The SRTP protection profiles WebRTC negotiates through DTLS-SRTP (RFC 5764 §4.1.2, RFC 7714 §14.2),
 * with the lengths each one needs.
 *
 * <p>Offer {@link #AEAD_AES_128_GCM} first: on the JVM the counter-mode profile costs about 1.7
 * times its CPU for a 1200-byte packet, because HMAC-SHA1 (even on the SHA-NI intrinsic) costs more
 * than the JCE's whole AES-GCM; for a 160-byte packet counter mode is 5-15% cheaper. Counter mode
 * allocates nothing per packet, GCM about 1 KB inside the JCE (figures in the srtp README).
 */
public enum SrtpProfile {
  /** {@code SRTP_AES128_CM_HMAC_SHA1_80} (RFC 3711, RFC 5764): 80-bit tags on SRTP and SRTCP. */
  AES_CM_128_HMAC_SHA1_80(0x0001, "SRTP_AES128_CM_HMAC_SHA1_80", 16, 14, 20, 10, 10, false),
  /** {@code SRTP_AES128_CM_HMAC_SHA1_32}: 32-bit SRTP tags; SRTCP keeps 80 bits (RFC 5764 §4.1.2). */
  AES_CM_128_HMAC_SHA1_32(0x0002, "SRTP_AES128_CM_HMAC_SHA1_32", 16, 14, 20, 4, 10, false),
  /** {@code SRTP_AEAD_AES_128_GCM} (RFC 7714): 96-bit salt, 128-bit tag, no separate MAC. */
  AEAD_AES_128_GCM(0x0007, "SRTP_AEAD_AES_128_GCM", 16, 12, 0, 16, 16, true),
  /** {@code SRTP_AEAD_AES_256_GCM} (RFC 7714): AES-256 keys, key derivation with AES-256 (RFC 6188). */
  AEAD_AES_256_GCM(0x0008, "SRTP_AEAD_AES_256_GCM", 32, 12, 0, 16, 16, true);

  private final int id;
  private final String ianaName;
  private final int keyLength;
  private final int saltLength;
  private final int authKeyLength;
  private final int rtpTagLength;
  private final int rtcpTagLength;
  private final boolean aead;

  SrtpProfile(int id, String ianaName, int keyLength, int saltLength, int authKeyLength, int rtpTagLength,
      int rtcpTagLength, boolean aead) {
    this.id = id;
    this.ianaName = ianaName;
    this.keyLength = keyLength;
    this.saltLength = saltLength;
    this.authKeyLength = authKeyLength;
    this.rtpTagLength = rtpTagLength;
    this.rtcpTagLength = rtcpTagLength;
    this.aead = aead;
  }

  /** The DTLS-SRTP protection profile identifier (RFC 5764 §4.1.2, RFC 7714 §14.2). */
  public int id() {
    return id;
  }

  /**
   * The profile's name in IANA's DTLS-SRTP Protection Profiles registry, e.g.
   * {@code SRTP_AEAD_AES_128_GCM}: what W3C webrtc-stats' {@code srtpCipher} reports.
   */
  public String ianaName() {
    return ianaName;
  }

  /** Master (and session) encryption key length in bytes. */
  public int keyLength() {
    return keyLength;
  }

  /** Master (and session) salt length in bytes: 14 for AES-CM, 12 for AES-GCM. */
  public int saltLength() {
    return saltLength;
  }

  /** Session authentication key length in bytes; 0 for the AEAD profiles. */
  public int authKeyLength() {
    return authKeyLength;
  }

  /** Bytes appended to an RTP packet by {@code protectRtp}: the authentication tag. */
  public int rtpTagLength() {
    return rtpTagLength;
  }

  /** Length of the SRTCP authentication tag in bytes. */
  public int rtcpTagLength() {
    return rtcpTagLength;
  }

  /** Bytes appended to an RTCP packet by {@code protectRtcp}: tag plus the 4-byte E flag and index. */
  public int rtcpOverhead() {
    return rtcpTagLength + 4;
  }

  /** Whether this is an AEAD (AES-GCM, RFC 7714) profile. */
  public boolean isAead() {
    return aead;
  }

  /** Bytes of keying material one side needs: master key plus master salt. */
  public int masterLength() {
    return keyLength + saltLength;
  }

  /**
   * The profile with the given DTLS-SRTP identifier.
   *
   * @throws IllegalArgumentException if rtc4j does not implement it
   */
  public static SrtpProfile fromId(int id) {
    for (SrtpProfile p : values()) {
      if (p.id == id) {
        return p;
      }
    }
    throw new IllegalArgumentException("unsupported SRTP protection profile 0x" + Integer.toHexString(id));
  }
}
