/**
 * The event loop and UDP I/O: the only package of rtc4j that touches sockets, threads or the
 * real clock.
 *
 * <p>An {@link org.rtc4j.net.EventLoop} is one thread running a reactor in the manner of nginx
 * and Redis: it waits in a {@link java.nio.channels.Selector} until a socket is ready, a task is
 * posted, or the earliest timer is due; then it handles I/O, runs due timers and runs posted
 * tasks. An {@link org.rtc4j.net.EventLoopGroup} holds a few of them and hands them out
 * round-robin; whatever is bound to a loop stays on it, so connection state needs no locks.
 *
 * <p>{@link org.rtc4j.net.UdpEndpoint} is a non-blocking UDP socket on one loop: received
 * datagrams go to a {@link org.rtc4j.net.DatagramHandler} straight from the loop's single receive
 * buffer (borrowed, never allocated per datagram); sends go straight to the kernel and queue
 * (bounded, counted drops) only while the socket's send buffer is full.
 *
 * <p>{@link org.rtc4j.net.TcpConnection} and {@link org.rtc4j.net.TcpListener} are non-blocking TCP
 * (RFC 9293) on the same selector, with TLS (RFC 8446/5246) as a client through the JDK's
 * {@code SSLEngine} driven on the loop, verifying certificates (RFC 5280) and names (RFC 6125).
 * {@link org.rtc4j.net.Resolver} resolves host names off the loops.
 *
 * <p>Time comes from a {@link org.rtc4j.net.Clock}; tests drive timers deterministically with a
 * {@link org.rtc4j.net.ManualClock}.
 *
 * <p>Standards: UDP (RFC 768). The event loop carries the traffic of ICE (RFC 8445), STUN
 * (RFC 8489), DTLS (RFC 9147/6347) and SRTP (RFC 3711), multiplexed on one socket as RFC 7983
 * describes; the demultiplexing itself happens above this package.
 */
package org.rtc4j.net;
