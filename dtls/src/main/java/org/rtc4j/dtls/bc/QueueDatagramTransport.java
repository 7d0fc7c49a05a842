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
  private volatile boolean blocking = true;
  private volatile boolean aborted;

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
    blocking = false;
  }

  /** Ends a running handshake: its next receive fails and nothing more is sent. */
  public void abort() {
    aborted = true;
    // Wake a receive() that is waiting on the queue; the marker is never delivered.
    inbound.poll();
    inbound.offer(new byte[0]);
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
      if (aborted) {
        throw new TlsTimeoutException("handshake aborted");
      }
      try {
        datagram = inbound.poll(waitMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("handshake thread interrupted");
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
    int n = Math.min(len, datagram.length);
    System.arraycopy(datagram, 0, buf, off, n);
    return datagram.length > len ? len + 1 : n; // Bouncy Castle discards over-long datagrams
  }

  @Override
  public void send(byte[] buf, int off, int len) throws IOException {
    if (aborted) {
      return;
    }
    outbound.add(Arrays.copyOfRange(buf, off, off + len));
    if (blocking) {
      onOutput.run();
    }
  }

  @Override
  public void close() {
    // The link belongs to the owner (ICE); closing DTLS leaves it open.
  }
}
