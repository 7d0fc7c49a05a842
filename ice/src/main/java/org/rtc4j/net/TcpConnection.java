package org.rtc4j.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-blocking TCP connection owned by one {@link EventLoop}, optionally TLS (client side) over
 * the JDK's {@link SSLEngine}, driven on the loop thread: no thread per socket, the engine's
 * delegated tasks (certificate checks) run inline. Made by {@link EventLoop#connectTcp} or
 * accepted by a {@link TcpListener}.
 *
 * <p>TLS verifies the server's certificate chain with the {@link TcpOptions#sslContext()}'s trust
 * material and its name with the JDK's "HTTPS" endpoint identification (RFC 2818/6125: DNS names,
 * or IP addresses for an IP literal), and sends SNI for a host name. A failed handshake closes
 * the connection with the {@link SSLException} as the cause.
 *
 * <p>Reading: each readiness drains up to {@value #MAX_READS_PER_WAKEUP} reads into the loop's
 * receive buffer and hands the bytes (plaintext for TLS) to {@link TcpHandler#onData}, borrowed.
 * Writing: {@link #write} hands bytes to the kernel and queues the rest (bounded by
 * {@link TcpOptions#maxQueuedBytes()}) until the socket is writable again. Loop thread only,
 * except {@link #close()}.
 */
public final class TcpConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);
  static final int MAX_READS_PER_WAKEUP = 16;
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final EventLoop loop;
  private final SocketChannel channel;
  private final TcpOptions options;
  private TcpHandler handler;
  private SelectionKey key;
  private InetSocketAddress localAddress;
  private final InetSocketAddress remoteAddress;
  private boolean connected;
  private boolean closed;
  private byte[] out = new byte[0];
  private int outStart;
  private int outEnd;
  private SSLEngine engine;
  private ByteBuffer netIn;
  private ByteBuffer appIn;
  private ByteBuffer netOut;
  private long bytesRead;
  private long bytesWritten;
  private long refusedWrites;

  TcpConnection(EventLoop loop, SocketChannel channel, TcpOptions options, TcpHandler handler,
      InetSocketAddress remote) {
    this.loop = loop;
    this.channel = channel;
    this.options = options;
    this.handler = handler;
    this.remoteAddress = remote;
  }

  void register(Selector selector, int ops) throws IOException {
    key = channel.register(selector, ops, this);
  }

  void handler(TcpHandler h) {
    this.handler = h;
  }

  public EventLoop loop() {
    return loop;
  }

  /** The local address (known once connected). */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  /** Whether {@link TcpHandler#onConnected} has been called and the connection is not closed. */
  public boolean isConnected() {
    return connected && !closed;
  }

  public boolean isOpen() {
    return !closed;
  }

  public boolean isTls() {
    return options.isTls();
  }

  public long bytesRead() {
    return bytesRead;
  }

  public long bytesWritten() {
    return bytesWritten;
  }

  /** Writes refused: not connected yet, closed, or the queue would exceed its bound. */
  public long refusedWriteCount() {
    return refusedWrites;
  }

  /** Bytes (encrypted for TLS) waiting for the socket to become writable. */
  public int queuedBytes() {
    return outEnd - outStart;
  }

  /**
   * Writes {@code buf[off, off+len)} (encrypting it for TLS). Loop thread only. Returns false,
   * and writes nothing, if the connection is not connected yet, closed, or the queue is full.
   */
  public boolean write(byte[] buf, int off, int len) {
    checkLoop();
    if (!connected || closed || queuedBytes() + len > options.maxQueuedBytes()) {
      refusedWrites++;
      return false;
    }
    if (engine == null) {
      append(buf, off, len);
    } else {
      ByteBuffer src = ByteBuffer.wrap(buf, off, len);
      try {
        while (src.hasRemaining()) {
          netOut.clear();
          SSLEngineResult r = engine.wrap(src, netOut);
          if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            netOut = ByteBuffer.allocate(netOut.capacity() * 2);
            continue;
          }
          if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            refusedWrites++;
            return false;
          }
          netOut.flip();
          append(netOut.array(), 0, netOut.limit());
        }
      } catch (SSLException e) {
        closeWith(e);
        return false;
      }
    }
    flush();
    return !closed;
  }

  /** Closes the connection (TLS: after a close_notify, best effort). Idempotent; any thread. */
  @Override
  public void close() {
    loop.closeSoon(this::closeOnLoop);
  }

  void closeOnLoop() {
    if (closed) {
      return;
    }
    if (engine != null && connected) {
      engine.closeOutbound();
      try {
        netOut.clear();
        engine.wrap(EMPTY, netOut);
        netOut.flip();
        append(netOut.array(), 0, netOut.limit());
        flush();
      } catch (SSLException | RuntimeException ignored) {
        // closing anyway
      }
    }
    closeWith(null);
  }

  // ------------------------------------------------------------------------------ loop side

  /** After a non-blocking connect completed at once, or OP_CONNECT. */
  void finishConnect() {
    try {
      if (!channel.finishConnect()) {
        return;
      }
      localAddress = (InetSocketAddress) channel.getLocalAddress();
      key.interestOps(SelectionKey.OP_READ);
    } catch (IOException | RuntimeException e) {
      closeWith(e);
      return;
    }
    if (options.isTls()) {
      startTls();
    } else {
      connectedNow();
    }
  }

  /** Accepted connections are connected from the start. */
  void accepted() throws IOException {
    localAddress = (InetSocketAddress) channel.getLocalAddress();
    connectedNow();
  }

  void onReady(int ops) {
    if ((ops & SelectionKey.OP_CONNECT) != 0) {
      finishConnect();
    }
    if (!closed && (ops & SelectionKey.OP_WRITE) != 0) {
      flush();
    }
    if (!closed && (ops & SelectionKey.OP_READ) != 0) {
      read();
    }
  }

  private void read() {
    ByteBuffer rx = loop.receiveBuffer();
    byte[] array = loop.receiveArray();
    for (int i = 0; i < MAX_READS_PER_WAKEUP && !closed; i++) {
      rx.clear();
      int n;
      try {
        n = channel.read(rx);
      } catch (IOException e) {
        closeWith(e);
        return;
      }
      if (n < 0) {
        closeWith(null);
        return;
      }
      if (n == 0) {
        return;
      }
      bytesRead += n;
      rx.flip();
      if (engine == null) {
        rx.get(array, 0, n);
        deliver(array, 0, n);
      } else {
        if (netIn.remaining() < n) {
          ByteBuffer bigger = ByteBuffer.allocate(netIn.position() + n + netIn.capacity());
          netIn.flip();
          bigger.put(netIn);
          netIn = bigger;
        }
        netIn.put(rx);
        tls();
      }
    }
  }

  private void deliver(byte[] buf, int off, int len) {
    try {
      handler.onData(this, buf, off, len);
    } catch (Throwable t) {
      loop.reportFailure("TCP handler of " + remoteAddress, t);
    }
  }

  private void connectedNow() {
    connected = true;
    try {
      handler.onConnected(this);
    } catch (Throwable t) {
      loop.reportFailure("TCP handler of " + remoteAddress, t);
    }
  }

  private void startTls() {
    try {
      engine = options.sslContext().createSSLEngine(options.serverName(), remoteAddress.getPort());
      engine.setUseClientMode(true);
      SSLParameters p = engine.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      if (!Resolver.isLiteral(options.serverName())) {
        p.setServerNames(List.of(new SNIHostName(options.serverName())));
      }
      engine.setSSLParameters(p);
      int packet = engine.getSession().getPacketBufferSize();
      netIn = ByteBuffer.allocate(packet);
      netOut = ByteBuffer.allocate(packet);
      appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
      engine.beginHandshake();
    } catch (SSLException | RuntimeException e) {
      closeWith(e);
      return;
    }
    tls();
  }

  /** Runs the engine until it needs bytes from the network: handshake, then application data. */
  private void tls() {
    try {
      while (!closed) {
        SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
          for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
          }
          continue;
        }
        if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
          netOut.clear();
          SSLEngineResult r = engine.wrap(EMPTY, netOut);
          if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            netOut = ByteBuffer.allocate(netOut.capacity() * 2);
            continue;
          }
          netOut.flip();
          append(netOut.array(), 0, netOut.limit());
          flush();
          if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            closeWith(null);
            return;
          }
          continue;
        }
        if (!connected && hs == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
          connectedNow();
          continue;
        }
        if (netIn.position() == 0) {
          return;
        }
        netIn.flip();
        SSLEngineResult r = engine.unwrap(netIn, appIn);
        netIn.compact();
        switch (r.getStatus()) {
          case BUFFER_UNDERFLOW -> {
            if (netIn.position() == netIn.capacity()) {
              netIn = ByteBuffer.allocate(netIn.capacity() * 2).put(netIn.flip());
            }
            return;
          }
          case BUFFER_OVERFLOW -> {
            appIn = ByteBuffer.allocate(appIn.capacity() * 2).put(appIn.flip());
            continue;
          }
          case CLOSED -> {
            closeWith(null);
            return;
          }
          default -> { }
        }
        if (appIn.position() > 0) {
          appIn.flip();
          deliver(appIn.array(), 0, appIn.limit());
          appIn.clear();
        }
      }
    } catch (SSLException | RuntimeException e) {
      closeWith(e);
    }
  }

  private void append(byte[] buf, int off, int len) {
    if (len == 0) {
      return;
    }
    if (outStart == outEnd) {
      outStart = outEnd = 0;
    }
    if (outEnd + len > out.length) {
      int pending = outEnd - outStart;
      byte[] next = pending + len > out.length ? new byte[Math.max(2 * out.length, pending + len)] : out;
      System.arraycopy(out, outStart, next, 0, pending);
      out = next;
      outStart = 0;
      outEnd = pending;
    }
    System.arraycopy(buf, off, out, outEnd, len);
    outEnd += len;
  }

  private void flush() {
    ByteBuffer tx = loop.sendBuffer();
    while (outStart < outEnd && !closed) {
      tx.clear();
      int n = Math.min(outEnd - outStart, tx.capacity());
      tx.put(out, outStart, n).flip();
      int w;
      try {
        w = channel.write(tx);
      } catch (IOException e) {
        closeWith(e);
        return;
      }
      bytesWritten += w;
      outStart += w;
      if (w < n) {
        if (key.isValid()) {
          key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
        return;
      }
    }
    if (!closed && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) != 0) {
      key.interestOps(SelectionKey.OP_READ);
    }
    if (outStart == outEnd && out.length > 65_536) {
      out = new byte[0]; // give a burst's memory back
      outStart = outEnd = 0;
    }
  }

  private void closeWith(Throwable cause) {
    if (closed) {
      return;
    }
    closed = true;
    if (key != null) {
      key.cancel();
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing {} failed: {}", remoteAddress, e.toString());
    }
    loop.forgetStream(this);
    if (cause != null) {
      LOG.debug("TCP connection to {} closed: {}", remoteAddress, cause.toString());
    }
    try {
      if (handler != null) {
        handler.onClosed(this, cause);
      }
    } catch (Throwable t) {
      loop.reportFailure("TCP handler of " + remoteAddress, t);
    }
  }

  private void checkLoop() {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException("TcpConnection.write must be called on its event loop thread " + loop.name());
    }
  }

  @Override
  public String toString() {
    return "TcpConnection[" + localAddress + " -> " + remoteAddress + (options.isTls() ? ", tls" : "")
        + (closed ? ", closed]" : "]");
  }
}
