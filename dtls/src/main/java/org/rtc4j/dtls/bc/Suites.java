package org.rtc4j.dtls.bc;

import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.NamedGroup;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsConfig;

/** Cipher suites and groups: ECDHE with ECDSA or RSA, AES-128-GCM first (RFC 8827 §6.5). */
final class Suites {
  private Suites() {}

  static final int[] ECDSA = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
  };

  static final int[] RSA = {
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
  };

  /** The client offers both families: the server's certificate decides. */
  static final int[] CLIENT = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
  };

  /** The IANA name of a suite we offer, else its number in hex. */
  static String name(int suite) {
    switch (suite) {
      case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:
        return "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
      case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:
        return "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
      case CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256:
        return "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
      case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA:
        return "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA";
      case CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:
        return "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
      case CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:
        return "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
      case CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256:
        return "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
      case CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA:
        return "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";
      default:
        return String.format("0x%04X", suite);
    }
  }

  /** The server can only sign with its own key type. */
  static int[] server(Certificate certificate) {
    return certificate.keyType() == Certificate.KeyType.ECDSA_P256 ? ECDSA : RSA;
  }

  static int[] groups(DtlsConfig config) {
    List<DtlsConfig.Group> list = config.groups();
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      switch (list.get(i)) {
        case X25519:
          out[i] = NamedGroup.x25519;
          break;
        case SECP256R1:
          out[i] = NamedGroup.secp256r1;
          break;
        default:
          out[i] = NamedGroup.secp384r1;
          break;
      }
    }
    return out;
  }
}
