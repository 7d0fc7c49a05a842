package org.rtc4j.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening TCP socket on one {@link EventLoop} (e.g. an ICE-TCP passive candidate, RFC 6544).
 * Each accepted connection is offered to the {@link AcceptHandler}, which returns the
 * {@link TcpHandler} for it, or null to refuse it. Plain TCP only. Loop thread only, except
 * {@link #close()}.
 */
public final class TcpListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);
  static final int MAX_ACCEPTS_PER_WAKEUP = 16;

  /** Decides what handles an accepted connection. */
  @FunctionalInterface
  public interface AcceptHandler {
    /** The handler for {@code connection}, or null to close it at once. */
    TcpHandler onAccept(TcpConnection connection);
  }

  private final EventLoop loop;
  private final ServerSocketChannel channel;
  private final AcceptHandler handler;
  private final InetSocketAddress localAddress;
  private SelectionKey key;
  private boolean closed;
  private long accepted;

  TcpListener(EventLoop loop, ServerSocketChannel channel, AcceptHandler handler) throws IOException {
    this.loop = loop;
    this.channel = channel;
    this.handler = handler;
    this.localAddress = (InetSocketAddress) channel.getLocalAddress();
  }

  void register(Selector selector) throws IOException {
    key = channel.register(selector, SelectionKey.OP_ACCEPT, this);
  }

  public InetSocketAddress localAddress() {
    return localAddress;
  }

  public long acceptedCount() {
    return accepted;
  }

  void onReady(int ops) {
    for (int i = 0; i < MAX_ACCEPTS_PER_WAKEUP && !closed; i++) {
      SocketChannel c;
      try {
        c = channel.accept();
      } catch (IOException e) {
        LOG.debug("accept on {} failed: {}", localAddress, e.toString());
        return;
      }
      if (c == null) {
        return;
      }
      accepted++;
      TcpConnection conn;
      try {
        c.configureBlocking(false);
        c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        conn = new TcpConnection(loop, c, TcpOptions.PLAIN, null, (InetSocketAddress) c.getRemoteAddress());
      } catch (IOException e) {
        closeQuietly(c);
        continue;
      }
      TcpHandler h;
      try {
        h = handler.onAccept(conn);
      } catch (Throwable t) {
        loop.reportFailure("accept handler of " + localAddress, t);
        h = null;
      }
      if (h == null) {
        closeQuietly(c);
        continue;
      }
      conn.handler(h);
      try {
        loop.adopt(conn, SelectionKey.OP_READ);
        conn.accepted();
      } catch (IOException e) {
        closeQuietly(c);
      }
    }
  }

  @Override
  public void close() {
    loop.closeSoon(this::closeOnLoop);
  }

  void closeOnLoop() {
    if (closed) {
      return;
    }
    closed = true;
    if (key != null) {
      key.cancel();
    }
    closeQuietly(channel);
    loop.forgetStream(this);
  }

  private static void closeQuietly(java.nio.channels.Channel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // abandoning it
    }
  }

  @Override
  public String toString() {
    return "TcpListener[" + localAddress + (closed ? ", closed]" : "]");
  }
}
