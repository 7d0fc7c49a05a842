package org.rtc4j.examples;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.rtc4j.examples.rooms.RedisRoomBus;

/** Every protocol test of {@link SignalServerTest} again, with the server's rooms on a real Redis. */
class RedisSignalServerTest extends SignalServerTest {

    private RedisServer redis;

    @Override
    SignalServer newServer() throws Exception {
        Assumptions.assumeTrue(RedisServer.installed(), RedisServer.MISSING);
        redis = RedisServer.launch();
        return new SignalServer(new InetSocketAddress("127.0.0.1", 0), "s3cret",
                RedisRoomBus.connect(redis.url(), null, Duration.ofSeconds(5), SignalServer.MAX_ROOMS));
    }

    @AfterEach
    void stopRedis() throws Exception {
        if (server != null) {
            server.stop(1000); // before Redis, so that its peers leave their rooms cleanly
            server = null;
        }
        if (redis != null) {
            redis.close();
        }
    }
}
