package org.rtc4j.dtls.bc;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Map;
import java.util.Vector;
import java.util.WeakHashMap;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsConfig;

/** The shared TlsCrypto instances and the signing credentials built on them. */
public final class BcCrypto {
  private static final TlsCrypto JCA = new JcaTlsCryptoProvider().create(new SecureRandom());
  private static final TlsCrypto BC = new TablelessGcmBcTlsCrypto(new SecureRandom());

  /**
   * Bouncy Castle's crypto with AES-GCM multiplying without a table instead of its default 4 KiB
   * one of 256 {@code long[2]}: the record layer keeps a read and a write cipher per connection,
   * which cost 18.5 KB of heap per connection with the default table and 32 bytes without.
   * DTLS records after the handshake carry only data channels, where the slower multiplication does
   * not show next to SCTP.
   */
  private static final class TablelessGcmBcTlsCrypto extends BcTlsCrypto {
    TablelessGcmBcTlsCrypto(SecureRandom random) {
      super(random);
    }

    @Override
    protected AEADBlockCipher createGCMMode(BlockCipher engine) {
      return GCMBlockCipher.newInstance(engine, new BasicGCMMultiplier());
    }
  }

  private BcCrypto() {}

  /** The process-wide crypto for a provider choice (both are thread-safe). */
  public static TlsCrypto of(DtlsConfig.CryptoProvider provider) {
    return provider == DtlsConfig.CryptoProvider.BC ? BC : JCA;
  }

  /** The TLS signature algorithm our certificate's key uses. */
  static short signatureAlgorithm(Certificate certificate) {
    return certificate.keyType() == Certificate.KeyType.ECDSA_P256 ? SignatureAlgorithm.ecdsa : SignatureAlgorithm.rsa;
  }

  /**
   * Picks the signature scheme for our key: sha256 with our algorithm when the peer lists it (or
   * lists nothing, RFC 5246 §7.4.1.4.1), else the strongest hash the peer offers for our algorithm.
   */
  static SignatureAndHashAlgorithm chooseSignatureScheme(short sigAlg, Vector<?> peerAlgorithms) {
    SignatureAndHashAlgorithm preferred = SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, sigAlg);
    if (peerAlgorithms == null || peerAlgorithms.contains(preferred)) {
      return preferred;
    }
    for (short hash : new short[] {HashAlgorithm.sha384, HashAlgorithm.sha512, HashAlgorithm.sha1}) {
      SignatureAndHashAlgorithm candidate = SignatureAndHashAlgorithm.getInstance(hash, sigAlg);
      if (peerAlgorithms.contains(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Our certificate parsed for one crypto, reused by every handshake that presents it. */
  private record Parsed(org.bouncycastle.tls.Certificate chain, AsymmetricKeyParameter bcKey) {}

  /** Weak keys: a certificate's parsed form lives as long as the application keeps the certificate. */
  private static final Map<Certificate, Parsed[]> PARSED = Collections.synchronizedMap(new WeakHashMap<>());

  private static Parsed parsed(TlsCrypto crypto, Certificate certificate) throws IOException {
    int slot = crypto == BC ? 1 : 0;
    Parsed[] both = PARSED.computeIfAbsent(certificate, c -> new Parsed[2]);
    Parsed p = both[slot];
    if (p == null) {
      TlsCertificate tlsCert = crypto.createCertificate(certificate.der());
      org.bouncycastle.tls.Certificate chain =
          new org.bouncycastle.tls.Certificate(new TlsCertificate[] {tlsCert});
      AsymmetricKeyParameter key =
          crypto == BC ? PrivateKeyFactory.createKey(certificate.privateKey().getEncoded()) : null;
      p = new Parsed(chain, key);
      both[slot] = p; // a benign race: two threads may parse once each
    }
    return p;
  }

  /** Signing credentials for our certificate on the given crypto. */
  static TlsCredentialedSigner signer(
      TlsContext context, TlsCrypto crypto, Certificate certificate, SignatureAndHashAlgorithm scheme)
      throws IOException {
    Parsed p = parsed(crypto, certificate);
    TlsCryptoParameters params = new TlsCryptoParameters(context);
    if (crypto instanceof JcaTlsCrypto jca) {
      return new JcaDefaultTlsCredentialedSigner(params, jca, certificate.privateKey(), p.chain(), scheme);
    }
    return new BcDefaultTlsCredentialedSigner(params, (BcTlsCrypto) crypto, p.bcKey(), p.chain(), scheme);
  }
}
