package org.rtc4j.srtp;

import java.util.Arrays;

/**
 * The DTLS-SRTP keying material split into its four parts (RFC 5764 §4.2):
 *
 * <pre>
 *   client_write_SRTP_master_key[key_len]
 *   server_write_SRTP_master_key[key_len]
 *   client_write_SRTP_master_salt[salt_len]
 *   server_write_SRTP_master_salt[salt_len]
 * </pre>
 *
 * The DTLS exporter produces this block with the label {@code "EXTRACTOR-dtls_srtp"} and
 * {@code 2 * (key_len + salt_len)} bytes. {@link #toString()} never shows key bytes.
 *
 * @param profile the negotiated protection profile
 * @param clientKey client write master key
 * @param clientSalt client write master salt
 * @param serverKey server write master key
 * @param serverSalt server write master salt
 */
public record SrtpKeyingMaterial(SrtpProfile profile, byte[] clientKey, byte[] clientSalt,
    byte[] serverKey, byte[] serverSalt) {

  /** Validates the lengths and keeps private copies. */
  public SrtpKeyingMaterial {
    check(profile, clientKey, clientSalt);
    check(profile, serverKey, serverSalt);
    clientKey = clientKey.clone();
    clientSalt = clientSalt.clone();
    serverKey = serverKey.clone();
    serverSalt = serverSalt.clone();
  }

  private static void check(SrtpProfile profile, byte[] key, byte[] salt) {
    if (key.length != profile.keyLength() || salt.length != profile.saltLength()) {
      throw new IllegalArgumentException(profile + " needs a " + profile.keyLength()
          + "-byte key and a " + profile.saltLength() + "-byte salt, got " + key.length + " and "
          + salt.length);
    }
  }

  /**
   * Splits the exporter output for {@code profile}.
   *
   * @throws IllegalArgumentException if {@code material} is not {@code 2 * masterLength()} bytes
   */
  public static SrtpKeyingMaterial split(SrtpProfile profile, byte[] material) {
    int k = profile.keyLength();
    int s = profile.saltLength();
    if (material.length != 2 * (k + s)) {
      throw new IllegalArgumentException(profile + " keying material is " + 2 * (k + s)
          + " bytes, got " + material.length);
    }
    return new SrtpKeyingMaterial(profile,
        Arrays.copyOfRange(material, 0, k),
        Arrays.copyOfRange(material, 2 * k, 2 * k + s),
        Arrays.copyOfRange(material, k, 2 * k),
        Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s));
  }

  /** The context that protects what this endpoint sends. */
  public SrtpContext outbound(SrtpRole role) {
    return outbound(role, SrtpContext.DEFAULT_REPLAY_WINDOW);
  }

  /** The context that protects what this endpoint sends, with a replay window size. */
  public SrtpContext outbound(SrtpRole role, int replayWindow) {
    return role == SrtpRole.CLIENT
        ? SrtpContext.create(profile, clientKey, clientSalt, replayWindow)
        : SrtpContext.create(profile, serverKey, serverSalt, replayWindow);
  }

  /** The context that unprotects what the peer sends. */
  public SrtpContext inbound(SrtpRole role) {
    return inbound(role, SrtpContext.DEFAULT_REPLAY_WINDOW);
  }

  /** The context that unprotects what the peer sends, with a replay window size. */
  public SrtpContext inbound(SrtpRole role, int replayWindow) {
    return outbound(role == SrtpRole.CLIENT ? SrtpRole.SERVER : SrtpRole.CLIENT, replayWindow);
  }

  /** The DTLS client's master key (a copy). */
  @Override
  public byte[] clientKey() {
    return clientKey.clone();
  }

  /** The DTLS client's master salt (a copy). */
  @Override
  public byte[] clientSalt() {
    return clientSalt.clone();
  }

  /** The DTLS server's master key (a copy). */
  @Override
  public byte[] serverKey() {
    return serverKey.clone();
  }

  /** The DTLS server's master salt (a copy). */
  @Override
  public byte[] serverSalt() {
    return serverSalt.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SrtpKeyingMaterial m && m.profile == profile
        && Arrays.equals(m.clientKey, clientKey) && Arrays.equals(m.clientSalt, clientSalt)
        && Arrays.equals(m.serverKey, serverKey) && Arrays.equals(m.serverSalt, serverSalt);
  }

  @Override
  public int hashCode() {
    return profile.hashCode();
  }

  @Override
  public String toString() {
    return "SrtpKeyingMaterial[" + profile + ", keys redacted]";
  }
}
