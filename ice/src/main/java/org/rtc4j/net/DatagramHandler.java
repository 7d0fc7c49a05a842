package org.rtc4j.net;

import java.net.InetSocketAddress;

/**
 * Receives the datagrams of one {@link UdpEndpoint}, on its loop's thread.
 *
 * <p>The bytes {@code buf[off, off + len)} live in the loop's single receive buffer and are
 * <b>borrowed for the duration of the call only</b>: the next datagram overwrites them. Copy
 * whatever must outlive the call. The handler must not block; it may call
 * {@link UdpEndpoint#send} (the loop thread is the only thread allowed to).
 *
 * <p>An exception thrown here is caught by the loop, counted
 * ({@link UdpEndpoint#handlerFailureCount()}, {@link EventLoop#failureCount()}), logged at WARN
 * (rate limited), and the loop carries on with the next datagram.
 */
@FunctionalInterface
public interface DatagramHandler {

  /**
   * One datagram received.
   *
   * @param endpoint the endpoint it arrived on
   * @param buf the loop's receive buffer (borrowed)
   * @param off offset of the first payload byte in {@code buf}
   * @param len payload length in bytes (0 for an empty datagram)
   * @param from the sender
   */
  void onDatagram(UdpEndpoint endpoint, byte[] buf, int off, int len, InetSocketAddress from);
}
