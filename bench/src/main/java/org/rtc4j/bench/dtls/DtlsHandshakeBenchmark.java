package org.rtc4j.bench.dtls;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsException;
import org.rtc4j.dtls.DtlsHandshakeExecutor;
import org.rtc4j.dtls.KeyingMaterial;
import org.rtc4j.dtls.SrtpProtectionProfile;

/**
 * Full DTLS 1.2 handshakes per second over an in-memory link: ECDSA P-256 certificates, ECDHE
 * P-256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, extended master secret, use_srtp and the
 * EXTRACTOR-dtls_srtp export; both ends in this JVM, each on its handshake thread, driven by the
 * benchmark thread as an event loop would. Run pinned to one core to get "per core" figures:
 *
 * <pre>
 * taskset -c 0 java -jar bench/target/benchmarks.jar DtlsHandshakeBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DtlsHandshakeBenchmark {

  @Param({"BC", "JCA"})
  public String crypto;

  /** ECDHE group: P-256 as the issue asks; X25519 is what browsers offer first. */
  @Param({"SECP256R1", "X25519"})
  public String group;

  private DtlsHandshakeExecutor clients;
  private DtlsHandshakeExecutor servers;
  private DtlsConfig client;
  private DtlsConfig server;

  @Setup(Level.Trial)
  public void setUp() throws DtlsException {
    clients = new DtlsHandshakeExecutor("bench-dtls-client", 2, 64);
    servers = new DtlsHandshakeExecutor("bench-dtls-server", 2, 64);
    DtlsConfig.CryptoProvider provider = DtlsConfig.CryptoProvider.valueOf(crypto);
    DtlsConfig.Group g = DtlsConfig.Group.valueOf(group);
    client = config(Certificate.generate(), provider, clients, g);
    server = config(Certificate.generate(), provider, servers, g);
  }

  static DtlsConfig config(Certificate cert, DtlsConfig.CryptoProvider provider, DtlsHandshakeExecutor executor) {
    return config(cert, provider, executor, DtlsConfig.Group.SECP256R1);
  }

  static DtlsConfig config(
      Certificate cert, DtlsConfig.CryptoProvider provider, DtlsHandshakeExecutor executor, DtlsConfig.Group group) {
    return DtlsConfig.builder(cert)
        .cryptoProvider(provider)
        .groups(group)
        .srtpProfiles(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM)
        .handshakeExecutor(executor)
        .handshakeTimeout(Duration.ofSeconds(10))
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    clients.close();
    servers.close();
  }

  @Benchmark
  public KeyingMaterial handshake() throws IOException {
    return HandshakePair.inMemory(client, server);
  }
}
