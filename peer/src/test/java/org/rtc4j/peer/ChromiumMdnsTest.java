package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * mDNS candidates (RFC 6762, draft-ietf-mmusic-mdns-ice-candidates) between rtc4j and headless
 * Chromium with its default of hiding local addresses ({@code WebRtcHideLocalIpsWithMdns} left on):
 * the page ({@code chromium/echo.html}) has no getUserMedia permission, so Chromium signals
 * {@code <uuid>.local} host candidates, which rtc4j must resolve with a one-shot mDNS query to
 * connect. The rtc4j side is {@link ChromiumMdnsPeer}, run in a child JVM inside a network namespace
 * the test makes, because what Chromium needs is more than the loopback-only namespace of {@code
 * ./run-tests} offers. Found here (Chromium 156):
 * <ul>
 *   <li>Chromium's mDNS responder binds only to non-loopback interfaces (its network list skips
 *       loopback). With only {@code lo} (even with {@code ip link set lo multicast on} and {@code ip
 *       route add 224.0.0.0/4 dev lo}) it logs "mDNS responder manager failed to start", and then
 *       signals no host candidate at all: it never falls back to the bare address.
 *   <li>Media permission turns the hiding off even without a getUserMedia call: with {@code
 *       --use-fake-ui-for-media-stream} (which grants it) Chromium signalled 127.0.0.1 in the clear,
 *       so {@link HeadlessChromium} leaves that switch out when it keeps the hiding.
 *   <li>A page without media permission gathers only on the network of the default route (it asks
 *       the kernel which local address a datagram to a public address would leave from): with no
 *       default route it gathers nothing.
 * </ul>
 * So the namespace has {@code lo} (up, multicast on) and a veth pair {@code m0}/{@code m1} that
 * leads nowhere, {@code m0} holding 192.0.2.1/24 (RFC 5737 TEST-NET-1), with the default route and
 * 224.0.0.0/4 on {@code m0}. Chromium then gathers one host candidate on 192.0.2.1 behind a name,
 * and its responder answers on {@code m0}, where rtc4j's mDNS socket is too. rtc4j gathers on
 * 192.0.2.1 only, not on loopback: Chromium's socket is bound to the wildcard address, so its checks to a 127.0.0.1 candidate leave
 * from 127.0.0.1, and rtc4j would pair them as peer-reflexive whether it resolved the name or not;
 * on 192.0.2.1, a selected pair whose remote is Chromium's <em>host</em> candidate at 192.0.2.1
 * proves the name was resolved. Chromium's checks usually arrive before its name resolves (its
 * responder answered rtc4j's query 0.6 to 1 s after the query, likely because it had announced the
 * name less than a second before and RFC 6762 §6 spaces multicasts of a record by one second), so
 * the pair is first learned as peer-reflexive and takes the host candidate when the answer comes:
 * {@link ChromiumMdnsPeer} waits for that, bounded. Chromium's own stats give a remote candidate it
 * resolved from a name as type host with an empty address. The HTTP signalling stays on 127.0.0.1,
 * and nothing leaves the namespace. Needs root, iproute2 and Chromium; skips otherwise.
 */
@Timeout(90)
class ChromiumMdnsTest {
  static final String NS = "r4j-chromenet-mdns-" + ProcessHandle.current().pid();
  /** The namespace's one address besides loopback (RFC 5737 TEST-NET-1, on a veth leading nowhere). */
  static final String ADDRESS = "192.0.2.1";
  private static final Pattern NAME = Pattern.compile(
      " [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.local ");
  @TempDir
  static Path dir;

  @BeforeAll
  static void namespace() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(HeadlessChromium.CHROMIUM), "chromium is not installed");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "iproute2 (ip) is not installed");
    Assumptions.assumeTrue(sh("ip", "netns", "add", NS) == 0, "cannot create a network namespace (needs root)");
    assertEquals(0, sh("ip", "-n", NS, "link", "set", "lo", "up"));
    assertEquals(0, sh("ip", "-n", NS, "link", "set", "lo", "multicast", "on"));
    assertEquals(0, sh("ip", "-n", NS, "link", "add", "m0", "type", "veth", "peer", "name", "m1"));
    assertEquals(0, sh("ip", "-n", NS, "addr", "add", "192.0.2.1/24", "dev", "m0"));
    assertEquals(0, sh("ip", "-n", NS, "link", "set", "m1", "up"));
    assertEquals(0, sh("ip", "-n", NS, "link", "set", "m0", "up"));
    assertEquals(0, sh("ip", "-n", NS, "route", "add", "default", "dev", "m0"));
    assertEquals(0, sh("ip", "-n", NS, "route", "add", "224.0.0.0/4", "dev", "m0"));
  }

  @AfterAll
  static void cleanup() throws Exception {
    sh("ip", "netns", "del", NS);
  }

  /** Chromium hides its address; rtc4j resolves the name, connects, and a message echoes. */
  @Test
  void rtc4jResolvesChromiumsMdnsCandidates() throws Exception {
    List<String> lines = runPeer("query-only");
    String all = String.join("\n", lines);
    List<String> chromium = lines.stream().filter(l -> l.startsWith("CHROMIUM-CANDIDATE ")).toList();
    assertFalse(chromium.isEmpty(), "Chromium trickled candidates: " + all);
    for (String c : chromium) {
      assertTrue(!c.contains(" typ host") || NAME.matcher(c).find(), "Chromium hid its host address: " + c);
      assertFalse(c.contains("192.0.2.1") || c.contains("127.0.0.1"), "no bare address from Chromium: " + c);
    }
    assertTrue(chromium.stream().anyMatch(c -> c.contains(" typ host") && NAME.matcher(c).find()),
        "a <uuid>.local host candidate: " + all);
    assertTrue(lines.contains("ECHO echo hello over mdns"), "the data channel echoes through Chromium: " + all);
    // Resolved: the remote candidate of the selected pair is Chromium's host candidate at its
    // address; unresolved, rtc4j would know Chromium only as a peer-reflexive candidate.
    assertTrue(lines.contains("SELECTED host " + ADDRESS + " host " + ADDRESS),
        "rtc4j's selected pair has Chromium's resolved address: " + all);
    assertTrue(lines.contains("CHROMIUM-STATS connection connected"), all);
  }

  /**
   * Both hide: rtc4j gathers with {@code QUERY_AND_GATHER} and signals a name of its own for
   * 192.0.2.1, which Chromium resolves (its selected pair's remote is rtc4j's host candidate, not a
   * peer-reflexive one learned from rtc4j's checks); rtc4j still resolves Chromium's.
   */
  @Test
  void chromiumResolvesRtc4jsMdnsCandidates() throws Exception {
    List<String> lines = runPeer("query-and-gather");
    String all = String.join("\n", lines);
    List<String> ours = lines.stream().filter(l -> l.startsWith("RTC4J-CANDIDATE ") && l.contains(" typ host")).toList();
    assertFalse(ours.isEmpty(), "rtc4j signalled host candidates: " + all);
    for (String c : ours) {
      assertTrue(NAME.matcher(c).find(), "rtc4j hid its host address: " + c);
      assertFalse(c.contains(ADDRESS), "no bare address from rtc4j: " + c);
    }
    assertTrue(lines.contains("ECHO echo hello over mdns"), "the data channel echoes through Chromium: " + all);
    assertTrue(lines.contains("SELECTED host " + ADDRESS + " host " + ADDRESS), "rtc4j resolved Chromium's name: " + all);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("CHROMIUM-STATS selected local=host ")
        && l.contains(" remote=host ")), "Chromium resolved rtc4j's name (a host remote, not prflx): " + all);
  }

  private static List<String> runPeer(String mode) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = Stream.of(System.getProperty("jdk.module.path", ""),
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")))
        .filter(x -> !x.isEmpty()).collect(Collectors.joining(File.pathSeparator));
    Path out = dir.resolve("peer-" + mode + ".out");
    Process p = new ProcessBuilder("ip", "netns", "exec", NS, java, "-cp", cp, ChromiumMdnsPeer.class.getName(), mode)
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(75, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("the peer did not finish: " + Files.readString(out));
    }
    List<String> lines = Files.readAllLines(out);
    assertEquals(0, p.exitValue(), String.join("\n", lines));
    return lines;
  }

  static int sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
