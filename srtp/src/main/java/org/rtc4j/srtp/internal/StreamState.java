package org.rtc4j.srtp.internal;

/**
 * What one {@code SrtpContext} remembers about one SSRC: the highest SRTP index (which carries the
 * rollover counter), the replay windows and the next SRTCP index to send.
 */
public final class StreamState {
  /**
   * SRTP replay window; its top is the highest index, s_l with the ROC (RFC 3711 §3.3.1). A
   * context works one way, so the same window serves the sender (no index protected twice) and
   * the receiver (no index accepted twice).
   */
  public final ReplayWindow rtp;
  /** SRTCP replay window, created on the first SRTCP packet. */
  public ReplayWindow rtcp;
  /** The SRTCP index the next protected RTCP packet uses. */
  public int nextRtcpIndex;
  /** Rollover counter assumed for the first packet (0 unless set when joining a stream). */
  public int initialRoc;

  /** State with an SRTP replay window of {@code windowSize} packets. */
  public StreamState(int windowSize) {
    this.rtp = new ReplayWindow(windowSize);
  }

  /**
   * The 48-bit packet index of sequence number {@code seq}, estimated from the highest index
   * {@code top} as RFC 3711 §3.3.1 prescribes; -1 if it would precede the stream's first packet.
   * Before the first packet ({@code top < 0}) the index is {@code initialRoc * 2^16 + seq}.
   */
  public static long estimateIndex(long top, int initialRoc, int seq) {
    if (top < 0) {
      return ((initialRoc & 0xFFFFFFFFL) << 16) | seq;
    }
    long roc = top >>> 16;
    int sl = (int) (top & 0xFFFF);
    long v;
    if (sl < 0x8000) {
      v = seq - sl > 0x8000 ? roc - 1 : roc;
    } else {
      v = sl - 0x8000 > seq ? roc + 1 : roc;
    }
    return v < 0 ? -1 : (v << 16) | seq;
  }
}
