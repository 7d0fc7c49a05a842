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
  private final int mtu;
  private final Runnable onOutput;
  private final byte[] pending;
  private int pendingLength;
  private volatile boolean blocking = true;
  private volatile boolean aborted;
  private volatile boolean waiting;
  private boolean holdChangeCipherSpec;
  private boolean certificateVerifySeen;
  private int droppedChangeCipherSpecs;

  /**
   * @param mtu the largest datagram sent or received
   * @param inboundCapacity datagrams buffered before further ones are dropped
   * @param onOutput run after a datagram is queued for sending while the transport is blocking
   *     (that is, from the handshake thread); it wakes the owning loop
   */
  public QueueDatagramTransport(int mtu, int inboundCapacity, Runnable onOutput) {
    this.mtu = mtu;
    this.inbound = new ArrayBlockingQueue<>(inboundCapacity);
    this.onOutput = onOutput;
    this.pending = new byte[mtu];
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

  /** Queues a received datagram (the caller's copy); false when the queue is full. */
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

  @Override
  public int getReceiveLimit() {
    return mtu;
  }

  @Override
  public int getSendLimit() {
    return mtu;
  }

  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    byte[] datagram;
    if (blocking) {
      flush(); // the flight is complete: Bouncy Castle now waits for the peer
      if (aborted) {
        throw new TlsTimeoutException("handshake aborted");
      }
      waiting = true;
      try {
        datagram = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("handshake thread interrupted");
      } finally {
        waiting = false;
      }
      if (aborted) {
        throw new TlsTimeoutException("handshake aborted");
      }
      if (datagram == null) {
        return -1; // Bouncy Castle's timer decides whether to retransmit
      }
    } else {
      datagram = inbound.poll();
      if (datagram == null) {
        throw new WouldBlock();
      }
    }
    if (holdChangeCipherSpec && blocking) {
      datagram = filterEarlyChangeCipherSpec(datagram);
    }
    int n = Math.min(len, datagram.length);
    System.arraycopy(datagram, 0, buf, off, n);
    return datagram.length > len ? len + 1 : n; // Bouncy Castle discards over-long datagrams
  }

  /**
   * Notes a complete epoch-0 CertificateVerify and removes epoch-0 ChangeCipherSpec records that
   * come before one (RFC 6347 §4.1 record header: type, version, epoch, sequence_number, length;
   * §4.2.2 handshake header: msg_type, length, message_seq, fragment_offset, fragment_length).
   */
  private byte[] filterEarlyChangeCipherSpec(byte[] d) {
    byte[] out = null;
    int outLen = 0;
    int off = 0;
    while (off + 13 <= d.length) {
      int type = d[off] & 0xFF;
      int epoch = (d[off + 3] & 0xFF) << 8 | (d[off + 4] & 0xFF);
      int len = (d[off + 11] & 0xFF) << 8 | (d[off + 12] & 0xFF);
      int end = Math.min(d.length, off + 13 + len);
      boolean drop = false;
      // The handshake header must be inside the record and inside the datagram: a record may
      // claim more bytes than arrived (found by DtlsRecordFuzzTest).
      if (epoch == 0 && type == 22 && len >= 12 && end - off - 13 >= 12 && (d[off + 13] & 0xFF) == 15) {
        int msgLength = u24(d, off + 14);
        int fragOffset = u24(d, off + 19);
        int fragLength = u24(d, off + 22);
        // A CertificateVerify is far smaller than any MTU: it arrives in one fragment.
        if (fragOffset == 0 && fragLength == msgLength) {
          certificateVerifySeen = true;
        }
      } else if (epoch == 0 && type == 20 && !certificateVerifySeen) {
        drop = true;
        droppedChangeCipherSpecs++;
      }
      if (drop && out == null) {
        out = new byte[d.length];
        System.arraycopy(d, 0, out, 0, off);
        outLen = off;
      } else if (!drop && out != null) {
        System.arraycopy(d, off, out, outLen, end - off);
        outLen += end - off;
      }
      off = end;
    }
    if (out == null) {
      return d;
    }
    if (off < d.length) {
      System.arraycopy(d, off, out, outLen, d.length - off);
      outLen += d.length - off;
    }
    return Arrays.copyOf(out, outLen);
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
