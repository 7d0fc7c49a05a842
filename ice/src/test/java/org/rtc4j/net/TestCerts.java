package org.rtc4j.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A private CA and a server certificate for {@code localhost} and {@code 127.0.0.1}, made with
 * the openssl command line in a temporary directory: what the TLS tests trust and serve.
 */
public final class TestCerts {
  public final Path dir;
  public final Path caPem;
  public final Path serverPem;
  public final Path serverKey;
  public final Path serverP12;

  private TestCerts(Path dir) {
    this.dir = dir;
    this.caPem = dir.resolve("ca.pem");
    this.serverPem = dir.resolve("server.pem");
    this.serverKey = dir.resolve("server.key");
    this.serverP12 = dir.resolve("server.p12");
  }

  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/openssl"));
  }

  /** Generates a CA named {@code caName} and a server certificate it signs. */
  public static TestCerts generate(Path dir, String caName) throws IOException, InterruptedException {
    TestCerts c = new TestCerts(dir);
    Path caKey = dir.resolve("ca.key");
    Path csr = dir.resolve("server.csr");
    Path ext = dir.resolve("ext.cnf");
    Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
        + "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n");
    run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", caKey.toString(), "-out", c.caPem.toString(), "-days", "2", "-subj", "/CN=" + caName);
    run(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", c.serverKey.toString(), "-out", csr.toString(), "-subj", "/CN=localhost");
    run(dir, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", c.caPem.toString(), "-CAkey", caKey.toString(),
        "-CAcreateserial", "-out", c.serverPem.toString(), "-days", "2", "-extfile", ext.toString());
    run(dir, "openssl", "pkcs12", "-export", "-in", c.serverPem.toString(), "-inkey", c.serverKey.toString(),
        "-out", c.serverP12.toString(), "-passout", "pass:changeit");
    return c;
  }

  /** A trust store holding only the CA. */
  public KeyStore trustStore() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    return ks;
  }

  /** A server context presenting the server certificate. */
  public SSLContext serverContext() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(serverP12)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("openssl.log").toFile()).start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("openssl failed: " + String.join(" ", cmd) + "\n" + Files.readString(dir.resolve("openssl.log")));
    }
  }
}
