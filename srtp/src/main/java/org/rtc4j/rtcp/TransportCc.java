package org.rtc4j.rtcp;

import java.util.Arrays;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1): transport-layer feedback (PT=205, FMT=15) reporting, for a range of transport-wide
 * sequence numbers, which packets arrived and their arrival time deltas.
 *
 * <pre>
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * |                     SSRC of packet sender                     |
 * |                      SSRC of media source                     |
 * |      base sequence number     |      packet status count      |
 * |                 reference time                | fb pkt. count |
 * |          packet chunk         |         packet chunk          |
 * .                              ...                              .
 * |         packet chunk          |  recv delta   |  recv delta   |
 * .                              ...                              .
 * </pre>
 *
 * A packet chunk is a run length chunk ({@code 0 S(2) run(13)}) or a status vector chunk
 * ({@code 1 0 fourteen 1-bit symbols} or {@code 1 1 seven 2-bit symbols}). Symbols: 0 not
 * received, 1 received with a small delta (1 byte, 0..63.75 ms), 2 received with a large or
 * negative delta (2 bytes, signed). Deltas are in 250 microsecond ticks; the reference time is in
 * 64 ms units.
 *
 * @param senderSsrc SSRC of the packet sender
 * @param mediaSsrc SSRC of the media source
 * @param baseSequence transport-wide sequence number of the first packet reported (0-65535)
 * @param referenceTime signed 24-bit reference time, in 64 ms
 * @param feedbackCount feedback packet count (0-255)
 * @param symbols one status symbol (0, 1, 2) per packet from {@code baseSequence} on
 * @param deltas one receive delta (250 us ticks) per received packet, in order
 */
public record TransportCc(int senderSsrc, int mediaSsrc, int baseSequence, int referenceTime,
    int feedbackCount, int[] symbols, int[] deltas) implements RtcpPacket {
  /** The FMT of transport-wide CC feedback. */
  public static final int FMT = 15;
  /** Symbol: packet not received. */
  public static final int NOT_RECEIVED = 0;
  /** Symbol: received, delta fits one unsigned byte. */
  public static final int SMALL_DELTA = 1;
  /** Symbol: received, delta needs two signed bytes. */
  public static final int LARGE_DELTA = 2;
  /** Microseconds per delta tick. */
  public static final int DELTA_TICK_MICROS = 250;
  /** Milliseconds per reference time unit. */
  public static final int REFERENCE_TIME_MILLIS = 64;

  /** Validates that symbols and deltas agree, and copies them. */
  public TransportCc {
    if (symbols.length == 0 || symbols.length > 0xFFFF) {
      throw new IllegalArgumentException("packet status count " + symbols.length);
    }
    if (referenceTime < -(1 << 23) || referenceTime >= (1 << 23)) {
      throw new IllegalArgumentException("reference time " + referenceTime);
    }
    int received = 0;
    for (int s : symbols) {
      if (s < 0 || s > 2) {
        throw new IllegalArgumentException("status symbol " + s);
      }
      if (s != NOT_RECEIVED) {
        if (received >= deltas.length) {
          throw new IllegalArgumentException("fewer deltas than received packets");
        }
        int d = deltas[received++];
        if (s == SMALL_DELTA ? d < 0 || d > 255 : d < Short.MIN_VALUE || d > Short.MAX_VALUE) {
          throw new IllegalArgumentException("delta " + d + " does not fit symbol " + s);
        }
      }
    }
    if (received != deltas.length) {
      throw new IllegalArgumentException("more deltas than received packets");
    }
    symbols = symbols.clone();
    deltas = deltas.clone();
    baseSequence &= 0xFFFF;
    feedbackCount &= 0xFF;
  }

  /** The symbol a delta needs: small if it fits one unsigned byte. */
  public static int symbolFor(int delta) {
    return delta >= 0 && delta <= 255 ? SMALL_DELTA : LARGE_DELTA;
  }

  /** The status symbol of each packet reported on, in sequence order (a copy). */
  @Override
  public int[] symbols() {
    return symbols.clone();
  }

  /** The receive deltas of the received packets, in 250 µs units (a copy). */
  @Override
  public int[] deltas() {
    return deltas.clone();
  }

  /** Number of packets reported on. */
  public int packetStatusCount() {
    return symbols.length;
  }

  @Override
  public int packetType() {
    return RTPFB;
  }

  /** A writer holding this packet's statuses and deltas (the one chunk encoder). */
  private TransportCcWriter writer() {
    int bound = 24 + 2 * symbols.length + 2 * deltas.length; // a chunk holds at least one status
    TransportCcWriter w = new TransportCcWriter(Math.min(4 * 65536, bound));
    w.reset(senderSsrc, mediaSsrc, baseSequence, referenceTime, feedbackCount);
    int d = 0;
    for (int s : symbols) {
      boolean ok = s == NOT_RECEIVED ? w.addLost() : w.addStatus(s, deltas[d++]);
      if (!ok) {
        throw new IllegalStateException("transport-cc packet longer than RTCP allows");
      }
    }
    return w;
  }

  @Override
  public int encodedLength() {
    return writer().encodedLength();
  }

  /**
   * Writes the packet; chunks as {@link TransportCcWriter} chooses them, padding in libwebrtc's
   * form (P bit, count in the last byte).
   */
  @Override
  public int writeTo(byte[] dst, int off) {
    return writer().writeTo(dst, off);
  }

  /**
   * Parses one transport-cc feedback packet {@code b[off, off + len)} (its RTCP common header
   * first; the length field may say less than {@code len}) into its value form: the static entry
   * point for tools and fuzzers. The packet path reads in place with {@link TransportCcReader}
   * instead, which this uses, so both accept exactly the same packets.
   *
   * @throws RtcpParseException with the {@link RtcpParseException.Reason} and offset of the first
   *     fault (a null array or a range outside it included); nothing unchecked escapes
   */
  public static TransportCc parse(byte[] b, int off, int len) throws RtcpParseException {
    return read(b, off, len);
  }

  /** Reads the packet {@code b[off, off + len)} (common header first) through {@link TransportCcReader}. */
  static TransportCc read(byte[] b, int off, int len) throws RtcpParseException {
    TransportCcReader r = new TransportCcReader();
    if (!r.wrap(b, off, len)) {
      throw new RtcpParseException(r.failure(), r.failureOffset(), "malformed transport-cc feedback");
    }
    int[] symbols = new int[r.packetStatusCount()];
    int[] deltas = new int[r.packetStatusCount()];
    int[] n = new int[2];
    r.forEach((seq, symbol, delta) -> {
      symbols[n[0]++] = symbol;
      if (symbol != NOT_RECEIVED) {
        deltas[n[1]++] = delta;
      }
    });
    return new TransportCc(r.senderSsrc(), r.mediaSsrc(), r.baseSequence(), r.referenceTime(),
        r.feedbackCount(), symbols, Arrays.copyOf(deltas, n[1]));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransportCc t && t.senderSsrc == senderSsrc && t.mediaSsrc == mediaSsrc
        && t.baseSequence == baseSequence && t.referenceTime == referenceTime
        && t.feedbackCount == feedbackCount && Arrays.equals(t.symbols, symbols)
        && Arrays.equals(t.deltas, deltas);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * baseSequence + Arrays.hashCode(symbols)) + Arrays.hashCode(deltas);
  }

  @Override
  public String toString() {
    return "TransportCc[sender=" + senderSsrc + ", media=" + mediaSsrc + ", base=" + baseSequence
        + ", count=" + symbols.length + ", ref=" + referenceTime + ", fb=" + feedbackCount + "]";
  }
}
