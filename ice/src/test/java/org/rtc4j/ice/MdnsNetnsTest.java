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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * mDNS candidates resolved over real multicast inside a loopback-only network namespace made by
 * the test ({@link MdnsPeer} runs there). What multicast on {@code lo} needs in a fresh namespace:
 * {@code ip link set lo up}, {@code ip link set lo multicast on} (stacks such as Chromium only use
 * interfaces flagged MULTICAST) and {@code ip route add 224.0.0.0/4 dev lo} (without a route,
 * joining the group on "any interface" fails with ENODEV and sending without an explicit
 * interface with ENETUNREACH). Needs root and iproute2; skips otherwise.
 */
@Timeout(90)
class MdnsNetnsTest {
  static final String NS = "r4j-icenet-mdns-" + ProcessHandle.current().pid();
  @TempDir
  static Path dir;

  @BeforeAll
  static void namespace() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "iproute2 (ip) is not installed");
    Assumptions.assumeTrue(sh("ip", "netns", "add", NS) == 0, "cannot create a network namespace (needs root)");
    assertEquals(0, sh("ip", "-n", NS, "link", "set", "lo", "up"));
    assertEquals(0, sh("ip", "-n", NS, "link", "set", "lo", "multicast", "on"));
    assertEquals(0, sh("ip", "-n", NS, "route", "add", "224.0.0.0/4", "dev", "lo"));
  }

  @AfterAll
  static void cleanup() throws Exception {
    sh("ip", "netns", "del", NS);
  }

  @Test
  void hiddenHostCandidateIsResolvedOverMulticastOnLoopback() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    // Tests run on the module path: the module's classes are on jdk.module.path, the rest on the
      // class path. The child takes them all on its class path.
      String cp = Stream.of(System.getProperty("jdk.module.path", ""),
              System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")))
          .filter(x -> !x.isEmpty()).collect(Collectors.joining(File.pathSeparator));
    Path out = dir.resolve("peer.out");
    Process p = new ProcessBuilder("ip", "netns", "exec", NS, java, "-cp", cp, MdnsPeer.class.getName())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the peer finished");
    List<String> lines = Files.readAllLines(out);
    String all = String.join("\n", lines);
    assertEquals(0, p.exitValue(), all);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("NAME ") && l.contains(".local ")), "A signalled a name: " + all);
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("NAME ") && l.contains("127.0.0.1")), "A hid its address: " + all);
    assertTrue(lines.contains("RESOLVED 1"), all);
    assertTrue(lines.contains("SELECTED host 127.0.0.1"), "B paired the resolved host candidate: " + all);
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
