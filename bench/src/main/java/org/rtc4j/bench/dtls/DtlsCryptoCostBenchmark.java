package org.rtc4j.bench.dtls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The public-key operations one DTLS handshake side performs with ECDSA P-256 and ECDHE P-256:
 * one key generation, one ECDH agreement, one ECDSA signature (ServerKeyExchange or
 * CertificateVerify) and one verification — on the JDK (SunEC, what JcaTlsCrypto uses) and on
 * Bouncy Castle's lightweight API (what BcTlsCrypto uses). A handshake costs about twice the sum.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DtlsCryptoCostBenchmark {
  private final SecureRandom random = new SecureRandom();
  private final byte[] message = new byte[200];
  private KeyPairGenerator jdkGenerator;
  private KeyPair jdkA;
  private KeyPair jdkB;
  private byte[] jdkSignature;

  private ECDomainParameters domain;
  private AsymmetricCipherKeyPair bcA;
  private AsymmetricCipherKeyPair bcB;
  private BigInteger[] bcSignature;
  private byte[] hash;
  private byte[] bcPublicA;
  private byte[] bcPublicB;

  @Setup
  public void setUp() throws GeneralSecurityException {
    random.nextBytes(message);
    jdkGenerator = KeyPairGenerator.getInstance("EC");
    jdkGenerator.initialize(new ECGenParameterSpec("secp256r1"), random);
    jdkA = jdkGenerator.generateKeyPair();
    jdkB = jdkGenerator.generateKeyPair();
    jdkSignature = jdkSign();

    X9ECParameters p = CustomNamedCurves.getByName("secp256r1"); // the optimized curve BcTlsCrypto uses
    domain = new ECDomainParameters(p.getCurve(), p.getG(), p.getN(), p.getH());
    bcA = bcKeyGen();
    bcB = bcKeyGen();
    SHA256Digest d = new SHA256Digest();
    d.update(message, 0, message.length);
    hash = new byte[32];
    d.doFinal(hash, 0);
    bcSignature = bcSign();
    bcPublicA = ((ECPublicKeyParameters) bcA.getPublic()).getQ().getEncoded(false);
    bcPublicB = ((ECPublicKeyParameters) bcB.getPublic()).getQ().getEncoded(false);
  }

  /** A peer's point arrives as bytes in every handshake: decode it, so no precomputation is reused. */
  private ECPublicKeyParameters fresh(byte[] encoded) {
    return new ECPublicKeyParameters(domain.getCurve().decodePoint(encoded), domain);
  }

  @Benchmark
  public KeyPair jdkKeyGen() {
    return jdkGenerator.generateKeyPair();
  }

  @Benchmark
  public byte[] jdkEcdh() throws GeneralSecurityException {
    KeyAgreement ka = KeyAgreement.getInstance("ECDH");
    ka.init(jdkA.getPrivate());
    ka.doPhase(jdkB.getPublic(), true);
    return ka.generateSecret();
  }

  @Benchmark
  public byte[] jdkSign() throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(jdkA.getPrivate(), random);
    s.update(message);
    return s.sign();
  }

  @Benchmark
  public boolean jdkVerify() throws GeneralSecurityException {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initVerify(jdkA.getPublic());
    s.update(message);
    return s.verify(jdkSignature);
  }

  @Benchmark
  public AsymmetricCipherKeyPair bcKeyGen() {
    ECKeyPairGenerator g = new ECKeyPairGenerator();
    g.init(new ECKeyGenerationParameters(domain, random));
    return g.generateKeyPair();
  }

  @Benchmark
  public BigInteger bcEcdh() {
    ECDHBasicAgreement a = new ECDHBasicAgreement();
    a.init(bcA.getPrivate());
    return a.calculateAgreement(fresh(bcPublicB));
  }

  @Benchmark
  public BigInteger[] bcSign() {
    ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    s.init(true, (ECPrivateKeyParameters) bcA.getPrivate());
    return s.generateSignature(hash);
  }

  @Benchmark
  public boolean bcVerify() {
    ECDSASigner s = new ECDSASigner();
    s.init(false, fresh(bcPublicA));
    return s.verifySignature(hash, bcSignature[0], bcSignature[1]);
  }
}
