package org.rtc4j.dtls.bc;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * The datagram link Bouncy Castle's DTLS code reads and writes, backed by two queues: the owning
 * event loop fills the bounded inbound queue and drains the outbound one.
 *
 * <p>During the handshake the transport is <em>blocking</em>: the handshake thread waits in
 * {@link #receive} for up to Bouncy Castle's retransmission timeout. Once the handshake is done it
 * is switched to <em>non-blocking</em> and used only by the event loop: an empty queue then makes
 * {@link #receive} throw {@link WouldBlock}, which Bouncy Castle passes through untouched, so the
 * loop never waits.
 *
 * <p><b>Sizes.</b> What we send is packed into datagrams of at most the configured MTU. What we
 * receive may be any datagram UDP carries (up to 65,507 bytes): a peer's MTU is not ours, and
 * Firefox sends its 1,461-byte DTLS 1.3 ClientHello as a 1,416-byte datagram plus a small one.
 * Bouncy Castle reads into a buffer of {@link #getReceiveLimit()} bytes and silently discards
 * anything longer, so {@link #receive} hands over <em>one record at a time</em> (records never
 * span datagrams, RFC 6347 §4.1) and the limit is the largest legal record, or, once the loop
 * drives the transport alone, the exact size of the next record.
 */
public final class QueueDatagramTransport implements DatagramTransport {

  /** Thrown by a non-blocking receive on an empty queue; carries no stack trace. */
  public static final class WouldBlock extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    WouldBlock() {
      super("no datagram queued");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private final ArrayBlockingQueue<byte[]> inbound;
  private final Queue<byte[]> outbound = new ConcurrentLinkedQueue<>();
  private final int sendLimit;
  private final Runnable onOutput;
  private final byte[] pending;
  private int pendingLength;
  private volatile boolean blocking = true;
  private volatile boolean aborted;
  private volatile boolean waiting;
  // The datagram whose records are being handed over, and where the next record starts; touched
  // only by the receiving thread (the handshake thread, then the loop).
  private byte[] current;
  private int currentOffset;
  private boolean holdChangeCipherSpec;
  private boolean certificateVerifySeen;
  private volatile int droppedChangeCipherSpecs;

  /**
   * @param sendLimit the largest datagram sent (the MTU); received datagrams may be larger
   * @param inboundCapacity datagrams buffered before further ones are dropped
   * @param onOutput run after a datagram is queued for sending while the transport is blocking
   *     (that is, from the handshake thread); it wakes the owning loop
   */
  public QueueDatagramTransport(int sendLimit, int inboundCapacity, Runnable onOutput) {
    this.sendLimit = sendLimit;
    this.inbound = new ArrayBlockingQueue<>(inboundCapacity);
    this.onOutput = onOutput;
    this.pending = new byte[sendLimit];
  }

  /**
   * For a server that requires client certificates: until the client's CertificateVerify has
   * arrived, drop the client's ChangeCipherSpec records.
   *
   * <p>Why: Bouncy Castle (1.82) switches its read epoch as soon as a ChangeCipherSpec arrives once
   * it has the ClientKeyExchange, even if the CertificateVerify sent before it was lost. The
   * retransmitted CertificateVerify then carries the old epoch and is discarded forever, and the
   * handshake hangs until it times out (seen under 20% loss). Dropping the early ChangeCipherSpec
   * makes Bouncy Castle also drop the epoch-1 Finished, so the client's next retransmission of its
   * whole flight completes the handshake, as RFC 6347 §4.2.4 intends. Runs on the handshake thread.
   */
  void holdChangeCipherSpecUntilCertificateVerify() {
    holdChangeCipherSpec = true;
  }

  /** ChangeCipherSpec records dropped by {@link #holdChangeCipherSpecUntilCertificateVerify()}. */
  public int droppedChangeCipherSpecs() {
    return droppedChangeCipherSpecs;
  }

  /**
   * Queues a received datagram (the caller's copy, of any size up to 65,507 bytes, well framed:
   * see {@link RecordFraming#check}); false when the queue is full.
   */
  public boolean offerInbound(byte[] datagram) {
    return inbound.offer(datagram);
  }

  /** The next datagram to send, or null. */
  public byte[] pollOutbound() {
    return outbound.poll();
  }

  /** True while datagrams wait to be sent. */
  public boolean hasOutbound() {
    return !outbound.isEmpty();
  }

  /** From now on receive never waits: the handshake thread is done with this transport. */
  public void setNonBlocking() {
    flush();
    blocking = false;
  }

  /** Ends a running handshake: its next receive fails and nothing more is sent. */
  public void abort() {
    aborted = true;
    // Wake a receive() that is waiting on the queue; the marker is never delivered.
    inbound.poll();
    inbound.offer(new byte[0]);
  }

  /**
   * Whether the handshake thread waits in {@link #receive} with nothing queued for it: it will do
   * nothing until a datagram arrives or Bouncy Castle's retransmission timer fires.
   */
  public boolean isIdle() {
    return waiting && inbound.isEmpty();
  }

  public boolean isAborted() {
    return aborted;
  }

  /**
   * While blocking, the largest legal record: Bouncy Castle sizes its buffers from this before it
   * waits, so it must fit whatever arrives during the wait. Afterwards (loop thread only, so
   * nothing can change in between) the exact size of the next record, which keeps Bouncy Castle's
   * per-call buffer as small as the record.
   */
  @Override
  public int getReceiveLimit() {
    if (blocking) {
      return RecordFraming.MAX_RECORD_BYTES;
    }
    if (current != null) {
      return nextRecordBytes(current, currentOffset);
    }
    byte[] next = inbound.peek();
    return next != null && next.length > 0 ? nextRecordBytes(next, 0) : RecordFraming.HEADER_BYTES;
  }

  @Override
  public int getSendLimit() {
    return sendLimit;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    if (blocking) {
      flush(); // the flight is complete: Bouncy Castle now waits for the peer
      if (aborted) {
        throw new TlsTimeoutException("handshake aborted");
      }
    }
    for (;;) {
      if (current == null) {
        byte[] datagram = take(waitMillis);
        if (datagram == null) {
          return -1; // Bouncy Castle's timer decides whether to retransmit
        }
        if (datagram.length == 0) {
          continue; // a stale abort marker
        }
        current = datagram;
        currentOffset = 0;
      }
      byte[] d = current;
      int start = currentOffset;
      int n = nextRecordBytes(d, start);
      currentOffset += n;
      if (currentOffset >= d.length) {
        current = null;
      }
      if (holdChangeCipherSpec && blocking && holdBack(d, start, n)) {
        if (current == null) {
          return -1; // Bouncy Castle waits on for the rest of its timeout
        }
        continue;
      }
      System.arraycopy(d, start, buf, off, Math.min(n, len));
      return n > len ? len + 1 : n; // Bouncy Castle discards what does not fit
    }
  }

  /** The next datagram: waits while blocking, throws {@link WouldBlock} on an empty queue after. */
  private byte[] take(int waitMillis) throws IOException {
    if (!blocking) {
      byte[] d = inbound.poll();
      if (d == null) {
        throw new WouldBlock();
      }
      return d;
    }
    byte[] d;
    waiting = true;
    try {
      d = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("handshake thread interrupted");
    } finally {
      waiting = false;
    }
    if (aborted) {
      throw new TlsTimeoutException("handshake aborted");
    }
    return d;
  }

  /**
   * The size of the record starting at {@code off}, or of what is left when that is not a whole
   * record (framing is checked before datagrams are queued; this only keeps a bad one contained).
   */
  private static int nextRecordBytes(byte[] d, int off) {
    int remaining = d.length - off;
    return remaining < RecordFraming.HEADER_BYTES ? remaining
        : Math.min(remaining, RecordFraming.recordBytes(d, off));
  }

  /**
   * Notes a complete epoch-0 CertificateVerify, and says whether the record at {@code off} is an
   * epoch-0 ChangeCipherSpec that came before one (RFC 6347 §4.1 record header: type, version,
   * epoch, sequence_number, length; §4.2.2 handshake header: msg_type, length, message_seq,
   * fragment_offset, fragment_length).
   */
  private boolean holdBack(byte[] d, int off, int n) {
    if (n < RecordFraming.HEADER_BYTES) {
      return false;
    }
    int type = d[off] & 0xFF;
    int epoch = (d[off + 3] & 0xFF) << 8 | (d[off + 4] & 0xFF);
    if (epoch == 0 && type == 22 && n >= RecordFraming.HEADER_BYTES + 12 && (d[off + 13] & 0xFF) == 15) {
      // A CertificateVerify is far smaller than any MTU: it arrives in one fragment.
      if (u24(d, off + 19) == 0 && u24(d, off + 22) == u24(d, off + 14)) {
        certificateVerifySeen = true;
      }
      return false;
    }
    if (epoch == 0 && type == 20 && !certificateVerifySeen) {
      droppedChangeCipherSpecs++; // single writer: the handshake thread
      return true;
    }
    return false;
  }

  private static int u24(byte[] b, int off) {
    return (b[off] & 0xFF) << 16 | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF);
  }

  /**
   * Packs records into datagrams: Bouncy Castle hands over one record per call, and a flight's
   * records come back to back, so they are gathered up to the MTU and sent together when the
   * handshake starts waiting (RFC 6347 §4.1.1 allows several records per datagram). A flight then
   * usually fits one datagram instead of five, which both saves packets and makes a flight far
   * less likely to lose a piece. Call {@link #flush()} when a burst of sends is over.
   */
  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    if (aborted) {
      return;
    }
    synchronized (pending) {
      if (pendingLength + len > pending.length) {
        flushLocked();
      }
      if (len > pending.length) {
        outbound.add(Arrays.copyOfRange(buf, off, off + len));
        return;
      }
      System.arraycopy(buf, off, pending, pendingLength, len);
      pendingLength += len;
    }
  }

  /** Queues the records gathered so far as one datagram and wakes the owner if it was a thread. */
  public void flush() {
    boolean queued;
    synchronized (pending) {
      queued = flushLocked();
    }
    if (queued && blocking) {
      onOutput.run();
    }
  }

  private boolean flushLocked() {
    if (pendingLength == 0 || aborted) {
      pendingLength = 0;
      return false;
    }
    outbound.add(Arrays.copyOf(pending, pendingLength));
    pendingLength = 0;
    return true;
  }

  @Override
  public void close() {
    // The link belongs to the owner (ICE); closing DTLS leaves it open.
  }
}
