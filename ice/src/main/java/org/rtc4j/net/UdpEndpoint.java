package org.rtc4j.net;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound, non-blocking UDP socket owned by one {@link EventLoop}, created with
 * {@link EventLoop#bind}.
 *
 * <h2>Receiving</h2>
 * When the socket becomes readable the loop drains it: up to {@value #MAX_READS_PER_WAKEUP}
 * datagrams per wakeup (so one busy socket cannot starve the others), each received into the
 * loop's direct buffer, copied once into the loop's single reusable {@code byte[]} and handed to
 * the {@link DatagramHandler}. Nothing is allocated per datagram beyond what the JDK's
 * {@code DatagramChannel.receive} does (it caches the sender address while it repeats).
 *
 * <h2>Sending</h2>
 * {@link #send} never blocks. It copies the payload into the loop's direct send buffer and hands
 * it to the kernel. If the kernel's send buffer is full, the datagram is copied into a bounded
 * user-space queue ({@link UdpOptions#sendQueueCapacity()}) and the endpoint asks the selector for
 * {@code OP_WRITE}; the queue is flushed in order as soon as the socket is writable again. When
 * the queue is full the datagram is dropped and counted: UDP is lossy anyway, and an unbounded
 * queue would only turn congestion into latency and memory.
 *
 * <h2>Threads</h2>
 * {@link #send} must be called on the loop thread (from a {@link DatagramHandler}, a timer or a
 * task given to {@link EventLoop#execute}); elsewhere it throws {@link IllegalStateException}.
 * The counters can be read from any thread (they are exact on the loop thread and eventually
 * visible elsewhere). {@link #close()} may be called from any thread.
 */
public final class UdpEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UdpEndpoint.class);

  /** Largest UDP payload over IPv4 (65,535 - 8 byte UDP header - 20 byte IP header). */
  public static final int MAX_DATAGRAM_BYTES = 65_507;

  /** Datagrams read from one socket per loop iteration before the loop moves on. */
  static final int MAX_READS_PER_WAKEUP = 64;

  private static final int RECEIVED = 0;
  private static final int SENT = 1;
  private static final int DROPPED = 2;
  private static final int HANDLER_FAILURES = 3;
  private static final int SEND_ERRORS = 4;
  private static final int RECEIVE_ERRORS = 5;
  private static final VarHandle COUNTERS = MethodHandles.arrayElementVarHandle(long[].class);

  /** How bytes reach the kernel; tests substitute one that reports a full send buffer. */
  @FunctionalInterface
  interface DatagramWriter {
    /** Like {@link DatagramChannel#send}: bytes written, or 0 if the send buffer is full. */
    int write(DatagramChannel channel, ByteBuffer src, InetSocketAddress to) throws IOException;
  }

  private static final DatagramWriter KERNEL = DatagramChannel::send;

  private final EventLoop loop;
  private final DatagramChannel channel;
  private final DatagramHandler handler;
  private final InetSocketAddress localAddress;
  private final SendQueue sendQueue;
  private final long[] counters = new long[6];
  private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
  private SelectionKey key;
  private DatagramWriter writer = KERNEL;
  private volatile boolean closed;

  UdpEndpoint(EventLoop loop, DatagramChannel channel, DatagramHandler handler, UdpOptions options)
      throws IOException {
    this.loop = loop;
    this.channel = channel;
    this.handler = handler;
    this.localAddress = (InetSocketAddress) channel.getLocalAddress();
    this.sendQueue = new SendQueue(options.sendQueueCapacity());
  }

  /** Registers with the loop's selector; on the loop thread. */
  void register(Selector selector) throws ClosedChannelException {
    key = channel.register(selector, SelectionKey.OP_READ, this);
  }

  /** The loop this endpoint belongs to for its whole life. */
  public EventLoop loop() {
    return loop;
  }

  /** The bound local address (with the actual port when 0 or a range was asked for). */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /**
   * Sends one datagram without blocking. Must be called on the loop thread.
   *
   * <p>The bytes are copied before this method returns, so {@code buf} may be reused at once.
   *
   * @return {@code true} if the datagram went to the kernel or into the send queue;
   *     {@code false} if it was dropped (queue full, endpoint closed, or a socket error such as
   *     an unreachable network), which the counters record
   * @throws IllegalStateException if not called on the loop thread
   * @throws IllegalArgumentException if {@code len} exceeds {@link #MAX_DATAGRAM_BYTES}
   */
  public boolean send(byte[] buf, int off, int len, InetSocketAddress to) {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException(
          "UdpEndpoint.send must be called on its event loop thread " + loop.name()
              + ", not " + Thread.currentThread().getName());
    }
    Objects.checkFromIndexSize(off, len, buf.length);
    Objects.requireNonNull(to, "to");
    if (len > MAX_DATAGRAM_BYTES) {
      throw new IllegalArgumentException("datagram too large: " + len + " > " + MAX_DATAGRAM_BYTES);
    }
    if (closed) {
      increment(DROPPED);
      return false;
    }
    if (sendQueue.isEmpty()) {
      ByteBuffer tx = loop.sendBuffer();
      tx.clear();
      tx.put(buf, off, len).flip();
      int result = write(tx, to);
      if (result > 0) {
        increment(SENT);
        return true;
      }
      if (result < 0) {
        return false;
      }
    }
    if (!sendQueue.offer(buf, off, len, to)) {
      increment(DROPPED);
      LOG.debug("{}: send queue full ({} datagrams), dropped a datagram to {}",
          localAddress, sendQueue.capacity(), to);
      return false;
    }
    if (sendQueue.size() == 1) {
      key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }
    return true;
  }

  /** 1 if written, 0 if the send buffer is full, -1 if the datagram failed (counted). */
  private int write(ByteBuffer tx, InetSocketAddress to) {
    try {
      return writer.write(channel, tx, to) > 0 || tx.limit() == 0 ? 1 : 0;
    } catch (IOException | RuntimeException e) {
      // A per-destination failure (no route, message too long, unresolved address): drop only
      // this datagram, the socket stays usable.
      increment(SEND_ERRORS);
      LOG.debug("{}: send to {} failed: {}", localAddress, to, e.toString());
      return -1;
    }
  }

  /** Called by the loop when the selector reports this endpoint ready. */
  void onReady(int readyOps, EventLoop loop) {
    if ((readyOps & SelectionKey.OP_WRITE) != 0) {
      flush();
    }
    if ((readyOps & SelectionKey.OP_READ) != 0 && !closed) {
      drain(loop.receiveBuffer(), loop.receiveArray());
    }
  }

  private void drain(ByteBuffer rx, byte[] rxArray) {
    for (int i = 0; i < MAX_READS_PER_WAKEUP && !closed; i++) {
      rx.clear();
      SocketAddress from;
      try {
        from = channel.receive(rx);
      } catch (IOException e) {
        increment(RECEIVE_ERRORS);
        if (!closed) {
          LOG.debug("{}: receive failed: {}", localAddress, e.toString());
        }
        return;
      }
      if (from == null) {
        return;
      }
      increment(RECEIVED);
      int len = rx.flip().remaining();
      rx.get(rxArray, 0, len);
      try {
        handler.onDatagram(this, rxArray, 0, len, (InetSocketAddress) from);
      } catch (Throwable t) {
        increment(HANDLER_FAILURES);
        loop.reportFailure("datagram handler of " + localAddress, t);
      }
    }
  }

  private void flush() {
    ByteBuffer tx = loop.sendBuffer();
    while (!sendQueue.isEmpty()) {
      SendQueue.Slot slot = sendQueue.peek();
      tx.clear();
      tx.put(slot.data, 0, slot.length).flip();
      int result = write(tx, slot.to);
      if (result == 0) {
        return; // still full: keep OP_WRITE and wait
      }
      if (result > 0) {
        increment(SENT);
      }
      sendQueue.remove();
    }
    if (key.isValid()) {
      key.interestOps(SelectionKey.OP_READ);
    }
  }

  /** Datagrams handed to the {@link DatagramHandler}. */
  public long receivedCount() {
    return read(RECEIVED);
  }

  /** Datagrams accepted by the kernel (directly or after waiting in the send queue). */
  public long sentCount() {
    return read(SENT);
  }

  /** Datagrams dropped by {@link #send} because the send queue was full or the endpoint closed. */
  public long droppedCount() {
    return read(DROPPED);
  }

  /** Datagrams whose {@link DatagramHandler} threw. */
  public long handlerFailureCount() {
    return read(HANDLER_FAILURES);
  }

  /** Datagrams the kernel refused with an error (e.g. no route to the destination). */
  public long sendErrorCount() {
    return read(SEND_ERRORS);
  }

  /** Failed receive calls (the socket reported an error). */
  public long receiveErrorCount() {
    return read(RECEIVE_ERRORS);
  }

  /** Datagrams waiting in the send queue; exact on the loop thread. */
  public int queuedCount() {
    return sendQueue.size();
  }

  /** Whether the endpoint waits for {@code OP_WRITE} (its send queue is not empty). */
  boolean awaitingWritable() {
    return key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) != 0;
  }

  void writer(DatagramWriter writer) {
    this.writer = Objects.requireNonNull(writer, "writer");
  }

  private void increment(int counter) {
    counters[counter]++; // single writer: the loop thread
  }

  private long read(int counter) {
    return (long) COUNTERS.getOpaque(counters, counter);
  }

  public boolean isOpen() {
    return !closed;
  }

  /**
   * Closes the socket and forgets queued datagrams. Idempotent; may be called from any thread.
   * On the loop thread it completes at once; elsewhere it is handed to the loop, and
   * {@link #closeFuture()} completes when the socket is closed.
   */
  @Override
  public void close() {
    closeAsync();
  }

  /** Like {@link #close()}, returning {@link #closeFuture()}. */
  public CompletableFuture<Void> closeAsync() {
    if (loop.inEventLoop()) {
      closeOnLoop();
    } else if (!closed) {
      try {
        loop.execute(this::closeOnLoop);
      } catch (RejectedExecutionException shuttingDown) {
        // The loop closes every endpoint it owns on its way out and completes closeFuture then;
        // closing here would race with it.
      }
    }
    return closeFuture;
  }

  /** Completes once the socket is closed. */
  public CompletableFuture<Void> closeFuture() {
    return closeFuture;
  }

  void closeOnLoop() {
    if (closed && closeFuture.isDone()) {
      return;
    }
    closed = true;
    sendQueue.clear();
    if (key != null) {
      key.cancel();
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("{}: close failed: {}", localAddress, e.toString());
    }
    loop.forget(this);
    closeFuture.complete(null);
    LOG.debug("{}: closed", localAddress);
  }

  @Override
  public String toString() {
    return "UdpEndpoint[" + localAddress + (closed ? ", closed]" : "]");
  }

  /** A ring of reusable slots: datagrams waiting for {@code OP_WRITE}. Loop thread only. */
  static final class SendQueue {
    static final class Slot {
      byte[] data = new byte[0];
      int length;
      InetSocketAddress to;
    }

    private static final Slot[] NONE = new Slot[0];

    private final int capacity;
    /** Made when a datagram first has to wait: most endpoints never fill the kernel's buffer. */
    private Slot[] slots = NONE;
    private int head;
    private int size;

    SendQueue(int capacity) {
      this.capacity = capacity;
    }

    int capacity() {
      return capacity;
    }

    int size() {
      return size;
    }

    boolean isEmpty() {
      return size == 0;
    }

    boolean offer(byte[] buf, int off, int len, InetSocketAddress to) {
      if (size == capacity) {
        return false;
      }
      if (slots.length == 0) {
        slots = new Slot[capacity];
      }
      int index = (head + size) % slots.length;
      Slot slot = slots[index];
      if (slot == null) {
        slot = slots[index] = new Slot();
      }
      if (slot.data.length < len) {
        slot.data = new byte[Math.max(len, 2048)];
      }
      System.arraycopy(buf, off, slot.data, 0, len);
      slot.length = len;
      slot.to = to;
      size++;
      return true;
    }

    Slot peek() {
      return slots[head];
    }

    void remove() {
      slots[head].to = null;
      head = (head + 1) % slots.length;
      size--;
    }

    void clear() {
      while (size > 0) {
        remove();
      }
    }
  }
}
