package org.rtc4j.net;

/**
 * Per-endpoint settings for {@link EventLoop#bind}.
 *
 * @param sendQueueCapacity how many datagrams may wait in user space when the socket's send
 *     buffer is full; beyond that {@link UdpEndpoint#send} drops and counts (must be &gt;= 0)
 * @param sendBufferBytes {@code SO_SNDBUF}, or 0 for the operating system's default
 * @param receiveBufferBytes {@code SO_RCVBUF}, or 0 for the operating system's default
 */
public record UdpOptions(int sendQueueCapacity, int sendBufferBytes, int receiveBufferBytes) {

  /** 256 queued datagrams, OS default socket buffers. */
  public static final UdpOptions DEFAULT = new UdpOptions(256, 0, 0);

  public UdpOptions {
    if (sendQueueCapacity < 0) {
      throw new IllegalArgumentException("sendQueueCapacity < 0: " + sendQueueCapacity);
    }
    if (sendBufferBytes < 0) {
      throw new IllegalArgumentException("sendBufferBytes < 0: " + sendBufferBytes);
    }
    if (receiveBufferBytes < 0) {
      throw new IllegalArgumentException("receiveBufferBytes < 0: " + receiveBufferBytes);
    }
  }

  public UdpOptions withSendQueueCapacity(int capacity) {
    return new UdpOptions(capacity, sendBufferBytes, receiveBufferBytes);
  }

  public UdpOptions withSendBufferBytes(int bytes) {
    return new UdpOptions(sendQueueCapacity, bytes, receiveBufferBytes);
  }

  public UdpOptions withReceiveBufferBytes(int bytes) {
    return new UdpOptions(sendQueueCapacity, sendBufferBytes, bytes);
  }
}
