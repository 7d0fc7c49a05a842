package org.rtc4j.ice;

import java.net.InetSocketAddress;

/**
 * A datagram the agent wants sent: from the socket bound to {@code source} (a candidate's base) to
 * {@code destination}. The agent hands over ownership of {@code data}.
 */
public record Transmit(InetSocketAddress source, InetSocketAddress destination, byte[] data) {}
