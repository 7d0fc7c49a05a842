package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The W3C-shaped data channel API over two connections on loopback sockets. */
@Timeout(60)
class DataChannelTest {
  private final List<PeerConnection> open = new ArrayList<>();

  private PeerConnection pc() {
    PeerConnection pc = PeerConnection.create(Configuration.builder().loopbackOnly().build());
    open.add(pc);
    return pc;
  }

  @AfterEach
  void close() throws Exception {
    for (PeerConnection pc : open) {
      pc.closeAsync().get(5, TimeUnit.SECONDS);
    }
  }

  private static <T> T poll(BlockingQueue<T> q, String what) throws InterruptedException {
    T v = q.poll(Signaling.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (v == null) {
      throw new AssertionError("timed out waiting for " + what);
    }
    return v;
  }

  @Test
  void openSendReceiveAndCloseLikeABrowser() throws Exception {
    PeerConnection a = pc();
    PeerConnection b = pc();
    BlockingQueue<DataChannel> announced = new LinkedBlockingQueue<>();
    b.onDataChannel(announced::add);
    DataChannel chat = a.createDataChannel("chat", DataChannelInit.defaults().withProtocol("json"));
    CountDownLatch opened = new CountDownLatch(1);
    chat.onOpen(opened::countDown);
    BlockingQueue<DataChannelMessage> atA = new LinkedBlockingQueue<>();
    chat.onMessage(atA::add);
    new Signaling(a, b).negotiate(a);
    assertTrue(opened.await(20, TimeUnit.SECONDS), "open");
    assertEquals(DataChannelState.OPEN, chat.readyState());

    DataChannel remote = poll(announced, "datachannel");
    assertEquals("chat", remote.label());
    assertEquals("json", remote.protocol());
    assertEquals(chat.id(), remote.id());
    assertTrue(remote.ordered());
    BlockingQueue<DataChannelMessage> atB = new LinkedBlockingQueue<>();
    remote.onMessage(m -> {
      atB.add(m);
      if (!m.binary() && m.data().length > 0) {
        remote.send("echo " + m.text()); // from inside a listener, on the loop
      }
    });
    for (int i = 0; i < 100 && remote.readyState() != DataChannelState.OPEN; i++) {
      Thread.sleep(10);
    }
    assertEquals(DataChannelState.OPEN, remote.readyState());

    chat.send("héllo");
    chat.send(new byte[] {1, 2, 3});
    chat.send(ByteBuffer.wrap(new byte[] {4, 5}));
    chat.send("");
    DataChannelMessage m1 = poll(atB, "text");
    assertEquals("héllo", m1.text());
    assertFalse(m1.binary());
    DataChannelMessage m2 = poll(atB, "bytes");
    assertTrue(m2.binary());
    assertArrayEquals(new byte[] {1, 2, 3}, m2.data());
    assertArrayEquals(new byte[] {4, 5}, poll(atB, "buffer").data());
    assertEquals("", poll(atB, "empty").text(), "an empty string arrives empty (PPID 56)");
    assertEquals("echo héllo", poll(atA, "echo").text());

    CountDownLatch closedA = new CountDownLatch(1);
    CountDownLatch closedB = new CountDownLatch(1);
    chat.onClose(closedA::countDown);
    remote.onClose(closedB::countDown);
    chat.close();
    assertTrue(closedA.await(10, TimeUnit.SECONDS) && closedB.await(10, TimeUnit.SECONDS), "closed on both sides");
    assertEquals(DataChannelState.CLOSED, remote.readyState());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> chat.send("late"));
    assertTrue(e.getMessage().startsWith("InvalidStateError"), e.getMessage());

    Stats stats = Signaling.get(a.getStats()).ofType("data-channel").get(0);
    assertEquals("chat", stats.getString("label"));
    assertEquals(4, stats.getLong("messagesSent", -1));
    assertEquals(1, stats.getLong("messagesReceived", -1));
    assertEquals("closed", stats.getString("state"));
  }

  @Test
  void sendRefusesWhatThePeerCannotTakeAndBuffersWithinTheLimit() throws Exception {
    PeerConnection a = pc();
    PeerConnection b = pc();
    BlockingQueue<DataChannel> announced = new LinkedBlockingQueue<>();
    b.onDataChannel(announced::add);
    DataChannel files = a.createDataChannel("files");
    CountDownLatch opened = new CountDownLatch(1);
    files.onOpen(opened::countDown);
    new Signaling(a, b).negotiate(a);
    assertTrue(opened.await(20, TimeUnit.SECONDS), "open");
    DataChannel remote = poll(announced, "datachannel");
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch all = new CountDownLatch(40);
    remote.onMessage(m -> {
      sizes.add(m.data().length);
      all.countDown();
    });

    long max = 256 * 1024;
    IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
        () -> files.send(new byte[(int) max + 1]));
    assertTrue(tooBig.getMessage().startsWith("TypeError"), tooBig.getMessage());

    CompletableFuture<Void> low = new CompletableFuture<>();
    files.setBufferedAmountLowThreshold(64 * 1024);
    files.onBufferedAmountLow(() -> low.complete(null));
    for (int i = 0; i < 40; i++) {
      files.send(new byte[(int) max]); // 10 MiB in all: queued at once, drained by SCTP
    }
    assertTrue(files.bufferedAmount() > 64 * 1024, "the bytes wait: " + files.bufferedAmount());
    low.get(30, TimeUnit.SECONDS);
    assertTrue(all.await(30, TimeUnit.SECONDS), "every message arrived: " + sizes.size());
    assertTrue(sizes.stream().allMatch(s -> s == max), "whole messages");

    for (int i = 0; i < 100 && files.bufferedAmount() > 0; i++) {
      Thread.sleep(10);
    }
    assertEquals(0, files.bufferedAmount(), "drained");
  }

  @Test
  void closingTheConnectionClosesItsChannels() throws Exception {
    PeerConnection a = pc();
    PeerConnection b = pc();
    BlockingQueue<DataChannel> announced = new LinkedBlockingQueue<>();
    b.onDataChannel(announced::add);
    DataChannel c = a.createDataChannel("x", DataChannelInit.defaults().withNegotiatedId(3));
    DataChannel d = b.createDataChannel("x", DataChannelInit.defaults().withNegotiatedId(3));
    CountDownLatch opened = new CountDownLatch(2);
    c.onOpen(opened::countDown);
    d.onOpen(opened::countDown);
    new Signaling(a, b).negotiate(a);
    assertTrue(opened.await(20, TimeUnit.SECONDS), "negotiated channels open");
    assertEquals(3, c.id());
    CountDownLatch closed = new CountDownLatch(1);
    c.onClose(closed::countDown);
    a.closeAsync().get(5, TimeUnit.SECONDS);
    assertTrue(closed.await(5, TimeUnit.SECONDS), "the channel closed with its connection");
    assertEquals(DataChannelState.CLOSED, c.readyState());
    assertTrue(announced.isEmpty(), "a negotiated channel is not announced");
  }
}
