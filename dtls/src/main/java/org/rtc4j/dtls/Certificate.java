package org.rtc4j.dtls;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * A DTLS certificate and its private key: what an endpoint proves its identity with, and what its
 * SDP {@code a=fingerprint} pins (RFC 8827 §6.5, RFC 8122).
 *
 * <p>{@link #generate()} makes a fresh self-signed ECDSA P-256 certificate with a random subject
 * and 30 days of validity, as browsers do per {@code RTCPeerConnection}; {@link
 * #generate(KeyType)} also offers RSA-2048. {@link #fromPem(String)} loads one the application
 * supplies. Instances are immutable and safe to share between endpoints.
 */
public final class Certificate {

  /** The key algorithms a certificate may use. */
  public enum KeyType {
    /** ECDSA over NIST P-256 (secp256r1), signed with SHA-256: the WebRTC default. */
    ECDSA_P256,
    /** RSA with a 2048-bit modulus, signed with SHA-256 (PKCS#1 v1.5). */
    RSA_2048
  }

  /** Validity of generated certificates. */
  public static final Duration VALIDITY = Duration.ofDays(30);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] der;
  private final PrivateKey privateKey;
  private final KeyType keyType;
  private final Instant notBefore;
  private final Instant notAfter;
  private final Fingerprint sha256;

  private Certificate(byte[] der, PrivateKey privateKey, KeyType keyType, Instant notBefore, Instant notAfter) {
    this.der = der;
    this.privateKey = privateKey;
    this.keyType = keyType;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.sha256 = Fingerprint.of(Fingerprint.Algorithm.SHA_256, der);
  }

  /** A new self-signed ECDSA P-256 certificate. */
  public static Certificate generate() throws DtlsException {
    return generate(KeyType.ECDSA_P256);
  }

  /** A new self-signed certificate: random subject CN and serial, valid from one day ago for 30 days. */
  public static Certificate generate(KeyType keyType) throws DtlsException {
    Objects.requireNonNull(keyType, "keyType");
    try {
      KeyPair pair;
      String signatureAlgorithm;
      if (keyType == KeyType.ECDSA_P256) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        pair = g.generateKeyPair();
        signatureAlgorithm = "SHA256withECDSA";
      } else {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), RANDOM);
        pair = g.generateKeyPair();
        signatureAlgorithm = "SHA256withRSA";
      }
      byte[] cn = new byte[8];
      RANDOM.nextBytes(cn);
      X500Name subject = new X500Name("CN=rtc4j-" + HexFormat.of().formatHex(cn));
      // Backdate by a day so a peer with a slow clock does not see a certificate from the future.
      Instant now = Instant.now();
      Instant notBefore = now.minus(Duration.ofDays(1));
      Instant notAfter = now.plus(VALIDITY);
      BigInteger serial = new BigInteger(64, RANDOM).setBit(62);
      X509v3CertificateBuilder builder =
          new X509v3CertificateBuilder(
              subject,
              serial,
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
      ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).build(pair.getPrivate());
      X509CertificateHolder holder = builder.build(signer);
      return new Certificate(holder.getEncoded(), pair.getPrivate(), keyType, notBefore, notAfter);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new DtlsException(DtlsException.Reason.GENERATION_FAILED, "cannot generate " + keyType, e);
    }
  }

  /**
   * Loads a certificate and its private key from PEM text holding both (in any order): one
   * {@code CERTIFICATE} block and one {@code PRIVATE KEY}, {@code EC PRIVATE KEY} or
   * {@code RSA PRIVATE KEY} block.
   */
  public static Certificate fromPem(String pem) throws DtlsException {
    return fromPem(pem, pem);
  }

  /** Loads a certificate from one PEM text and its private key from another. */
  public static Certificate fromPem(String certificatePem, String privateKeyPem) throws DtlsException {
    X509CertificateHolder holder = null;
    PrivateKey key = null;
    try {
      for (Object o : readPem(certificatePem)) {
        if (o instanceof X509CertificateHolder h && holder == null) {
          holder = h;
        }
      }
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object o : readPem(privateKeyPem)) {
        if (key != null) {
          break;
        }
        if (o instanceof PEMKeyPair kp) {
          key = converter.getPrivateKey(kp.getPrivateKeyInfo());
        } else if (o instanceof PrivateKeyInfo info) {
          key = converter.getPrivateKey(info);
        }
      }
    } catch (IOException e) {
      throw new DtlsException(DtlsException.Reason.BAD_CERTIFICATE, "cannot read PEM: " + e.getMessage(), e);
    }
    if (holder == null) {
      throw new DtlsException(DtlsException.Reason.BAD_CERTIFICATE, "no CERTIFICATE block in PEM");
    }
    if (key == null) {
      throw new DtlsException(DtlsException.Reason.BAD_PRIVATE_KEY, "no private key block in PEM");
    }
    try {
      return of(holder.getEncoded(), key);
    } catch (IOException e) {
      throw new DtlsException(DtlsException.Reason.BAD_CERTIFICATE, "cannot encode certificate", e);
    }
  }

  /**
   * A certificate from its DER encoding and its private key. The key must be ECDSA P-256 or RSA and
   * must belong to the certificate (checked by signing and verifying a probe).
   */
  public static Certificate of(byte[] certificateDer, PrivateKey privateKey) throws DtlsException {
    Objects.requireNonNull(certificateDer, "certificateDer");
    Objects.requireNonNull(privateKey, "privateKey");
    X509CertificateHolder holder;
    PublicKey publicKey;
    try {
      holder = new X509CertificateHolder(certificateDer);
      publicKey = new JcaPEMKeyConverter().getPublicKey(holder.getSubjectPublicKeyInfo());
    } catch (IOException | RuntimeException e) {
      throw new DtlsException(DtlsException.Reason.BAD_CERTIFICATE, "not a DER X.509 certificate", e);
    }
    KeyType type;
    String probeAlgorithm;
    if (privateKey instanceof ECPrivateKey && publicKey instanceof ECPublicKey ec) {
      if (ec.getParams().getCurve().getField().getFieldSize() != 256) {
        throw new DtlsException(DtlsException.Reason.BAD_PRIVATE_KEY, "only P-256 ECDSA keys are supported");
      }
      type = KeyType.ECDSA_P256;
      probeAlgorithm = "SHA256withECDSA";
    } else if (privateKey instanceof RSAPrivateKey && publicKey instanceof RSAPublicKey) {
      type = KeyType.RSA_2048;
      probeAlgorithm = "SHA256withRSA";
    } else {
      throw new DtlsException(
          DtlsException.Reason.BAD_PRIVATE_KEY,
          "key type " + privateKey.getAlgorithm() + " does not match an ECDSA or RSA certificate");
    }
    try {
      byte[] probe = "rtc4j key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(probeAlgorithm);
      s.initSign(privateKey);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(probeAlgorithm);
      v.initVerify(publicKey);
      v.update(probe);
      if (!v.verify(sig)) {
        throw new DtlsException(DtlsException.Reason.BAD_PRIVATE_KEY, "private key does not match the certificate");
      }
    } catch (GeneralSecurityException e) {
      throw new DtlsException(DtlsException.Reason.BAD_PRIVATE_KEY, "cannot use private key", e);
    }
    return new Certificate(
        certificateDer.clone(),
        privateKey,
        type,
        holder.getNotBefore().toInstant(),
        holder.getNotAfter().toInstant());
  }

  private static java.util.List<Object> readPem(String pem) throws IOException {
    java.util.List<Object> out = new java.util.ArrayList<>();
    if (pem == null) {
      return out;
    }
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        out.add(o);
      }
    }
    return out;
  }

  /** The certificate, DER encoded (a copy). */
  public byte[] der() {
    return der.clone();
  }

  /** The private key. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The key's algorithm. */
  public KeyType keyType() {
    return keyType;
  }

  /** The start of the certificate's validity. */
  public Instant notBefore() {
    return notBefore;
  }

  /** The end of the certificate's validity. */
  public Instant notAfter() {
    return notAfter;
  }

  /** The sha-256 fingerprint for {@code a=fingerprint}. */
  public Fingerprint fingerprint() {
    return sha256;
  }

  /** The fingerprint with another hash. */
  public Fingerprint fingerprint(Fingerprint.Algorithm algorithm) {
    return algorithm == Fingerprint.Algorithm.SHA_256 ? sha256 : Fingerprint.of(algorithm, der);
  }

  /** The certificate in PEM form (the private key is never printed). */
  public String toPem() {
    return "-----BEGIN CERTIFICATE-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }

  @Override
  public String toString() {
    return "Certificate{" + keyType + ", " + sha256 + ", notAfter=" + notAfter + "}";
  }
}
