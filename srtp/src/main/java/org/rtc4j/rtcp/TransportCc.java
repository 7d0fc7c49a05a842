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

  @Override
  public int[] symbols() {
    return symbols.clone();
  }

  @Override
  public int[] deltas() {
    return deltas.clone();
  }

  /** Number of packets reported on. */
  public int packetStatusCount() {
    return symbols.length;
  }

  /** Encodes the chunks greedily: long runs as run length, mixed stretches as status vectors. */
  private short[] chunks() {
    short[] out = new short[symbols.length];
    int n = 0;
    int i = 0;
    while (i < symbols.length) {
      int run = 1;
      while (i + run < symbols.length && symbols[i + run] == symbols[i] && run < 0x1FFF) {
        run++;
      }
      if (run >= 14 || i + run == symbols.length) {
        out[n++] = (short) ((symbols[i] << 13) | run);
        i += run;
        continue;
      }
      boolean oneBit = true;
      for (int j = i; j < Math.min(symbols.length, i + 14); j++) {
        if (symbols[j] > 1) {
          oneBit = false;
          break;
        }
      }
      int chunk;
      if (oneBit) {
        chunk = 0x8000;
        for (int j = 0; j < 14; j++) {
          int s = i + j < symbols.length ? symbols[i + j] : 0;
          chunk |= s << (13 - j);
        }
        i += 14;
      } else {
        chunk = 0xC000;
        for (int j = 0; j < 7; j++) {
          int s = i + j < symbols.length ? symbols[i + j] : 0;
          chunk |= s << (2 * (6 - j));
        }
        i += 7;
      }
      out[n++] = (short) chunk;
    }
    return Arrays.copyOf(out, n);
  }

  private int deltaBytes() {
    int n = 0;
    for (int s : symbols) {
      n += s == SMALL_DELTA ? 1 : s == LARGE_DELTA ? 2 : 0;
    }
    return n;
  }

  @Override
  public int packetType() {
    return RTPFB;
  }

  @Override
  public int encodedLength() {
    return (20 + 2 * chunks().length + deltaBytes() + 3) & ~3;
  }

  @Override
  public int writeTo(byte[] dst, int off) {
    short[] c = chunks();
    int n = (20 + 2 * c.length + deltaBytes() + 3) & ~3;
    Bytes.header(dst, off, FMT, RTPFB, n);
    Bytes.put32(dst, off + 4, senderSsrc);
    Bytes.put32(dst, off + 8, mediaSsrc);
    Bytes.put16(dst, off + 12, baseSequence);
    Bytes.put16(dst, off + 14, symbols.length);
    Bytes.put24(dst, off + 16, referenceTime & 0xFFFFFF);
    dst[off + 19] = (byte) feedbackCount;
    int p = off + 20;
    for (short s : c) {
      Bytes.put16(dst, p, s);
      p += 2;
    }
    int d = 0;
    for (int s : symbols) {
      if (s == SMALL_DELTA) {
        dst[p++] = (byte) deltas[d++];
      } else if (s == LARGE_DELTA) {
        Bytes.put16(dst, p, deltas[d++]);
        p += 2;
      }
    }
    while (p < off + n) {
      dst[p++] = 0;
    }
    return n;
  }

  static TransportCc read(byte[] b, int off, int end) throws RtcpParseException {
    if (end - off < 20) {
      throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_FEEDBACK, off,
          "transport-cc shorter than 20 bytes");
    }
    int base = Bytes.u16(b, off + 12);
    int count = Bytes.u16(b, off + 14);
    int ref = Bytes.u24(b, off + 16);
    if ((ref & 0x800000) != 0) {
      ref |= 0xFF000000;
    }
    int fbCount = Bytes.u8(b, off + 19);
    if (count == 0) {
      throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_FEEDBACK, off + 14,
          "transport-cc with no packets");
    }
    int[] symbols = new int[count];
    int n = 0;
    int p = off + 20;
    while (n < count) {
      if (p + 2 > end) {
        throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_FEEDBACK, p,
            "packet chunks end before " + count + " statuses");
      }
      int chunk = Bytes.u16(b, p);
      p += 2;
      if ((chunk & 0x8000) == 0) {
        int s = (chunk >>> 13) & 3;
        int run = chunk & 0x1FFF;
        if (s == 3) {
          throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_FEEDBACK, p - 2, "reserved symbol");
        }
        for (int j = 0; j < run && n < count; j++) {
          symbols[n++] = s;
        }
      } else if ((chunk & 0x4000) == 0) {
        for (int j = 0; j < 14 && n < count; j++) {
          symbols[n++] = (chunk >>> (13 - j)) & 1;
        }
      } else {
        for (int j = 0; j < 7 && n < count; j++) {
          int s = (chunk >>> (2 * (6 - j))) & 3;
          if (s == 3) {
            throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_FEEDBACK, p - 2, "reserved symbol");
          }
          symbols[n++] = s;
        }
      }
    }
    int received = 0;
    for (int s : symbols) {
      if (s != NOT_RECEIVED) {
        received++;
      }
    }
    int[] deltas = new int[received];
    int d = 0;
    for (int s : symbols) {
      if (s == SMALL_DELTA) {
        if (p + 1 > end) {
          throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_FEEDBACK, p, "missing delta");
        }
        deltas[d++] = Bytes.u8(b, p++);
      } else if (s == LARGE_DELTA) {
        if (p + 2 > end) {
          throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_FEEDBACK, p, "missing delta");
        }
        deltas[d++] = (short) Bytes.u16(b, p);
        p += 2;
      }
    }
    return new TransportCc(Bytes.i32(b, off + 4), Bytes.i32(b, off + 8), base, ref, fbCount,
        symbols, deltas);
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
