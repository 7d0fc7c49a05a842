package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.peer.Configuration;

/**
 * A server's {@code --udp-port}: sessions made from {@link MediaServer#sharedConfiguration} with a
 * {@link SharedUdpPort} answer with the one port, connect and receive audio, and the server side
 * opens no descriptor per session (the process's descriptors grow by the clients' sockets only).
 */
class SharedUdpPortTest {

    @Test
    @Timeout(90)
    void sessionsShareThePortAndDescriptorsStayConstant() throws Exception {
        List<LocalPair> pairs = new ArrayList<>();
        try (EventLoopGroup clients = new EventLoopGroup("udp-port-client", 1, Clock.system());
                SharedUdpPort udp = SharedUdpPort.bindOrNull(null, 0)) {
            Configuration server = MediaServer.sharedConfiguration(null, udp, false);
            Configuration client = Configuration.builder().loopbackOnly().eventLoopGroup(clients).build();
            long serverFds = -1;
            try {
                for (int i = 0; i < 4; i++) {
                    LocalPair p = new LocalPair(client, server); // the client offers, the server answers
                    pairs.add(p);
                    p.connect();
                    p.exchangeAudio(5);
                    String answer = p.b.localDescription().sdp();
                    assertTrue(answer.contains(" " + udp.port() + " typ host"), "session " + i + " answers with the port: " + answer);
                    assertEquals(1, udp.socketCount(), "one socket for " + (i + 1) + " sessions");
                    long fds = LocalPair.openFds() - LocalPair.endpoints(clients);
                    if (i == 0) {
                        serverFds = fds; // after the first session: classes and jars are open
                    } else {
                        assertEquals(serverFds, fds, "descriptors other than the clients' sockets with " + (i + 1) + " sessions");
                    }
                }
            } finally {
                for (LocalPair p : pairs) {
                    p.close();
                }
                clients.shutdownGracefully().get(10, TimeUnit.SECONDS); // no loop left ending for the next test's counts
            }
        }
    }
}
