package org.rtc4j.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateTest {

  @ParameterizedTest
  @EnumSource(Certificate.KeyType.class)
  void generatesSelfSignedCertificatesValidForThirtyDays(Certificate.KeyType type) throws Exception {
    Certificate c = Certificate.generate(type);
    X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(c.der()));
    x509.verify(x509.getPublicKey()); // self-signed
    x509.checkValidity();
    assertEquals(x509.getSubjectX500Principal(), x509.getIssuerX500Principal());
    assertTrue(x509.getSubjectX500Principal().getName().startsWith("CN=rtc4j-"));
    assertEquals(type == Certificate.KeyType.ECDSA_P256 ? "SHA256withECDSA" : "SHA256withRSA", x509.getSigAlgName());
    Duration ahead = Duration.between(Instant.now(), x509.getNotAfter().toInstant());
    assertTrue(ahead.compareTo(Duration.ofDays(29)) > 0 && ahead.compareTo(Duration.ofDays(30)) <= 0, ahead::toString);
    assertEquals(type, c.keyType());
    if (type == Certificate.KeyType.RSA_2048) {
      assertEquals(2048, ((java.security.interfaces.RSAPublicKey) x509.getPublicKey()).getModulus().bitLength());
    }
  }

  @Test
  void eachCertificateHasItsOwnSubjectAndKey() throws DtlsException {
    Certificate a = Certificate.generate();
    Certificate b = Certificate.generate();
    assertNotEquals(a.fingerprint(), b.fingerprint());
    assertNotEquals(a.toPem(), b.toPem());
  }

  @Test
  void loadsApplicationSuppliedPem() throws DtlsException {
    Certificate original = Certificate.generate();
    String keyPem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(original.privateKey().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Certificate loaded = Certificate.fromPem(original.toPem() + keyPem);
    assertArrayEquals(original.der(), loaded.der());
    assertEquals(original.fingerprint(), loaded.fingerprint());
    assertEquals(Certificate.KeyType.ECDSA_P256, loaded.keyType());
    Certificate separate = Certificate.fromPem(original.toPem(), keyPem);
    assertEquals(original.fingerprint(), separate.fingerprint());
  }

  @Test
  void loadsOpensslGeneratedRsaKeyAndCertificate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path openssl = java.nio.file.Path.of("/usr/bin/openssl");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(openssl),
        "openssl binary missing at /usr/bin/openssl: test skipped");
    java.nio.file.Path key = dir.resolve("k.pem");
    java.nio.file.Path cert = dir.resolve("c.pem");
    Process p = new ProcessBuilder(openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
        "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=openssl-made")
        .redirectErrorStream(true).start();
    try {
      assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "openssl req finished");
    } finally {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue());
    Certificate c = Certificate.fromPem(java.nio.file.Files.readString(cert), java.nio.file.Files.readString(key));
    assertEquals(Certificate.KeyType.RSA_2048, c.keyType());
  }

  @Test
  void rejectsMismatchedKeyAndGarbage() throws DtlsException {
    Certificate a = Certificate.generate();
    Certificate b = Certificate.generate();
    assertEquals(DtlsException.Reason.BAD_PRIVATE_KEY,
        assertThrows(DtlsException.class, () -> Certificate.of(a.der(), b.privateKey())).reason());
    Certificate rsa = Certificate.generate(Certificate.KeyType.RSA_2048);
    assertEquals(DtlsException.Reason.BAD_PRIVATE_KEY,
        assertThrows(DtlsException.class, () -> Certificate.of(a.der(), rsa.privateKey())).reason());
    assertEquals(DtlsException.Reason.BAD_CERTIFICATE,
        assertThrows(DtlsException.class, () -> Certificate.of(new byte[] {1, 2, 3}, a.privateKey())).reason());
    assertEquals(DtlsException.Reason.BAD_CERTIFICATE,
        assertThrows(DtlsException.class, () -> Certificate.fromPem("hello")).reason());
    assertEquals(DtlsException.Reason.BAD_PRIVATE_KEY,
        assertThrows(DtlsException.class, () -> Certificate.fromPem(a.toPem())).reason());
  }
}
