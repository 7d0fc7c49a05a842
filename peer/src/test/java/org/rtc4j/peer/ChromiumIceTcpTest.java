package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ICE-TCP (RFC 6544) between rtc4j and headless Chromium: Chromium offers a data channel ({@code
 * chromium/echo.html}), rtc4j answers with {@code iceTcpCandidates(true)} (passive TCP host
 * candidates). Blocking UDP on loopback is not practical, so the UDP candidates are not passed on,
 * either way (neither trickled nor left in the descriptions): the only pairs are Chromium's active
 * TCP candidate ({@code tcptype active}, port 9) with rtc4j's passive one. Checked: a message echoes,
 * and both sides' selected pair is TCP. Runs in the loopback-only namespace of {@code ./run-tests}.
 */
@Timeout(60)
class ChromiumIceTcpTest {
  private static final Logger LOG = LoggerFactory.getLogger(ChromiumIceTcpTest.class);
  private static final Pattern UDP_CANDIDATE = Pattern.compile("(?m)^a=candidate:\\S+ \\d+ (?i:udp) .*\\r?\\n");

  @RegisterExtension
  static final ChromiumRun run = new ChromiumRun("rtc4j-chromium-icetcp");

  private ChromiumSignaling http;
  private HeadlessChromium chromium;
  private PeerConnection pc;
  private volatile String chromiumStats = "";

  @Test
  void chromiumActiveTcpPairsWithRtc4jPassiveTcp() throws Exception {
    pc = run.peer(Configuration.builder().loopbackOnly()
        .iceTcpCandidates(true));
    pc.onConnectionStateChange(s -> LOG.info("rtc4j connection state {}", s));
    TrickleBridge trickle = new TrickleBridge(pc, c -> c.contains(" tcp ") || c.contains(" TCP "));
    BlockingQueue<DataChannel> announced = new LinkedBlockingQueue<>();
    pc.onDataChannel(announced::add);
    http = run.closing(new ChromiumSignaling("echo.html", trickle,
        offer -> UDP_CANDIDATE.matcher(trickle.answer(UDP_CANDIDATE.matcher(offer).replaceAll(""))).replaceAll(""),
        () -> "", answer -> {}, Map.of("/stats", body -> chromiumStats = body)));
    chromium = run.closing(HeadlessChromium.open(http.url("")));

    DataChannel chat = announced.poll(30, TimeUnit.SECONDS);
    String context = "\nChromium's candidates " + trickle.browserCandidates() + "\nrtc4j's " + trickle.ourCandidates()
        + "\nChromium stats " + chromiumStats;
    assertNotNull(chat, "Chromium's channel over ICE-TCP; rtc4j " + pc.connectionState() + context);
    assertTrue(trickle.browserCandidates().stream().anyMatch(c -> c.contains(" tcp ") && c.contains("tcptype active")),
        "Chromium offers an active TCP candidate" + context);
    assertTrue(trickle.ourCandidates().stream().anyMatch(c -> c.contains(" tcp ") && c.contains("tcptype passive")),
        "rtc4j gathers a passive TCP candidate" + context);
    BlockingQueue<DataChannelMessage> in = new LinkedBlockingQueue<>();
    chat.onMessage(in::add);
    for (int i = 0; i < 500 && chat.readyState() != DataChannelState.OPEN; i++) {
      Thread.sleep(20);
    }
    chat.send("over tcp");
    DataChannelMessage echo = in.poll(10, TimeUnit.SECONDS);
    assertNotNull(echo, "an echo over ICE-TCP" + context);
    assertEquals("echo over tcp", echo.text());

    StatsReport report = pc.getStats().get(5, TimeUnit.SECONDS);
    Stats pair = report.get((String) report.get("T01").get("selectedCandidatePairId"));
    assertNotNull(pair, "a selected pair: " + report);
    Stats local = report.get((String) pair.get("localCandidateId"));
    Stats remote = report.get((String) pair.get("remoteCandidateId"));
    assertEquals("tcp", local.get("protocol"), "rtc4j's selected local candidate " + local);
    assertEquals("host", local.get("candidateType"), local.toString());
    assertEquals("tcp", remote.get("protocol"), "rtc4j's selected remote candidate " + remote);
    for (int i = 0; i < 60 && !chromiumStats.contains("connection connected"); i++) {
      Thread.sleep(50);
    }
    // Chromium's local side of an active TCP pair is the connection's own port: a prflx candidate.
    assertTrue(Pattern.compile("selected local=(host|prflx) 127\\.0\\.0\\.1 tcp remote=host 127\\.0\\.0\\.1 tcp")
        .matcher(chromiumStats).find(), "Chromium's selected pair is TCP" + context);
    assertFalse(chromiumStats.contains(" udp "), chromiumStats);
  }
}
