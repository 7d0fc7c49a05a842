package org.rtc4j.srtp;

import org.rtc4j.rtp.RtpPacket;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.rtc4j.srtp.internal.AesCm;
import org.rtc4j.srtp.internal.HmacSha1;
import org.rtc4j.srtp.internal.IntMap;
import org.rtc4j.srtp.internal.ReplayWindow;
import org.rtc4j.srtp.internal.SrtpKdf;
import org.rtc4j.srtp.internal.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) for one direction of one session: one master key, any number
 * of SSRCs.
 *
 * <p>Use one context to protect what you send and another to unprotect what you receive (see
 * {@link SrtpKeyingMaterial#outbound} and {@link SrtpKeyingMaterial#inbound}). Each SSRC gets its
 * own rollover counter, replay windows and SRTCP index inside.
 *
 * <h2>Packet methods</h2>
 * {@link #protectRtp}, {@link #unprotectRtp}, {@link #protectRtcp} and {@link #unprotectRtcp} work
 * in place on {@code buf[off, off + len)} and return the new length, or a negative number that
 * {@link SrtpStatus#of(int)} names. Protecting needs room after the packet: {@link
 * SrtpProfile#rtpTagLength()} bytes for RTP, {@link SrtpProfile#rtcpOverhead()} for RTCP. A failed
 * packet is counted ({@link #failures(SrtpStatus)}), left unusable, and changes no state.
 *
 * <p>Like libsrtp, a context protects each packet index once: protecting the same sequence number
 * again (with a possibly changed header) would reuse the AES-CM keystream or the AES-GCM nonce, so
 * it returns {@link SrtpStatus#REPLAY_DUPLICATE}. Retransmissions go out as RTX (RFC 4588), or as
 * a kept copy of the protected packet.
 *
 * <h2>Cost</h2>
 * The AES-CM profiles allocate nothing per packet once an SSRC is known: AES runs as a block cipher
 * keyed once per session key, the counter blocks and keystream live in preallocated buffers
 * ({@code AesCm}), the HMAC writes into a preallocated buffer, and the per-SSRC state lives in an
 * open-addressing int map. The AEAD profiles use the JCE's AES-GCM, whose API takes the nonce only
 * through {@code Cipher.init}: each packet allocates the {@link GCMParameterSpec} and the
 * provider's per-init state (about 1 KB).
 *
 * <h2>Threads</h2>
 * Not thread-safe and not locked: the event loop that owns the peer connection is the lock.
 */
public final class SrtpContext {
  /** Default SRTP replay window in packets (libwebrtc uses the same size for video). */
  public static final int DEFAULT_REPLAY_WINDOW = 1024;
  /** SRTCP replay window in packets. */
  public static final int RTCP_REPLAY_WINDOW = 128;
  /** Key lifetime in SRTP packets (RFC 3711 §9.2): 2^48. */
  public static final long MAX_SRTP_PACKETS = 1L << 48;
  /** Key lifetime in SRTCP packets (RFC 3711 §9.2): 2^31. */
  public static final long MAX_SRTCP_PACKETS = 1L << 31;

  private static final Logger LOG = LoggerFactory.getLogger(SrtpContext.class);
  private static final int GCM_TAG = 16;
  private static final int E_FLAG = 0x80000000;

  private final SrtpProfile profile;
  private final int replayWindow;
  private final Direction rtp;
  private final Direction rtcp;
  private final IntMap<StreamState> streams = new IntMap<>();
  private final long[] counts = new long[SrtpStatus.values().length];
  private final byte[] trailer = new byte[4];
  private final byte[] noOutput = new byte[GCM_TAG];
  private long srtpPackets;
  private long srtcpPackets;

  /** Keys and crypto objects for SRTP or for SRTCP. */
  private static final class Direction {
    final byte[] salt;
    final byte[] iv = new byte[16];
    final byte[] tag = new byte[HmacSha1.LENGTH];
    // AES-CM profiles: a keystream generator keyed once and an allocation-free HMAC.
    final AesCm cm;
    final HmacSha1 mac;
    // AEAD profiles: the JCE's AES-GCM, initialized per packet with the nonce.
    final SecretKeySpec key;
    final Cipher gcm;

    Direction(SrtpProfile profile, byte[] key, byte[] salt, byte[] authKey) {
      this.salt = salt.clone();
      if (profile.isAead()) {
        this.cm = null;
        this.mac = null;
        this.key = new SecretKeySpec(key, "AES");
        try {
          this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("the JDK lacks " + profile, e);
        }
      } else {
        this.cm = new AesCm(key);
        this.mac = new HmacSha1(authKey);
        this.key = null;
        this.gcm = null;
      }
    }
  }

  private SrtpContext(SrtpProfile profile, int replayWindow, byte[] rtpKey, byte[] rtpSalt,
      byte[] rtpAuth, byte[] rtcpKey, byte[] rtcpSalt, byte[] rtcpAuth) {
    if (replayWindow < 64) {
      throw new IllegalArgumentException("replay window must be at least 64 packets, got " + replayWindow);
    }
    this.profile = profile;
    this.replayWindow = replayWindow;
    this.rtp = new Direction(profile, rtpKey, rtpSalt, rtpAuth);
    this.rtcp = new Direction(profile, rtcpKey, rtcpSalt, rtcpAuth);
  }

  /** A context for a master key and salt, with the default replay window. */
  public static SrtpContext create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
    return create(profile, masterKey, masterSalt, DEFAULT_REPLAY_WINDOW);
  }

  /**
   * A context for a master key and salt: derives the six session keys (RFC 3711 §4.3, key
   * derivation rate 0).
   *
   * @param replayWindow SRTP replay window in packets, at least 64 (rounded up to a power of two)
   * @throws IllegalArgumentException on wrong key or salt lengths or a window below 64
   */
  public static SrtpContext create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt,
      int replayWindow) {
    Objects.requireNonNull(profile, "profile");
    if (masterKey.length != profile.keyLength() || masterSalt.length != profile.saltLength()) {
      throw new IllegalArgumentException(profile + " needs a " + profile.keyLength()
          + "-byte master key and a " + profile.saltLength() + "-byte master salt");
    }
    int k = profile.keyLength();
    int s = profile.saltLength();
    int a = profile.authKeyLength();
    byte[] rtpKey = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_ENCRYPTION, k);
    byte[] rtpSalt = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_SALT, s);
    byte[] rtpAuth = a == 0 ? null : SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_AUTH, a);
    byte[] rtcpKey = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_ENCRYPTION, k);
    byte[] rtcpSalt = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_SALT, s);
    byte[] rtcpAuth = a == 0 ? null : SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTCP_AUTH, a);
    SrtpContext ctx = new SrtpContext(profile, replayWindow, rtpKey, rtpSalt, rtpAuth, rtcpKey,
        rtcpSalt, rtcpAuth);
    wipe(rtpKey, rtpSalt, rtpAuth, rtcpKey, rtcpSalt, rtcpAuth);
    LOG.debug("SRTP context created for {}", profile);
    return ctx;
  }

  /**
   * A context from session keys directly, skipping key derivation: for test vectors stated in
   * session keys (RFC 7714 §16-17) and for keys negotiated some other way. The same keys serve SRTP
   * and SRTCP; {@code authKey} is null for AEAD profiles.
   */
  public static SrtpContext withSessionKeys(SrtpProfile profile, byte[] key, byte[] salt,
      byte[] authKey) {
    return new SrtpContext(profile, DEFAULT_REPLAY_WINDOW, key, salt, authKey, key, salt, authKey);
  }

  private static void wipe(byte[]... keys) {
    for (byte[] k : keys) {
      if (k != null) {
        Arrays.fill(k, (byte) 0);
      }
    }
  }

  /** The protection profile. */
  public SrtpProfile profile() {
    return profile;
  }

  /** The SRTP replay window size in packets, as configured. */
  public int replayWindow() {
    return replayWindow;
  }

  /** How many packets ended with {@code status} (successes under {@link SrtpStatus#OK}). */
  public long failures(SrtpStatus status) {
    return counts[status.code()];
  }

  /** Number of SSRCs this context keeps state for. */
  public int streamCount() {
    return streams.size();
  }

  /** Forgets an SSRC (after BYE or a timeout); a later packet starts it afresh. */
  public void removeStream(int ssrc) {
    streams.remove(ssrc);
  }

  /** The rollover counter of {@code ssrc}: of the highest index sent or received; 0 if unknown. */
  public int rolloverCounter(int ssrc) {
    StreamState s = streams.get(ssrc);
    if (s == null) {
      return 0;
    }
    long top = s.rtp.top();
    return top < 0 ? s.initialRoc : (int) (top >>> 16);
  }

  /**
   * Sets the rollover counter for an SSRC whose first packet this context has not yet seen, for
   * joining a stream that has already wrapped (RFC 3711 §3.3.1).
   *
   * @throws IllegalStateException if packets of {@code ssrc} were already processed
   */
  public void setRolloverCounter(int ssrc, int roc) {
    StreamState s = streams.computeIfAbsent(ssrc, x -> new StreamState(replayWindow));
    if (s.rtp.top() >= 0) {
      throw new IllegalStateException("SSRC already has packets; its rollover counter is known");
    }
    s.initialRoc = roc;
  }

  /** Sets the SRTCP index the next protected RTCP packet of {@code ssrc} carries (0 .. 2^31-1). */
  public void setNextSrtcpIndex(int ssrc, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("SRTCP index is 31 bits");
    }
    streams.computeIfAbsent(ssrc, x -> new StreamState(replayWindow)).nextRtcpIndex = index;
  }

  private int fail(SrtpStatus status) {
    counts[status.code()]++;
    return -status.code();
  }

  /** The failure a replay-window verdict means, or {@code null} when the index is new. */
  private static SrtpStatus replayFailure(int verdict) {
    if (verdict == ReplayWindow.DUPLICATE) {
      return SrtpStatus.REPLAY_DUPLICATE;
    }
    return verdict == ReplayWindow.TOO_OLD ? SrtpStatus.REPLAY_OLD : null;
  }

  private int ok(int length) {
    counts[0]++;
    return length;
  }

  private static boolean badRange(byte[] buf, int off, int len) {
    return buf == null || off < 0 || len < 0 || off > buf.length - len;
  }

  /**
   * The RTP header length (fixed header, CSRCs, extension) of {@code buf[off, off + len)}, or -1
   * if it is not a version 2 RTP packet that long.
   */
  static int rtpHeaderLength(byte[] buf, int off, int len) {
    return RtpPacket.headerLength(buf, off, len);
  }

  private static int getInt(byte[] b, int i) {
    return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
  }

  private static void putInt(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }

  private static boolean tagEquals(byte[] a, int aOff, byte[] b, int bOff, int len) {
    int diff = 0;
    for (int i = 0; i < len; i++) {
      diff |= a[aOff + i] ^ b[bOff + i];
    }
    return diff == 0;
  }

  /** AES-CM IV (RFC 3711 §4.1.1): (k_s * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16). */
  private static void cmIv(Direction d, int ssrc, long index) {
    byte[] iv = d.iv;
    System.arraycopy(d.salt, 0, iv, 0, 14);
    iv[14] = 0;
    iv[15] = 0;
    iv[4] ^= (byte) (ssrc >>> 24);
    iv[5] ^= (byte) (ssrc >>> 16);
    iv[6] ^= (byte) (ssrc >>> 8);
    iv[7] ^= (byte) ssrc;
    iv[8] ^= (byte) (index >>> 40);
    iv[9] ^= (byte) (index >>> 32);
    iv[10] ^= (byte) (index >>> 24);
    iv[11] ^= (byte) (index >>> 16);
    iv[12] ^= (byte) (index >>> 8);
    iv[13] ^= (byte) index;
  }

  /**
   * AES-GCM IV (RFC 7714 §8.1 and §9.1): salt XOR (00 00 || SSRC || ROC || SEQ) for SRTP, salt XOR
   * (00 00 || SSRC || 00 00 || 0 || SRTCP index) for SRTCP; both are {@code ssrc, 48-bit index}.
   */
  private static void gcmIv(Direction d, int ssrc, long index) {
    byte[] iv = d.iv;
    System.arraycopy(d.salt, 0, iv, 0, 12);
    iv[2] ^= (byte) (ssrc >>> 24);
    iv[3] ^= (byte) (ssrc >>> 16);
    iv[4] ^= (byte) (ssrc >>> 8);
    iv[5] ^= (byte) ssrc;
    iv[6] ^= (byte) (index >>> 40);
    iv[7] ^= (byte) (index >>> 32);
    iv[8] ^= (byte) (index >>> 24);
    iv[9] ^= (byte) (index >>> 16);
    iv[10] ^= (byte) (index >>> 8);
    iv[11] ^= (byte) index;
  }

  /** AES-CM over {@code buf[off, off + len)} in place, with the IV {@link #cmIv} left in d.iv. */
  private static void ctr(Direction d, byte[] buf, int off, int len) throws GeneralSecurityException {
    d.cm.apply(d.iv, buf, off, len);
  }

  /**
   * AES-GCM in place over {@code buf[off + aadLen, off + aadLen + len)} with {@code buf[off,
   * off + aadLen)} as associated data; the JCE handles GCM in place without copying.
   */
  private static int gcm(Direction d, int mode, byte[] buf, int off, int aadLen, int len)
      throws GeneralSecurityException {
    d.gcm.init(mode, d.key, new GCMParameterSpec(128, d.iv, 0, 12));
    d.gcm.updateAAD(buf, off, aadLen);
    return d.gcm.doFinal(buf, off + aadLen, len, buf, off + aadLen);
  }

  /**
   * Protects an RTP packet in place (RFC 3711 §3.3, RFC 7714 §8): encrypts the payload and appends
   * the tag. {@code buf} needs {@link SrtpProfile#rtpTagLength()} bytes free after the packet.
   *
   * @return the SRTP packet length, or a negative {@link SrtpStatus} result
   */
  public int protectRtp(byte[] buf, int off, int len) {
    if (badRange(buf, off, len)) {
      return fail(SrtpStatus.INVALID_PACKET);
    }
    int hl = rtpHeaderLength(buf, off, len);
    if (hl < 0) {
      return fail(SrtpStatus.INVALID_PACKET);
    }
    int tagLen = profile.rtpTagLength();
    if (buf.length - off - len < tagLen) {
      return fail(SrtpStatus.BUFFER_TOO_SMALL);
    }
    if (srtpPackets >= MAX_SRTP_PACKETS) {
      return fail(SrtpStatus.KEY_EXPIRED);
    }
    int ssrc = getInt(buf, off + 8);
    int seq = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
    StreamState s = streams.get(ssrc);
    if (s == null) {
      s = new StreamState(replayWindow);
      streams.put(ssrc, s);
    }
    long index = StreamState.estimateIndex(s.rtp.top(), s.initialRoc, seq);
    if (index < 0) {
      return fail(SrtpStatus.REPLAY_OLD); // older than the first packet sent
    }
    // Never protect an index twice: with a changed header or payload that reuses the keystream
    // (AES-CM) or the nonce (AES-GCM). Retransmit with RTX (RFC 4588) instead, as libsrtp requires.
    SrtpStatus replay = replayFailure(s.rtp.check(index));
    if (replay != null) {
      return fail(replay);
    }
    if (index >= MAX_SRTP_PACKETS) {
      return fail(SrtpStatus.KEY_EXPIRED);
    }
    int roc = (int) (index >>> 16);
    Direction d = rtp;
    try {
      if (profile.isAead()) {
        gcmIv(d, ssrc, index);
        gcm(d, Cipher.ENCRYPT_MODE, buf, off, hl, len - hl);
      } else {
        cmIv(d, ssrc, index);
        ctr(d, buf, off + hl, len - hl);
        d.mac.update(buf, off, len);
        d.mac.updateInt(roc);
        d.mac.doFinal(d.tag, 0);
        System.arraycopy(d.tag, 0, buf, off + len, tagLen);
      }
    } catch (InvalidAlgorithmParameterException e) {
      // The JCE refuses to reuse a GCM nonce: the same index was just protected.
      return fail(SrtpStatus.REPLAY_DUPLICATE);
    } catch (GeneralSecurityException e) {
      LOG.warn("SRTP protect failed in the crypto provider: {}", e.toString());
      return fail(SrtpStatus.CRYPTO_ERROR);
    }
    s.rtp.accept(index);
    srtpPackets++;
    return ok(len + tagLen);
  }

  /**
   * Unprotects an SRTP packet in place (RFC 3711 §3.3, RFC 7714 §8): estimates its index, checks
   * the replay window, verifies the tag and decrypts the payload.
   *
   * @return the RTP packet length, or a negative {@link SrtpStatus} result
   */
  public int unprotectRtp(byte[] buf, int off, int len) {
    if (badRange(buf, off, len)) {
      return fail(SrtpStatus.INVALID_PACKET);
    }
    int tagLen = profile.rtpTagLength();
    int hl = rtpHeaderLength(buf, off, len - tagLen);
    if (len < tagLen || hl < 0) {
      return fail(SrtpStatus.INVALID_PACKET);
    }
    if (srtpPackets >= MAX_SRTP_PACKETS) {
      return fail(SrtpStatus.KEY_EXPIRED);
    }
    int ssrc = getInt(buf, off + 8);
    int seq = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
    StreamState s = streams.get(ssrc);
    long index;
    if (s == null) {
      index = seq; // a new SSRC starts at ROC 0; state is kept only once the tag verifies
    } else {
      index = StreamState.estimateIndex(s.rtp.top(), s.initialRoc, seq);
      if (index < 0) {
        return fail(SrtpStatus.REPLAY_OLD);
      }
      SrtpStatus replay = replayFailure(s.rtp.check(index));
      if (replay != null) {
        return fail(replay);
      }
    }
    if (index >= MAX_SRTP_PACKETS) {
      return fail(SrtpStatus.KEY_EXPIRED);
    }
    int roc = (int) (index >>> 16);
    Direction d = rtp;
    int plainLen;
    try {
      if (profile.isAead()) {
        gcmIv(d, ssrc, index);
        plainLen = hl + gcm(d, Cipher.DECRYPT_MODE, buf, off, hl, len - hl);
      } else {
        plainLen = len - tagLen;
        d.mac.update(buf, off, plainLen);
        d.mac.updateInt(roc);
        d.mac.doFinal(d.tag, 0);
        if (!tagEquals(d.tag, 0, buf, off + plainLen, tagLen)) {
          return fail(SrtpStatus.AUTH_FAIL);
        }
        cmIv(d, ssrc, index);
        ctr(d, buf, off + hl, plainLen - hl);
      }
    } catch (AEADBadTagException e) {
      return fail(SrtpStatus.AUTH_FAIL);
    } catch (GeneralSecurityException e) {
      LOG.warn("SRTP unprotect failed in the crypto provider: {}", e.toString());
      return fail(SrtpStatus.CRYPTO_ERROR);
    }
    if (s == null) {
      s = new StreamState(replayWindow);
      streams.put(ssrc, s);
    }
    s.rtp.accept(index);
    srtpPackets++;
    return ok(plainLen);
  }

  /**
   * Protects an RTCP packet (simple or compound) in place (RFC 3711 §3.4, RFC 7714 §9): encrypts
   * everything after the first 8 bytes, then appends E flag and SRTCP index, and the tag. {@code buf}
   * needs {@link SrtpProfile#rtcpOverhead()} bytes free after the packet.
   *
   * @return the SRTCP packet length, or a negative {@link SrtpStatus} result
   */
  public int protectRtcp(byte[] buf, int off, int len) {
    if (badRange(buf, off, len)) {
      return fail(SrtpStatus.INVALID_PACKET);
    }
    if (len < 8 || (buf[off] & 0xC0) != 0x80) {
      return fail(SrtpStatus.INVALID_PACKET);
    }
    if (buf.length - off - len < profile.rtcpOverhead()) {
      return fail(SrtpStatus.BUFFER_TOO_SMALL);
    }
    if (srtcpPackets >= MAX_SRTCP_PACKETS) {
      return fail(SrtpStatus.KEY_EXPIRED);
    }
    int ssrc = getInt(buf, off + 4);
    StreamState s = streams.get(ssrc);
    if (s == null) {
      s = new StreamState(replayWindow);
      streams.put(ssrc, s);
    }
    int index = s.nextRtcpIndex;
    if (index < 0) {
      return fail(SrtpStatus.KEY_EXPIRED); // the 31-bit SRTCP index is exhausted
    }
    Direction d = rtcp;
    int outLen;
    try {
      if (profile.isAead()) {
        putInt(trailer, 0, E_FLAG | index);
        gcmIv(d, ssrc, index);
        d.gcm.init(Cipher.ENCRYPT_MODE, d.key, new GCMParameterSpec(128, d.iv, 0, 12));
        d.gcm.updateAAD(buf, off, 8);
        d.gcm.updateAAD(trailer, 0, 4);
        int n = d.gcm.doFinal(buf, off + 8, len - 8, buf, off + 8);
        System.arraycopy(trailer, 0, buf, off + 8 + n, 4);
        outLen = 8 + n + 4;
      } else {
        cmIv(d, ssrc, index);
        ctr(d, buf, off + 8, len - 8);
        putInt(buf, off + len, E_FLAG | index);
        d.mac.update(buf, off, len + 4);
        d.mac.doFinal(d.tag, 0);
        System.arraycopy(d.tag, 0, buf, off + len + 4, profile.rtcpTagLength());
        outLen = len + profile.rtcpOverhead();
      }
    } catch (InvalidAlgorithmParameterException e) {
      return fail(SrtpStatus.REPLAY_DUPLICATE);
    } catch (GeneralSecurityException e) {
      LOG.warn("SRTCP protect failed in the crypto provider: {}", e.toString());
      return fail(SrtpStatus.CRYPTO_ERROR);
    }
    s.nextRtcpIndex = index + 1; // overflows to negative after 2^31 - 1: expired from then on
    srtcpPackets++;
    return ok(outLen);
  }

  /**
   * Unprotects an SRTCP packet in place (RFC 3711 §3.4, RFC 7714 §9): verifies the tag, checks
   * the SRTCP index against the replay window and decrypts if the E flag is set.
   *
   * @return the RTCP packet length, or a negative {@link SrtpStatus} result
   */
  public int unprotectRtcp(byte[] buf, int off, int len) {
    if (badRange(buf, off, len)) {
      return fail(SrtpStatus.INVALID_PACKET);
    }
    int tagLen = profile.rtcpTagLength();
    if (len < 8 + 4 + tagLen || (buf[off] & 0xC0) != 0x80) {
      return fail(SrtpStatus.INVALID_PACKET);
    }
    if (srtcpPackets >= MAX_SRTCP_PACKETS) {
      return fail(SrtpStatus.KEY_EXPIRED);
    }
    int ssrc = getInt(buf, off + 4);
    int trailerOff = profile.isAead() ? off + len - 4 : off + len - tagLen - 4;
    int word = getInt(buf, trailerOff);
    boolean encrypted = (word & E_FLAG) != 0;
    int index = word & ~E_FLAG;
    StreamState s = streams.get(ssrc);
    if (s != null && s.rtcp != null) {
      SrtpStatus replay = replayFailure(s.rtcp.check(index));
      if (replay != null) {
        return fail(replay);
      }
    }
    Direction d = rtcp;
    int plainLen;
    try {
      if (profile.isAead()) {
        System.arraycopy(buf, trailerOff, trailer, 0, 4);
        gcmIv(d, ssrc, index);
        d.gcm.init(Cipher.DECRYPT_MODE, d.key, new GCMParameterSpec(128, d.iv, 0, 12));
        if (encrypted) {
          d.gcm.updateAAD(buf, off, 8);
          d.gcm.updateAAD(trailer, 0, 4);
          plainLen = 8 + d.gcm.doFinal(buf, off + 8, trailerOff - off - 8, buf, off + 8);
        } else {
          plainLen = trailerOff - GCM_TAG - off;
          d.gcm.updateAAD(buf, off, plainLen);
          d.gcm.updateAAD(trailer, 0, 4);
          d.gcm.doFinal(buf, off + plainLen, GCM_TAG, noOutput, 0);
        }
      } else {
        int tagOff = off + len - tagLen;
        d.mac.update(buf, off, tagOff - off);
        d.mac.doFinal(d.tag, 0);
        if (!tagEquals(d.tag, 0, buf, tagOff, tagLen)) {
          return fail(SrtpStatus.AUTH_FAIL);
        }
        plainLen = trailerOff - off;
        if (encrypted) {
          cmIv(d, ssrc, index);
          ctr(d, buf, off + 8, plainLen - 8);
        }
      }
    } catch (AEADBadTagException e) {
      return fail(SrtpStatus.AUTH_FAIL);
    } catch (GeneralSecurityException e) {
      LOG.warn("SRTCP unprotect failed in the crypto provider: {}", e.toString());
      return fail(SrtpStatus.CRYPTO_ERROR);
    }
    if (s == null) {
      s = new StreamState(replayWindow);
      streams.put(ssrc, s);
    }
    if (s.rtcp == null) {
      s.rtcp = new ReplayWindow(RTCP_REPLAY_WINDOW);
    }
    s.rtcp.accept(index);
    srtcpPackets++;
    return ok(plainLen);
  }

  /** Test hook: pretends {@code packets} SRTP and SRTCP packets were already processed. */
  void advancePacketCounts(long srtp, long srtcp) {
    srtpPackets += srtp;
    srtcpPackets += srtcp;
  }
}
