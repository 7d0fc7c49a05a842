package org.rtc4j.dtls;

import java.util.Arrays;
import java.util.Objects;

/**
 * SRTP master keys and salts exported from a DTLS association (RFC 5764 §4.2).
 *
 * <p>The exporter with label {@code EXTRACTOR-dtls_srtp} and no context yields
 * {@code 2 * (key_len + salt_len)} bytes, laid out as
 *
 * <pre>
 * client_write_SRTP_master_key[key_len]
 * server_write_SRTP_master_key[key_len]
 * client_write_SRTP_master_salt[salt_len]
 * server_write_SRTP_master_salt[salt_len]
 * </pre>
 *
 * The DTLS client protects what it sends with the client key and salt and the server with the
 * server's; each side unprotects with the other's.
 */
public final class KeyingMaterial {
  private final SrtpProtectionProfile profile;
  private final byte[] material;

  private KeyingMaterial(SrtpProtectionProfile profile, byte[] material) {
    this.profile = profile;
    this.material = material;
  }

  /** Wraps exported bytes; their length must be {@link SrtpProtectionProfile#keyingMaterialLength()}. */
  public static KeyingMaterial of(SrtpProtectionProfile profile, byte[] exported) {
    Objects.requireNonNull(profile, "profile");
    if (exported.length != profile.keyingMaterialLength()) {
      throw new IllegalArgumentException(
          profile + " needs " + profile.keyingMaterialLength() + " bytes, got " + exported.length);
    }
    return new KeyingMaterial(profile, exported.clone());
  }

  /** The SRTP profile the material is for (it fixes the key and salt lengths). */
  public SrtpProtectionProfile profile() {
    return profile;
  }

  /** The whole exporter output, as OpenSSL's {@code -keymatexport} prints it. */
  public byte[] exported() {
    return material.clone();
  }

  /** The DTLS client's SRTP master key (RFC 5764 §4.2 layout; a copy). */
  public byte[] clientMasterKey() {
    return Arrays.copyOfRange(material, 0, profile.keyLength());
  }

  /** The DTLS server's SRTP master key (a copy). */
  public byte[] serverMasterKey() {
    int k = profile.keyLength();
    return Arrays.copyOfRange(material, k, 2 * k);
  }

  /** The DTLS client's SRTP master salt (a copy). */
  public byte[] clientMasterSalt() {
    int k = profile.keyLength();
    return Arrays.copyOfRange(material, 2 * k, 2 * k + profile.saltLength());
  }

  /** The DTLS server's SRTP master salt (a copy). */
  public byte[] serverMasterSalt() {
    int k = profile.keyLength();
    int s = profile.saltLength();
    return Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
  }

  /** The key this endpoint protects outgoing SRTP with. */
  public byte[] localMasterKey(DtlsRole role) {
    return role == DtlsRole.CLIENT ? clientMasterKey() : serverMasterKey();
  }

  /** The salt this endpoint protects outgoing SRTP with. */
  public byte[] localMasterSalt(DtlsRole role) {
    return role == DtlsRole.CLIENT ? clientMasterSalt() : serverMasterSalt();
  }

  /** The key incoming SRTP from the peer is unprotected with. */
  public byte[] remoteMasterKey(DtlsRole role) {
    return role == DtlsRole.CLIENT ? serverMasterKey() : clientMasterKey();
  }

  /** The salt incoming SRTP from the peer is unprotected with. */
  public byte[] remoteMasterSalt(DtlsRole role) {
    return role == DtlsRole.CLIENT ? serverMasterSalt() : clientMasterSalt();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyingMaterial k && k.profile == profile && Arrays.equals(k.material, material);
  }

  @Override
  public int hashCode() {
    return 31 * profile.hashCode() + Arrays.hashCode(material);
  }

  /** Never prints the secret bytes. */
  @Override
  public String toString() {
    return "KeyingMaterial{" + profile + ", " + material.length + " bytes}";
  }
}
