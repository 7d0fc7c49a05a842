package org.rtc4j.srtp.internal;

import java.security.GeneralSecurityException;

/**
 * The SRTP key derivation function with a key derivation rate of zero (RFC 3711 §4.3.1 and §4.3.3),
 * which RFC 6188 §7 extends to AES-256 and RFC 7714 §11 reuses for AES-GCM with a 96-bit salt.
 *
 * <pre>
 *   key_id = label || (index DIV kdr)          (kdr = 0: the 48-bit part is zero)
 *   x      = key_id XOR master_salt            (both right-aligned in 112 bits)
 *   out    = AES-CM(master_key, IV = x * 2^16) (the keystream, truncated: {@link AesCm})
 * </pre>
 *
 * A 96-bit (GCM) master salt is padded with two zero bytes on the right to 112 bits, as libsrtp does.
 */
public final class SrtpKdf {
  /** SRTP encryption key (RFC 3711 §4.3.2). */
  public static final int LABEL_RTP_ENCRYPTION = 0x00;
  /** SRTP authentication key. */
  public static final int LABEL_RTP_AUTH = 0x01;
  /** SRTP salting key. */
  public static final int LABEL_RTP_SALT = 0x02;
  /** SRTCP encryption key. */
  public static final int LABEL_RTCP_ENCRYPTION = 0x03;
  /** SRTCP authentication key. */
  public static final int LABEL_RTCP_AUTH = 0x04;
  /** SRTCP salting key. */
  public static final int LABEL_RTCP_SALT = 0x05;

  private SrtpKdf() {}

  /**
   * Derives {@code length} bytes for {@code label} from the master key and salt.
   *
   * @throws IllegalArgumentException if the key is not an AES key or the salt is longer than 14 bytes
   */
  public static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
    if (masterSalt.length > 14) {
      throw new IllegalArgumentException("master salt longer than 112 bits");
    }
    byte[] iv = new byte[AesCm.BLOCK];
    System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
    iv[7] ^= (byte) label;
    byte[] out = new byte[length];
    AesCm aes = new AesCm(masterKey);
    try {
      aes.keystream(iv, out, 0, length);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot derive SRTP session keys: " + e.getMessage(), e);
    } finally {
      aes.destroy();
    }
    return out;
  }
}
