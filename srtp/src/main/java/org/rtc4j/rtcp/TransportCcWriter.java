package org.rtc4j.rtcp;

/**
 * Builds a transport-wide congestion control feedback packet
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) one packet status at a time, within a
 * size limit, allocating nothing once made: the receiver's path, ten or more feedback packets a
 * second. {@link TransportCc#writeTo} uses it too, so there is one chunk encoder.
 *
 * <pre>{@code
 * TransportCcWriter w = new TransportCcWriter(1200);       // one per connection, reused
 * w.reset(senderSsrc, mediaSsrc, baseSeq, referenceTime64ms, feedbackCount);
 * if (!w.addReceived(deltaTicks)) { ... full: send this one, start the next at this packet ... }
 * w.addLost();
 * int n = w.writeTo(out, 0);                               // w.encodedLength() bytes
 * }</pre>
 *
 * <p>Chunks are chosen as the symbols arrive: a run of one symbol becomes a run length chunk
 * (§3.1.3, up to 8191 packets), a mixed stretch a one-bit status vector (§3.1.4, 14 packets) or,
 * when it holds a large or negative delta, a two-bit vector (7 packets). Padding to a 32-bit
 * boundary follows libwebrtc's form (P bit set, pad count in the last byte), so a packet read from
 * Chromium writes back byte for byte.
 */
public final class TransportCcWriter {
  private static final int HEADER = 20;
  private static final int MAX_RUN = 0x1FFF;

  private final int maxBytes;
  private final short[] chunks;
  private final byte[] deltas;

  private int senderSsrc;
  private int mediaSsrc;
  private int baseSequence;
  private int referenceTime;
  private int feedbackCount;

  private int chunkCount;
  private int deltaLen;
  private int statusCount;
  // The open chunk: symbols not yet encoded (at most 14, or a run of one symbol of any length).
  private final byte[] pending = new byte[14];
  private int pendingSize;
  private boolean pendingAllSame;
  private boolean pendingHasLarge;
  private int runSymbol;

  // State saved before an add, restored if the packet would not fit.
  private int savedChunkCount;
  private int savedPendingSize;
  private boolean savedAllSame;
  private boolean savedHasLarge;
  private int savedRunSymbol;
  private final byte[] savedPending = new byte[14];

  /**
   * A writer for feedback packets of at most {@code maxPacketBytes} bytes (at least 24; the RTCP
   * length field allows 262,144).
   */
  public TransportCcWriter(int maxPacketBytes) {
    if (maxPacketBytes < 24 || maxPacketBytes > 4 * 65536) {
      throw new IllegalArgumentException("max packet bytes " + maxPacketBytes);
    }
    this.maxBytes = maxPacketBytes & ~3;
    this.chunks = new short[(this.maxBytes - HEADER) / 2];
    this.deltas = new byte[this.maxBytes - HEADER];
  }

  /**
   * Starts a new packet.
   *
   * @param baseSequence transport-wide sequence number of the first packet to add (0-65535)
   * @param referenceTime signed 24-bit reference time in 64 ms units (wrapped to 24 bits)
   * @param feedbackCount feedback packet count (0-255, wrapped)
   */
  public TransportCcWriter reset(int senderSsrc, int mediaSsrc, int baseSequence, int referenceTime,
      int feedbackCount) {
    this.senderSsrc = senderSsrc;
    this.mediaSsrc = mediaSsrc;
    this.baseSequence = baseSequence & 0xFFFF;
    this.referenceTime = referenceTime & 0xFFFFFF;
    this.feedbackCount = feedbackCount & 0xFF;
    chunkCount = 0;
    deltaLen = 0;
    statusCount = 0;
    pendingSize = 0;
    pendingAllSame = true;
    pendingHasLarge = false;
    return this;
  }

  /** Packets added so far (the packet status count). */
  public int packetStatusCount() {
    return statusCount;
  }

  /** Whether no packet was added since {@link #reset}. */
  public boolean isEmpty() {
    return statusCount == 0;
  }

  /**
   * Adds the next packet as received, {@code deltaTicks} (250 microsecond units) after the previous
   * received one (the first after the reference time).
   *
   * @return false, changing nothing, if the delta does not fit 16 signed bits or the packet would
   *     outgrow the size limit
   */
  public boolean addReceived(int deltaTicks) {
    return addStatus(TransportCc.symbolFor(deltaTicks), deltaTicks);
  }

  /**
   * Adds the next packet with an explicit status: {@link TransportCc#NOT_RECEIVED},
   * {@link TransportCc#SMALL_DELTA} (delta 0..255) or {@link TransportCc#LARGE_DELTA} (any 16-bit
   * signed delta, even one that would fit a byte, as a sender may choose).
   *
   * @return false, changing nothing, if the delta does not fit the symbol or the packet would
   *     outgrow the size limit
   * @throws IllegalArgumentException for a symbol other than 0, 1 or 2
   */
  public boolean addStatus(int symbol, int deltaTicks) {
    if (symbol == TransportCc.NOT_RECEIVED) {
      return addLost();
    }
    if (symbol != TransportCc.SMALL_DELTA && symbol != TransportCc.LARGE_DELTA) {
      throw new IllegalArgumentException("status symbol " + symbol);
    }
    boolean fits = symbol == TransportCc.SMALL_DELTA ? deltaTicks >= 0 && deltaTicks <= 255
        : deltaTicks >= Short.MIN_VALUE && deltaTicks <= Short.MAX_VALUE;
    if (!fits || !add(symbol, symbol)) {
      return false;
    }
    if (symbol == TransportCc.SMALL_DELTA) {
      deltas[deltaLen++] = (byte) deltaTicks;
    } else {
      deltas[deltaLen++] = (byte) (deltaTicks >>> 8);
      deltas[deltaLen++] = (byte) deltaTicks;
    }
    return true;
  }

  /**
   * Adds the next packet as not received.
   *
   * @return false, changing nothing, if it would outgrow the size limit
   */
  public boolean addLost() {
    return add(TransportCc.NOT_RECEIVED, 0);
  }

  private boolean add(int symbol, int newDeltaBytes) {
    if (statusCount == 0xFFFF) {
      return false;
    }
    save();
    push(symbol);
    if (length(chunkCount + (pendingSize > 0 ? 1 : 0), deltaLen + newDeltaBytes) > maxBytes
        || chunkCount + (pendingSize > 0 ? 1 : 0) > chunks.length) {
      restore();
      return false;
    }
    statusCount++;
    return true;
  }

  private void push(int s) {
    if (pendingSize == 0) {
      pending[0] = (byte) s;
      pendingSize = 1;
      pendingAllSame = true;
      pendingHasLarge = s == TransportCc.LARGE_DELTA;
      runSymbol = s;
      return;
    }
    if (pendingAllSame && s == runSymbol) {
      if (pendingSize == MAX_RUN) {
        emitRun();
        push(s);
        return;
      }
      if (pendingSize < 14) {
        pending[pendingSize] = (byte) s;
      }
      pendingSize++;
      return;
    }
    if (pendingAllSame && pendingSize >= 7 && (pendingSize >= 14 || s == TransportCc.LARGE_DELTA
        || runSymbol == TransportCc.LARGE_DELTA)) {
      // A run that no vector can absorb the new symbol into: close it as a run.
      emitRun();
      push(s);
      return;
    }
    boolean large = pendingHasLarge || s == TransportCc.LARGE_DELTA;
    int capacity = large ? 7 : 14;
    if (pendingSize < capacity) {
      pending[pendingSize++] = (byte) s;
      pendingAllSame = false;
      pendingHasLarge = large;
      return;
    }
    // Full: fourteen one-bit symbols, or seven two-bit ones, close as a vector; the rest (when a
    // large delta arrives after 7-13 small ones) stays open.
    int take = !pendingHasLarge && pendingSize == 14 ? 14 : 7;
    emitVector(take, take == 7);
    int left = pendingSize - take;
    System.arraycopy(pending, take, pending, 0, left);
    pendingSize = 0;
    for (int i = 0; i < left; i++) {
      pushRaw(pending[i]);
    }
    push(s);
  }

  /** Re-adds symbols kept over from a split vector (they fit one chunk by construction). */
  private void pushRaw(int s) {
    if (pendingSize == 0) {
      pendingAllSame = true;
      pendingHasLarge = false;
      runSymbol = s;
    } else if (s != runSymbol) {
      pendingAllSame = false;
    }
    pendingHasLarge |= s == TransportCc.LARGE_DELTA;
    pending[pendingSize++] = (byte) s;
  }

  private void emitRun() {
    chunks[chunkCount++] = (short) ((runSymbol << 13) | pendingSize);
    pendingSize = 0;
  }

  private void emitVector(int n, boolean twoBit) {
    chunks[chunkCount++] = vector(n, twoBit);
  }

  /** A status vector chunk (§3.1.4) of the first {@code n} open symbols, two bits each or one. */
  private short vector(int n, boolean twoBit) {
    int chunk = twoBit ? 0xC000 : 0x8000;
    for (int j = 0; j < n; j++) {
      chunk |= twoBit ? pending[j] << (2 * (6 - j)) : pending[j] << (13 - j);
    }
    return (short) chunk;
  }

  /** The chunk that closes the open symbols, without changing state. */
  private short closingChunk() {
    if (pendingAllSame) {
      return (short) ((runSymbol << 13) | pendingSize);
    }
    return vector(pendingSize, pendingHasLarge);
  }

  private void save() {
    savedChunkCount = chunkCount;
    savedPendingSize = pendingSize;
    savedAllSame = pendingAllSame;
    savedHasLarge = pendingHasLarge;
    savedRunSymbol = runSymbol;
    System.arraycopy(pending, 0, savedPending, 0, Math.min(14, pendingSize));
  }

  private void restore() {
    chunkCount = savedChunkCount;
    pendingSize = savedPendingSize;
    pendingAllSame = savedAllSame;
    pendingHasLarge = savedHasLarge;
    runSymbol = savedRunSymbol;
    System.arraycopy(savedPending, 0, pending, 0, Math.min(14, pendingSize));
  }

  private static int length(int chunkCount, int deltaBytes) {
    return (HEADER + 2 * chunkCount + deltaBytes + 3) & ~3;
  }

  /** Bytes {@link #writeTo} writes (a multiple of 4); needs at least one packet added. */
  public int encodedLength() {
    return length(chunkCount + (pendingSize > 0 ? 1 : 0), deltaLen);
  }

  /**
   * Writes the packet at {@code dst[off]}.
   *
   * @return bytes written ({@link #encodedLength()})
   * @throws IllegalStateException if no packet was added (a feedback packet reports at least one)
   * @throws IndexOutOfBoundsException if it does not fit
   */
  public int writeTo(byte[] dst, int off) {
    if (statusCount == 0) {
      throw new IllegalStateException("transport-cc feedback with no packets");
    }
    int unpadded = HEADER + 2 * (chunkCount + (pendingSize > 0 ? 1 : 0)) + deltaLen;
    int n = (unpadded + 3) & ~3;
    Bytes.header(dst, off, TransportCc.FMT, RtcpPacket.RTPFB, n);
    Bytes.put32(dst, off + 4, senderSsrc);
    Bytes.put32(dst, off + 8, mediaSsrc);
    Bytes.put16(dst, off + 12, baseSequence);
    Bytes.put16(dst, off + 14, statusCount);
    Bytes.put24(dst, off + 16, referenceTime);
    dst[off + 19] = (byte) feedbackCount;
    int p = off + HEADER;
    for (int i = 0; i < chunkCount; i++, p += 2) {
      Bytes.put16(dst, p, chunks[i]);
    }
    if (pendingSize > 0) {
      Bytes.put16(dst, p, closingChunk());
      p += 2;
    }
    System.arraycopy(deltas, 0, dst, p, deltaLen);
    p += deltaLen;
    int pad = n - unpadded;
    if (pad > 0) {
      while (p < off + n - 1) {
        dst[p++] = 0;
      }
      dst[p] = (byte) pad;
      dst[off] |= 0x20;
    }
    return n;
  }
}
