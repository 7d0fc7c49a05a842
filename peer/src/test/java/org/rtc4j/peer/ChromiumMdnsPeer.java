package org.rtc4j.peer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The rtc4j side of {@link ChromiumMdnsTest}, run by it in a child JVM inside the test's network
 * namespace: serves {@code chromium/echo.html}, starts Chromium with its default mDNS hiding, answers
 * Chromium's data-channel offer, and echoes a message through Chromium. It prints what the test
 * checks, one fact a line, and exits 0 when the call went through:
 * <pre>
 * CHROMIUM-CANDIDATE &lt;candidate line Chromium trickled&gt;
 * RTC4J-CANDIDATE &lt;rtc4j's trickled candidate, as the JSON the page got&gt;
 * ECHO &lt;text&gt;
 * SELECTED &lt;local type&gt; &lt;local address&gt; &lt;remote type&gt; &lt;remote address&gt;   (rtc4j's view)
 * CHROMIUM-STATS &lt;Chromium's stats line&gt;
 * </pre>
 * Argument: {@code query-only} (rtc4j resolves Chromium's names) or {@code query-and-gather} (rtc4j
 * also hides its own address behind a name Chromium resolves).
 */
final class ChromiumMdnsPeer {
  private ChromiumMdnsPeer() {}

  public static void main(String[] args) throws Exception {
    boolean gather = args.length > 0 && args[0].equals("query-and-gather");
    // Gathers on the namespace's 192.0.2.1 only (see ChromiumMdnsTest): Chromium's checks to a
    // loopback candidate would come from 127.0.0.1 and pair as peer-reflexive, resolved or not.
    Configuration.Builder config = Configuration.builder().ipv6(false)
        .addressFilter(a -> a.getHostAddress().equals(ChromiumMdnsTest.ADDRESS));
    if (gather) {
      config.mdnsMode(org.rtc4j.ice.IceConfig.MdnsMode.QUERY_AND_GATHER);
    }
    PeerConnection pc = PeerConnection.create(config.build());
    String[] chromiumStats = {""};
    TrickleBridge trickle = new TrickleBridge(pc);
    BlockingQueue<DataChannel> announced = new LinkedBlockingQueue<>();
    pc.onDataChannel(announced::add);
    int status = 1;
    try (ChromiumSignaling http = new ChromiumSignaling("echo.html", trickle,
        trickle::answer, () -> "", answer -> {}, Map.of("/stats", body -> chromiumStats[0] = body));
        HeadlessChromium chromium = HeadlessChromium.open(http.url(""), true, List.of())) {
      DataChannel chat = announced.poll(30, TimeUnit.SECONDS);
      trickle.browserCandidates().forEach(c -> System.out.println("CHROMIUM-CANDIDATE " + c));
      trickle.ourCandidates().forEach(c -> System.out.println("RTC4J-CANDIDATE " + c));
      if (chat == null) {
        System.out.println("FAIL no data channel; rtc4j " + pc.connectionState() + "; Chromium " + chromiumStats[0]);
        System.out.println(chromium.log());
      } else {
        BlockingQueue<DataChannelMessage> in = new LinkedBlockingQueue<>();
        chat.onMessage(in::add);
        for (int i = 0; i < 500 && chat.readyState() != DataChannelState.OPEN; i++) {
          Thread.sleep(20);
        }
        chat.send("hello over mdns");
        DataChannelMessage echo = in.poll(10, TimeUnit.SECONDS);
        System.out.println("ECHO " + (echo == null ? "(none)" : echo.text()));
        // Chromium's checks usually come before its name resolves (its responder answered 0.6-1 s
        // after the query here): the pair is first learned as peer-reflexive and takes the host
        // candidate once the name resolves. Bounded wait for that (the query times out at 3 s).
        long echoed = System.nanoTime();
        String selected = "";
        for (int i = 0; i < 100; i++) {
          StatsReport report = pc.getStats().get(5, TimeUnit.SECONDS);
          Stats pair = report.get((String) report.get("T01").get("selectedCandidatePairId"));
          Stats local = report.get((String) pair.get("localCandidateId"));
          Stats remote = report.get((String) pair.get("remoteCandidateId"));
          selected = local.get("candidateType") + " " + local.get("address") + " " + remote.get("candidateType") + " "
              + remote.get("address");
          if (!"prflx".equals(remote.get("candidateType"))) {
            break;
          }
          Thread.sleep(50);
        }
        System.out.println("SELECTED " + selected);
        System.out.println("HOST-AFTER-ECHO-MS " + (System.nanoTime() - echoed) / 1_000_000);
        // Chromium's report comes every 250 ms: wait (bounded) for one taken after it connected.
        for (int i = 0; i < 60 && !chromiumStats[0].contains("connection connected"); i++) {
          Thread.sleep(50);
        }
        for (String line : chromiumStats[0].split("\n")) {
          System.out.println("CHROMIUM-STATS " + line);
        }
        status = echo == null ? 1 : 0;
      }
    } finally {
      pc.closeAsync().get(5, TimeUnit.SECONDS);
    }
    System.out.flush();
    System.exit(status);
  }
}
