package org.rtc4j.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.rtc4j.ice.UdpMux;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.net.UdpOptions;
import org.rtc4j.peer.Configuration;

/**
 * A server's {@code --udp-port P}: one UDP socket for every session ({@link UdpMux}, set with
 * {@link Configuration.Builder#udpMux}), on an event loop of its own that every session then runs
 * on. Bound to 127.0.0.1, or to every interface with {@code --all-interfaces}, like the sessions'
 * own sockets would be.
 */
final class SharedUdpPort implements AutoCloseable {
    /**
     * Kernel buffers of 4 MiB each way (Linux caps them at {@code net.core.rmem_max}/{@code wmem_max})
     * and a 4,096-datagram send queue: one socket carries every session, 5,000 datagrams a second
     * for 100 audio sessions; with the defaults (about 208 KiB) a loop held up for 40 ms lost packets.
     */
    private static final UdpOptions OPTIONS = UdpOptions.DEFAULT.withSendQueueCapacity(4096)
            .withReceiveBufferBytes(4 << 20).withSendBufferBytes(4 << 20);

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final UdpMux mux;

    private SharedUdpPort(EventLoopGroup group, EventLoop loop, UdpMux mux) {
        this.group = group;
        this.loop = loop;
        this.mux = mux;
    }

    /** Binds port {@code port} (0: any free one); null when {@code port} is null. */
    static SharedUdpPort bindOrNull(Common common, Integer port) {
        if (port == null) {
            return null;
        }
        InetSocketAddress address = common != null && common.allInterfaces
                ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        EventLoopGroup group = new EventLoopGroup("rtc4j-udp", 1, Clock.system());
        EventLoop loop = group.next();
        try {
            return new SharedUdpPort(group, loop, loop.submit(() -> UdpMux.bind(loop, address, OPTIONS)).get());
        } catch (ExecutionException e) {
            group.close();
            Throwable cause = e.getCause() instanceof IOException io ? io : e;
            throw new Failure("cannot bind UDP port " + port + " on " + address.getAddress().getHostAddress() + ": "
                    + cause.getMessage() + ".", cause);
        } catch (InterruptedException e) {
            group.close();
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while binding UDP port " + port + ".", e);
        }
    }

    /** {@code builder} with this port for every connection; {@code udp} may be null (no shared port). */
    static Configuration.Builder apply(Configuration.Builder builder, SharedUdpPort udp) {
        return udp == null ? builder : builder.udpMux(udp.mux);
    }

    /** The bound port. */
    int port() {
        return mux.localAddress().getPort();
    }

    /** Sockets open on the sessions' loop (1: the shared one). */
    int socketCount() throws InterruptedException, ExecutionException {
        return loop.submit(loop::endpointCount).get();
    }

    /** Closes the socket on its loop, then the loop, and waits (10 s at most) until the loop has ended. */
    @Override
    public void close() {
        try {
            loop.submit(() -> {
                mux.close();
                return null;
            }).get();
        } catch (ExecutionException e) {
            // the loop reports its own failures; closing goes on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                group.shutdownGracefully().get(10, TimeUnit.SECONDS); // its selector closed before we return
            } catch (ExecutionException | TimeoutException e) {
                // the loop reports its own failures
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
