package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rtc4j.media.EncodedFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data channels between rtc4j and headless Chromium ({@link HeadlessChromium}, page {@code
 * chromium/datachannel.html}), SDP and trickled candidates over HTTP on 127.0.0.1. Each case has
 * three channels at least: {@code chat} (in-band, made by the offerer), {@code neg} (negotiated,
 * id 100, made on both sides) — both echoed by Chromium — and {@code from-chromium} (in-band, made
 * by the page, carrying text, binary and one message at Chromium's max-message-size).
 */
@Timeout(120)
class ChromiumDataChannelTest {
  private static final Logger LOG = LoggerFactory.getLogger(ChromiumDataChannelTest.class);
  private static final int NEGOTIATED_ID = 100;
  private static final int BULK_BYTES = 16 * 1024 * 1024;
  private static final int CHUNK = 16 * 1024;

  @RegisterExtension
  static final ChromiumRun run = new ChromiumRun("rtc4j-chromium-dc");

  private ChromiumSignaling http;
  private HeadlessChromium chromium;
  private PeerConnection pc;
  private TrickleBridge trickle;
  private final Map<String, String> results = new ConcurrentHashMap<>();
  private final BlockingQueue<DataChannel> announced = new LinkedBlockingQueue<>();
  /** Messages on the channels Chromium announced, by label, collected from the announcement on. */
  private final Map<String, BlockingQueue<DataChannelMessage>> inbox = new ConcurrentHashMap<>();
  private final BulkReceiver bulkUp = new BulkReceiver();
  private final CompletableFuture<String> chromiumOffer = new CompletableFuture<>();
  private volatile String lastOffer;
  private DataChannel chatChannel;

  // ------------------------------------------------------------------ cases

  /**
   * Chromium's channels made before any track: a data-only offer, then Chromium adds its camera
   * and microphone and offers again, the data section first (Chromium writes the sections of a
   * first offer as transceivers, then data; only a negotiated data section keeps its place first).
   * The channels carry on across the renegotiation and rtc4j receives Chromium's audio.
   */
  @Test
  void chromiumOffersChannelsMadeBeforeAnyTrackThenAddsTracks() throws Exception {
    List<EncodedFrame> audio = Collections.synchronizedList(new ArrayList<>());
    chromiumOffers("&tracks=1", p -> p.onTrack(e -> e.receiver().onFrame(f -> {
      if (e.kind() == MediaKind.AUDIO) {
        audio.add(f);
      }
    })));
    assertEquals("stable", awaitResult("renegotiated", 20));
    String offer = lastOffer;
    assertTrue(offer.indexOf("m=application") >= 0 && offer.indexOf("m=application") < offer.indexOf("m=audio")
        && offer.indexOf("m=audio") < offer.indexOf("m=video"), "the data section first, then the tracks:\n" + offer);
    chatChannel.send("after the tracks");
    DataChannelMessage m = take(inbox.get("chat"), "an echo after the renegotiation");
    assertEquals("after the tracks", m.text());
    for (int i = 0; i < 400 && audio.size() < 10; i++) {
      Thread.sleep(25);
    }
    assertTrue(audio.size() >= 10, "Chromium's audio reached rtc4j after the renegotiation: " + audio.size());
  }

  /** Chromium offers data channels alone (one m=application section). */
  @Test
  void chromiumOffersDataOnly() throws Exception {
    chromiumOffers("", p -> {});
    String offer = chromiumOffer.get(1, TimeUnit.SECONDS);
    assertFalse(offer.contains("m=audio") || offer.contains("m=video"), offer);
  }

  /**
   * rtc4j offers data channels alone (Chromium answers with its candidates, gathered); then 16 MiB
   * each way in 16 KiB messages under backpressure ({@code bufferedAmountLowThreshold}), checked by
   * SHA-256.
   */
  @Test
  void rtc4jOffersDataOnlyAndBulkBothWays() throws Exception {
    newPeer();
    DataChannel chat = listen(pc.createDataChannel("chat", DataChannelInit.defaults().withProtocol("echo")));
    DataChannel neg = listen(pc.createDataChannel("neg", DataChannelInit.defaults().withNegotiatedId(NEGOTIATED_ID)));
    Description offer = pc.createOffer().get(10, TimeUnit.SECONDS);
    assertTrue(offer.sdp().contains("m=application 9 UDP/DTLS/SCTP webrtc-datachannel"), offer.sdp());
    pc.setLocalDescription(offer).get(10, TimeUnit.SECONDS);
    serve(o -> "", offer::sdp, trickle::applyAnswer);
    launch("mode=rtc4j-offers&bulk=1");
    Signaling.awaitConnected(pc);
    awaitOpen(chat);
    awaitOpen(neg);
    echoes(chat);
    echoes(neg);
    fromChromium();

    // rtc4j -> Chromium.
    DataChannel down = pc.createDataChannel("bulk-down");
    awaitOpen(down);
    long started = System.nanoTime();
    String sentSha = sendBulk(down);
    String receivedSha = awaitResult("bulk-down-sha256", 60);
    double downSeconds = (System.nanoTime() - started) / 1e9;
    assertEquals(sentSha, receivedSha, "SHA-256 of the 16 MiB rtc4j sent and of what Chromium received");
    assertEquals(String.valueOf(BULK_BYTES / CHUNK), awaitResult("bulk-down-messages", 10));

    // Chromium -> rtc4j (the page starts once from-chromium is done).
    awaitAnnounced("bulk-up");
    String upSha = bulkUp.sha256();
    assertEquals(awaitResult("bulk-up-sha256", 60), upSha, "SHA-256 of the 16 MiB Chromium sent and rtc4j received");
    assertTrue(Integer.parseInt(awaitResult("bulk-up-waits", 10)) > 0, "Chromium's sender waited for bufferedamountlow");
    LOG.info("16 MiB rtc4j -> Chromium in {} s ({} Mbit/s); Chromium -> rtc4j {} ms in the page",
        String.format("%.2f", downSeconds), String.format("%.0f", BULK_BYTES * 8 / downSeconds / 1e6),
        results.get("bulk-up-ms"));

    Stats stats = Signaling.get(pc.getStats()).ofType("data-channel").stream()
        .filter(s -> "bulk-down".equals(s.getString("label"))).findFirst().orElseThrow();
    assertEquals(BULK_BYTES / CHUNK, stats.getLong("messagesSent", -1));
    assertEquals(BULK_BYTES, stats.getLong("bytesSent", -1));
  }

  // ------------------------------------------------------------------ Chromium offers

  private void chromiumOffers(String query, java.util.function.Consumer<PeerConnection> setUp) throws Exception {
    newPeer();
    setUp.accept(pc);
    DataChannel neg = listen(pc.createDataChannel("neg", DataChannelInit.defaults().withNegotiatedId(NEGOTIATED_ID)));
    serve(offer -> {
      chromiumOffer.complete(offer);
      lastOffer = offer;
      return trickle.answer(offer);
    }, () -> "", answer -> {});
    launch("mode=chrome-offers" + query);
    Signaling.awaitConnected(pc);
    awaitOpen(neg);
    DataChannel chat = chatChannel = awaitAnnounced("chat");
    awaitOpen(chat);
    echoes(chat);
    echoes(neg);
    fromChromium();
  }

  // ------------------------------------------------------------------ what each case checks

  /**
   * Text (with non-ASCII), binary, both empty forms and a binary message of exactly Chromium's
   * max-message-size come back from Chromium's echo as sent; one byte more is refused here.
   */
  private void echoes(DataChannel dc) throws Exception {
    BlockingQueue<DataChannelMessage> in = inbox.get(dc.label());
    dc.send("héllo ✓ " + dc.label());
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    dc.send(bytes);
    dc.send("");
    dc.send(new byte[0]);
    long max = remoteMaxMessageSize();
    byte[] big = new byte[(int) max];
    new Random(dc.label().hashCode()).nextBytes(big);
    dc.send(big);
    IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class, () -> dc.send(new byte[(int) max + 1]));
    assertTrue(tooBig.getMessage().startsWith("TypeError"), tooBig.getMessage());

    DataChannelMessage text = take(in, dc.label() + " text echo");
    assertFalse(text.binary());
    assertEquals("héllo ✓ " + dc.label(), text.text());
    DataChannelMessage bin = take(in, dc.label() + " binary echo");
    assertTrue(bin.binary());
    assertArrayEquals(bytes, bin.data());
    DataChannelMessage emptyText = take(in, dc.label() + " empty text echo");
    assertFalse(emptyText.binary());
    assertEquals(0, emptyText.data().length);
    DataChannelMessage emptyBin = take(in, dc.label() + " empty binary echo");
    assertTrue(emptyBin.binary());
    assertEquals(0, emptyBin.data().length);
    DataChannelMessage bigEcho = take(in, dc.label() + " max-message-size echo");
    assertTrue(bigEcho.binary());
    assertArrayEquals(big, bigEcho.data(), "a " + max + "-byte message echoed intact");
    assertNull(in.poll(200, TimeUnit.MILLISECONDS), "nothing more");
  }

  /** The page's own in-band channel: its text, binary, and a message at its max-message-size. */
  private void fromChromium() throws Exception {
    DataChannel dc = awaitAnnounced("from-chromium");
    assertEquals("rtc4j-test", dc.protocol());
    assertFalse(dc.negotiated());
    BlockingQueue<DataChannelMessage> in = inbox.get(dc.label());
    DataChannelMessage text = take(in, "Chromium's text");
    assertFalse(text.binary());
    assertEquals("hello from chromium", text.text());
    DataChannelMessage bin = take(in, "Chromium's binary");
    assertTrue(bin.binary());
    assertEquals(256, bin.data().length);
    for (int i = 0; i < 256; i++) {
      assertEquals(i, bin.data()[i] & 0xFF);
    }
    DataChannelMessage big = take(in, "Chromium's max-size message");
    long chromiumMax = Long.parseLong(awaitResult("max-message-size", 20));
    assertEquals(256 * 1024, chromiumMax,
        "Chromium's pc.sctp.maxMessageSize is the 256 KiB rtc4j advertised");
    assertEquals(chromiumMax, big.data().length);
    assertEquals(awaitResult("from-chromium-max-sha256", 20), sha256(big.data()));
  }

  /** 16 MiB of seeded bytes in 16 KiB messages, sending while bufferedAmount is at most 4 MiB. */
  private static String sendBulk(DataChannel dc) throws Exception {
    Semaphore low = new Semaphore(0);
    dc.setBufferedAmountLowThreshold(1024 * 1024);
    dc.onBufferedAmountLow(low::release);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random random = new Random(14);
    byte[] chunk = new byte[CHUNK];
    int waits = 0;
    for (int sent = 0; sent < BULK_BYTES; sent += CHUNK) {
      while (dc.bufferedAmount() > 4 * 1024 * 1024) {
        low.drainPermits();
        if (dc.bufferedAmount() > 4 * 1024 * 1024) {
          assertTrue(low.tryAcquire(30, TimeUnit.SECONDS), "bufferedamountlow at " + sent + " bytes");
          waits++;
        }
      }
      random.nextBytes(chunk);
      sha.update(chunk);
      dc.send(chunk);
    }
    assertTrue(waits > 0, "the sender waited for bufferedamountlow");
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Hashes 16 MiB of 16 KiB binary messages as they arrive (on the loop thread, one at a time). */
  private static final class BulkReceiver implements java.util.function.Consumer<DataChannelMessage> {
    private final MessageDigest sha;
    private final CompletableFuture<String> done = new CompletableFuture<>();
    private long received;

    BulkReceiver() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void accept(DataChannelMessage m) {
      if (m.data().length != CHUNK || !m.binary()) {
        done.completeExceptionally(new AssertionError("a " + m.data().length + "-byte message"));
      }
      sha.update(m.data());
      received += m.data().length;
      if (received == BULK_BYTES) {
        done.complete(HexFormat.of().formatHex(sha.digest()));
      }
    }

    String sha256() throws Exception {
      return done.get(60, TimeUnit.SECONDS);
    }
  }

  // ------------------------------------------------------------------ harness

  private void newPeer() {
    pc = run.peer(Configuration.builder().loopbackOnly());
    trickle = new TrickleBridge(pc);
    pc.onDataChannel(dc -> { // on the loop, before any of its messages
      if (dc.label().equals("bulk-up")) {
        dc.onMessage(bulkUp);
      } else {
        BlockingQueue<DataChannelMessage> q = new LinkedBlockingQueue<>();
        inbox.put(dc.label(), q);
        dc.onMessage(q::add);
      }
      announced.add(dc);
    });
    pc.onConnectionStateChange(s -> LOG.info("rtc4j connection state {}", s));
  }

  /** Collects the messages of a channel made here. */
  private DataChannel listen(DataChannel dc) {
    BlockingQueue<DataChannelMessage> q = new LinkedBlockingQueue<>();
    inbox.put(dc.label(), q);
    dc.onMessage(q::add);
    return dc;
  }

  private long remoteMaxMessageSize() {
    Matcher m = Pattern.compile("a=max-message-size:(\\d+)").matcher(pc.remoteDescription().sdp());
    assertTrue(m.find(), "Chromium writes a=max-message-size");
    return Long.parseLong(m.group(1));
  }

  private DataChannel awaitAnnounced(String label) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (;;) {
      DataChannel dc = announced.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (dc == null) {
        throw new AssertionError("Chromium's channel " + label + " never announced; results " + results);
      }
      if (dc.label().equals(label)) {
        return dc;
      }
      announced.add(dc); // another's: back for its own wait
      Thread.sleep(5);
    }
  }

  private static void awaitOpen(DataChannel dc) throws InterruptedException {
    for (int i = 0; i < 2000 && dc.readyState() != DataChannelState.OPEN; i++) {
      Thread.sleep(10);
    }
    assertEquals(DataChannelState.OPEN, dc.readyState(), dc.label());
  }

  private String awaitResult(String key, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!results.containsKey(key) && System.nanoTime() < deadline) {
      assertFalse(results.containsKey("page-error"), () -> results.get("page-error"));
      Thread.sleep(20);
    }
    assertTrue(results.containsKey(key), "the page never posted " + key + "; results " + results);
    return results.get(key);
  }

  private static DataChannelMessage take(BlockingQueue<DataChannelMessage> q, String what) throws InterruptedException {
    DataChannelMessage m = q.poll(20, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("timed out waiting for " + what);
    }
    return m;
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private void serve(Function<String, String> postOffer, Supplier<String> getOffer,
      java.util.function.Consumer<String> postAnswer) throws IOException {
    http = run.closing(new ChromiumSignaling("datachannel.html", trickle, postOffer, getOffer, postAnswer, Map.of("/result", body -> {
      int eq = body.indexOf('=');
      results.put(body.substring(0, eq), body.substring(eq + 1));
      LOG.info("page result {}", body);
    })));
  }

  private void launch(String query) throws IOException {
    chromium = run.closing(HeadlessChromium.open(http.url(query)));
  }
}
