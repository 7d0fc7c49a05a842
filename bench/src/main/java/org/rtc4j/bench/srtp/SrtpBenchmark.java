package org.rtc4j.bench.srtp;

import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.LoggerImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rtc4j.srtp.SrtpContext;
import org.rtc4j.srtp.SrtpProfile;

/**
 * SRTP protect and unprotect of one RTP packet: the bare JCE bound, jitsi-srtp and rtc4j in one run.
 *
 * <ul>
 *   <li>{@code bound*}: the crypto SRTP cannot avoid, with reused {@code Cipher}/{@code Mac} and no
 *       SRTP logic. AES_CM: AES-CTR over the payload (IV set per packet) plus HMAC-SHA1 over the
 *       header, payload and ROC. AES-GCM: AES-GCM over the payload with the header as AAD.</li>
 *   <li>{@code jitsi*}: jitsi-srtp's {@code SrtpCryptoContext} in its default configuration.</li>
 *   <li>{@code rtc4j*}: {@link SrtpContext}.</li>
 * </ul>
 *
 * Every variant first copies the packet to process into the work buffer (protect works in place,
 * so the plaintext must be restored), so that copy costs all of them the same. Unprotect replays a
 * ring of packets protected in advance with increasing sequence numbers; at the end of the ring the
 * receiver forgets the SSRC (rtc4j) or a new context is derived (jitsi), once per 4096 packets.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar SrtpBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SrtpBenchmark {
  private static final int SSRC = 0x11223344;
  private static final int RING = 4096;

  @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
  public String profile;

  @Param({"160", "1200"})
  public int payload;

  private SrtpProfile p;
  private byte[] template;
  private int packetLen;
  private byte[] buf;
  private byte[] out;
  // Per implementation, so that the interleaved harness can share one state: {bound, jitsi, rtc4j}.
  private final int[] seq = new int[3];
  private final int[] ringPos = new int[3];

  // Protected packets for the unprotect benchmarks, one ring per implementation.
  private byte[][] boundRing;
  private byte[][] rtc4jRing;
  private byte[][] jitsiRing;

  // bound
  private Cipher boundCipher;
  private Mac boundMac;
  private SecretKeySpec boundKey;
  private byte[] boundIv;
  private final byte[] boundTag = new byte[20];

  // rtc4j
  private SrtpContext rtc4jTx;
  private SrtpContext rtc4jRx;

  // jitsi-srtp
  private SrtpContextFactory jitsiTxFactory;
  private SrtpContextFactory jitsiRxFactory;
  private SrtpCryptoContext jitsiTx;
  private SrtpCryptoContext jitsiRx;
  private Buffer jitsiBuf;

  /** jitsi-srtp's packet buffer interface over a byte array. */
  static final class Buffer implements ByteArrayBuffer {
    byte[] data;
    int offset;
    int length;

    Buffer(byte[] data) {
      this.data = data;
    }

    @Override
    public byte[] getBuffer() {
      return data;
    }

    @Override
    public int getOffset() {
      return offset;
    }

    @Override
    public int getLength() {
      return length;
    }

    @Override
    public void setLength(int len) {
      length = len;
    }

    @Override
    public void setOffset(int off) {
      offset = off;
    }

    @Override
    public boolean isInvalid() {
      return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] outBuf) {
      System.arraycopy(data, offset + off, outBuf, 0, len);
    }

    @Override
    public void grow(int howMuch) {
      if (offset + length + howMuch > data.length) {
        byte[] bigger = new byte[offset + length + howMuch];
        System.arraycopy(data, 0, bigger, 0, data.length);
        data = bigger;
      }
    }

    @Override
    public void append(byte[] src, int len) {
      grow(len);
      System.arraycopy(src, 0, data, offset + length, len);
      length += len;
    }

    @Override
    public void shrink(int len) {
      length = Math.max(0, length - len);
    }
  }

  @Setup(Level.Trial)
  public void setup() throws Exception {
    p = SrtpProfile.valueOf(profile);
    Random rnd = new Random(1);
    byte[] masterKey = new byte[p.keyLength()];
    byte[] masterSalt = new byte[p.saltLength()];
    rnd.nextBytes(masterKey);
    rnd.nextBytes(masterSalt);

    packetLen = 12 + payload;
    template = new byte[packetLen];
    rnd.nextBytes(template);
    template[0] = (byte) 0x80;
    template[1] = 96;
    template[8] = (byte) (SSRC >>> 24);
    template[9] = (byte) (SSRC >>> 16);
    template[10] = (byte) (SSRC >>> 8);
    template[11] = (byte) SSRC;
    buf = new byte[packetLen + 64];
    out = new byte[packetLen + 64];

    // bound
    boundKey = new SecretKeySpec(masterKey, "AES");
    boundIv = new byte[16];
    rnd.nextBytes(boundIv);
    if (p.isAead()) {
      boundCipher = Cipher.getInstance("AES/GCM/NoPadding");
    } else {
      boundCipher = Cipher.getInstance("AES/CTR/NoPadding");
      boundMac = Mac.getInstance("HmacSHA1");
      byte[] authKey = new byte[20];
      rnd.nextBytes(authKey);
      boundMac.init(new SecretKeySpec(authKey, "HmacSHA1"));
    }

    // rtc4j
    rtc4jTx = SrtpContext.create(p, masterKey, masterSalt);
    rtc4jRx = SrtpContext.create(p, masterKey, masterSalt);

    // jitsi-srtp, default configuration
    SrtpPolicy policy = p.isAead()
        ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, p.keyLength(), SrtpPolicy.NULL_AUTHENTICATION,
            0, p.rtpTagLength(), p.saltLength())
        : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, p.keyLength(),
            SrtpPolicy.HMACSHA1_AUTHENTICATION, p.authKeyLength(), p.rtpTagLength(), p.saltLength());
    LoggerImpl logger = new LoggerImpl("jitsi-srtp");
    jitsiTxFactory = new SrtpContextFactory(true, masterKey, masterSalt, policy, policy, logger);
    jitsiRxFactory = new SrtpContextFactory(false, masterKey, masterSalt, policy, policy, logger);
    jitsiTx = jitsiTxFactory.deriveContext(SSRC, 0);
    jitsiRx = jitsiRxFactory.deriveContext(SSRC, 0);
    jitsiBuf = new Buffer(buf);

    // Rings of protected packets, sequence numbers 0..RING-1.
    SrtpContext ringTx = SrtpContext.create(p, masterKey, masterSalt);
    SrtpCryptoContext jitsiRingTx = new SrtpContextFactory(true, masterKey, masterSalt, policy,
        policy, logger).deriveContext(SSRC, 0);
    boundRing = new byte[RING][];
    rtc4jRing = new byte[RING][];
    jitsiRing = new byte[RING][];
    for (int i = 0; i < RING; i++) {
      byte[] b = packet(i);
      int n = ringTx.protectRtp(b, 0, packetLen);
      rtc4jRing[i] = java.util.Arrays.copyOf(b, n);
      Buffer jb = new Buffer(packet(i));
      jb.setLength(packetLen);
      check(jitsiRingTx.transformPacket(jb));
      jitsiRing[i] = java.util.Arrays.copyOf(jb.data, jb.length);
      byte[] c = packet(i);
      int m = boundProtect(c, out);
      boundRing[i] = java.util.Arrays.copyOf(out, m);
    }
  }

  private byte[] packet(int s) {
    byte[] b = new byte[packetLen + 64];
    System.arraycopy(template, 0, b, 0, packetLen);
    b[2] = (byte) (s >>> 8);
    b[3] = (byte) s;
    return b;
  }

  private static void check(SrtpErrorStatus s) {
    if (s != SrtpErrorStatus.OK) {
      throw new IllegalStateException("jitsi-srtp: " + s);
    }
  }

  private void nextPlain(int impl) {
    System.arraycopy(template, 0, buf, 0, packetLen);
    int s = seq[impl]++;
    buf[2] = (byte) (s >>> 8);
    buf[3] = (byte) s;
  }

  private byte[] nextProtected(byte[][] ring, int impl) {
    byte[] src = ring[ringPos[impl]];
    System.arraycopy(src, 0, buf, 0, src.length);
    return src;
  }

  /** Next ring slot; at the end of the ring the receiver under test starts the stream afresh. */
  private boolean ringWrapped(int impl) {
    if (++ringPos[impl] == RING) {
      ringPos[impl] = 0;
      return true;
    }
    return false;
  }

  /** The unavoidable JCE work for one packet in {@code in}, written to {@code dst}. */
  private int boundProtect(byte[] in, byte[] dst) throws GeneralSecurityException {
    int s = ((in[2] & 0xFF) << 8) | (in[3] & 0xFF);
    boundIv[11] = (byte) s;
    boundIv[10] = (byte) (s >>> 8);
    if (p.isAead()) {
      boundCipher.init(Cipher.ENCRYPT_MODE, boundKey, new GCMParameterSpec(128, boundIv, 0, 12));
      boundCipher.updateAAD(in, 0, 12);
      System.arraycopy(in, 0, dst, 0, 12);
      return 12 + boundCipher.doFinal(in, 12, payload, dst, 12);
    }
    boundIv[13] = (byte) s;
    boundIv[12] = (byte) (s >>> 8);
    boundIv[14] = 0;
    boundIv[15] = 0;
    boundCipher.init(Cipher.ENCRYPT_MODE, boundKey, new IvParameterSpec(boundIv));
    System.arraycopy(in, 0, dst, 0, 12);
    boundCipher.doFinal(in, 12, payload, dst, 12);
    boundMac.update(dst, 0, packetLen);
    boundMac.update((byte) 0);
    boundMac.update((byte) 0);
    boundMac.update((byte) 0);
    boundMac.update((byte) 0);
    boundMac.doFinal(boundTag, 0);
    System.arraycopy(boundTag, 0, dst, packetLen, 10);
    return packetLen + 10;
  }

  private int boundUnprotect(byte[] in, int len, byte[] dst) throws GeneralSecurityException {
    int s = ((in[2] & 0xFF) << 8) | (in[3] & 0xFF);
    boundIv[11] = (byte) s;
    boundIv[10] = (byte) (s >>> 8);
    if (p.isAead()) {
      boundCipher.init(Cipher.DECRYPT_MODE, boundKey, new GCMParameterSpec(128, boundIv, 0, 12));
      boundCipher.updateAAD(in, 0, 12);
      return 12 + boundCipher.doFinal(in, 12, len - 12, dst, 12);
    }
    int plain = len - 10;
    boundMac.update(in, 0, plain);
    boundMac.update((byte) 0);
    boundMac.update((byte) 0);
    boundMac.update((byte) 0);
    boundMac.update((byte) 0);
    boundMac.doFinal(boundTag, 0);
    boundIv[13] = (byte) s;
    boundIv[12] = (byte) (s >>> 8);
    boundIv[14] = 0;
    boundIv[15] = 0;
    boundCipher.init(Cipher.ENCRYPT_MODE, boundKey, new IvParameterSpec(boundIv));
    return 12 + boundCipher.doFinal(in, 12, plain - 12, dst, 12);
  }

  @Benchmark
  public int boundProtect() throws GeneralSecurityException {
    nextPlain(0);
    return boundProtect(buf, out);
  }

  @Benchmark
  public int boundUnprotect() throws GeneralSecurityException {
    byte[] src = nextProtected(boundRing, 0);
    int n = boundUnprotect(buf, src.length, out);
    ringWrapped(0);
    return n;
  }

  @Benchmark
  public int rtc4jProtect() {
    nextPlain(2);
    return rtc4jTx.protectRtp(buf, 0, packetLen);
  }

  @Benchmark
  public int rtc4jUnprotect() throws GeneralSecurityException {
    byte[] src = nextProtected(rtc4jRing, 2);
    int n = rtc4jRx.unprotectRtp(buf, 0, src.length);
    if (n < 0) {
      throw new IllegalStateException("rtc4j unprotect: " + org.rtc4j.srtp.SrtpStatus.of(n));
    }
    if (ringWrapped(2)) {
      rtc4jRx.removeStream(SSRC);
    }
    return n;
  }

  @Benchmark
  public int jitsiProtect() throws GeneralSecurityException {
    nextPlain(1);
    jitsiBuf.data = buf;
    jitsiBuf.offset = 0;
    jitsiBuf.length = packetLen;
    check(jitsiTx.transformPacket(jitsiBuf));
    return jitsiBuf.length;
  }

  @Benchmark
  public int jitsiUnprotect() throws GeneralSecurityException {
    byte[] src = nextProtected(jitsiRing, 1);
    jitsiBuf.data = buf;
    jitsiBuf.offset = 0;
    jitsiBuf.length = src.length;
    check(jitsiRx.reverseTransformPacket(jitsiBuf, false));
    if (ringWrapped(1)) {
      jitsiRx = jitsiRxFactory.deriveContext(SSRC, 0);
    }
    return jitsiBuf.length;
  }
}
