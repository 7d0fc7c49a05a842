package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connect through a firewall (issue 15): a loopback-only network namespace per scenario with
 * nftables rules, {@link FirewallPeer} running inside with coturn. With UDP blocked (but between
 * coturn's relay ports 49152-49200, relay to relay; ephemeral ports moved below them) the peers connect over
 * ICE-TCP, or through TURN over TCP when ICE-TCP is off, and media flows; with UDP and TCP
 * blocked, FAILED comes on time without end-of-candidates. The rules drop on the input hook, as
 * a firewall between hosts would: a drop on the output hook makes the sender's {@code sendto}
 * fail with EPERM, and in our runs coturn then relayed nothing more for that allocation (relay to
 * relay stayed silent after a relay to a blocked host address). Needs root, iproute2, nftables and
 * coturn; skips otherwise.
 */
@Timeout(120)
class FirewallTest {
  static final String UDP_BLOCKED = "table inet fw {\n  chain in {\n    type filter hook input priority 0; policy accept;\n"
      + "    udp sport 49152-49200 udp dport 49152-49200 accept\n    meta l4proto udp drop\n  }\n}\n";
  static final String ALL_BLOCKED = "table inet fw {\n  chain in {\n    type filter hook input priority 0; policy accept;\n"
      + "    meta l4proto { udp, tcp } drop\n  }\n}\n";
  @TempDir
  static Path dir;

  @BeforeAll
  static void tools() {
    Assumptions.assumeTrue(Coturn.available(), "coturn is not installed");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "nftables (nft) is not installed");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "iproute2 is not installed");
  }

  static List<String> run(String mode, String rules) throws Exception {
    String ns = "r4j-icenet-fw-" + ProcessHandle.current().pid();
    Path d = Files.createDirectories(dir.resolve(mode));
    Assumptions.assumeTrue(MdnsNetnsTest.sh("ip", "netns", "add", ns) == 0, "cannot create a namespace (needs root)");
    try {
      assertEquals(0, MdnsNetnsTest.sh("ip", "-n", ns, "link", "set", "lo", "up"));
      assertEquals(0, MdnsNetnsTest.sh("ip", "netns", "exec", ns, "sysctl", "-q", "-w",
          "net.ipv4.ip_local_port_range=20000 40000"));
      Path nft = d.resolve("fw.nft");
      Files.writeString(nft, rules);
      assertEquals(0, MdnsNetnsTest.sh("ip", "netns", "exec", ns, "nft", "-f", nft.toString()));
      String java = ProcessHandle.current().info().command().orElse("java");
      // Tests run on the module path: the module's classes are on jdk.module.path, the rest on the
      // class path. The child takes them all on its class path.
      String cp = Stream.of(System.getProperty("jdk.module.path", ""),
              System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")))
          .filter(x -> !x.isEmpty()).collect(Collectors.joining(File.pathSeparator));
      Path out = d.resolve("peer.out");
      Process p = new ProcessBuilder("ip", "netns", "exec", ns, java, "-cp", cp, FirewallPeer.class.getName(), mode,
          d.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the peer finished");
      List<String> lines = Files.readAllLines(out);
      assertEquals(0, p.exitValue(), String.join("\n", lines));
      return lines;
    } finally {
      MdnsNetnsTest.sh("ip", "netns", "del", ns);
    }
  }

  @Test
  void udpBlockedConnectsOverIceTcp() throws Exception {
    List<String> lines = run("udp-blocked-tcp", UDP_BLOCKED);
    String all = String.join("\n", lines);
    assertTrue(lines.contains("SELECTED host tcp / host tcp"), all);
    assertTrue(lines.contains("MEDIA true"), all);
  }

  @Test
  void udpBlockedConnectsThroughTurnOverTcp() throws Exception {
    List<String> lines = run("udp-blocked-relay", UDP_BLOCKED);
    String all = String.join("\n", lines);
    assertTrue(lines.contains("SELECTED relay udp / relay udp"), all);
    assertTrue(lines.contains("MEDIA true"), all);
  }

  @Test
  void everythingBlockedFailsOnTime() throws Exception {
    List<String> lines = run("all-blocked", ALL_BLOCKED);
    String all = String.join("\n", lines);
    String failed = lines.stream().filter(l -> l.startsWith("FAILED ")).findFirst().orElseThrow(() -> new AssertionError(all));
    long ms = Long.parseLong(failed.substring(7));
    // Checks fail after 100 ms x (1 + 2) + 4 x 100 ms = 700 ms (TCP checks after the same), the TURN
    // connection after 700 ms; then the 2 s failure timer: about 2.7 s, with no end-of-candidates.
    assertTrue(ms >= 2_500 && ms < 10_000, ms + " ms\n" + all);
    assertTrue(lines.contains("TURNFAILED TIMEOUT"), all);
  }
}
