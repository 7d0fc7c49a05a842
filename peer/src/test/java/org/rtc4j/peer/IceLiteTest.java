package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A full peer calls an ICE-lite peer (RFC 8445 §2.5) over loopback sockets. */
@Timeout(60)
class IceLiteTest {
  private final List<PeerConnection> open = new ArrayList<>();

  private PeerConnection pc(boolean lite) {
    PeerConnection pc = PeerConnection.create(Configuration.builder().loopbackOnly().iceLite(lite).build());
    open.add(pc);
    return pc;
  }

  @AfterEach
  void close() throws Exception {
    for (PeerConnection pc : open) {
      pc.closeAsync().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void fullOffererConnectsToLiteAnswerer() throws Exception {
    PeerConnection full = pc(false);
    PeerConnection lite = pc(true);
    BlockingQueue<DataChannel> announced = new LinkedBlockingQueue<>();
    lite.onDataChannel(announced::add);
    DataChannel chat = full.createDataChannel("chat", DataChannelInit.defaults());
    CountDownLatch opened = new CountDownLatch(1);
    chat.onOpen(opened::countDown);
    BlockingQueue<DataChannelMessage> atFull = new LinkedBlockingQueue<>();
    chat.onMessage(atFull::add);
    new Signaling(full, lite).negotiate(full);

    String liteSdp = lite.localDescription().sdp();
    assertTrue(liteSdp.contains("a=ice-lite\r\n"), "the lite answer says so: " + liteSdp);
    assertFalse(full.localDescription().sdp().contains("a=ice-lite"), "the full offer does not");

    assertTrue(opened.await(30, TimeUnit.SECONDS), "the channel opens");
    DataChannel remote = announced.poll(10, TimeUnit.SECONDS);
    assertNotNull(remote, "announced at the lite peer");
    remote.onMessage(m -> remote.send("echo " + m.text()));
    for (int i = 0; i < 100 && remote.readyState() != DataChannelState.OPEN; i++) {
      Thread.sleep(20);
    }
    chat.send("to a lite peer");
    DataChannelMessage echo = atFull.poll(10, TimeUnit.SECONDS);
    assertNotNull(echo, "echo from the lite peer");
    assertEquals("echo to a lite peer", echo.text());
    assertEquals(PeerConnectionState.CONNECTED, lite.connectionState());
  }
}
