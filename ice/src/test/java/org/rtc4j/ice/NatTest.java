package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
 * One agent behind a NAT made of network namespaces, the other on the "public" side with a coturn
 * STUN server:
 *
 * <pre>
 *  [priv] 10.200.2.2 --veth-- 10.200.2.1 [nat, nftables masquerade] 10.200.1.1 --veth-- 10.200.1.2 [pub]
 *         NatPeer (controlling)                                                         NatPeer (controlled), coturn
 * </pre>
 *
 * The private agent's server-reflexive address (10.200.1.1:x) really differs from its host
 * address; the public side cannot route to 10.200.2.0/24 at all, so the agents can only connect
 * through the NAT mapping. Needs root, iproute2 and nftables; skips with a message otherwise. The
 * namespaces are deleted afterwards. Nothing is sent outside them.
 */
@Timeout(120)
class NatTest {
  static final String ID = "r4j" + (ProcessHandle.current().pid() % 100_000);
  static final String PRIV = ID + "-priv";
  static final String NAT = ID + "-nat";
  static final String PUB = ID + "-pub";
  static boolean created;

  @TempDir
  static Path dir;

  @BeforeAll
  static void buildNat() throws Exception {
    Assumptions.assumeTrue(Coturn.available(), "coturn is not installed (/usr/bin/turnserver)");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "iproute2 (ip) is not installed");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "nftables (nft) is not installed");
    cleanup();
    created = true;
    boolean ok = sh("ip", "netns", "add", PRIV) == 0;
    Assumptions.assumeTrue(ok, "cannot create network namespaces (needs root / CAP_SYS_ADMIN): skipping the NAT test");
    run("ip", "netns", "add", NAT);
    run("ip", "netns", "add", PUB);
    run("ip", "-n", PRIV, "link", "add", "vp0", "type", "veth", "peer", "name", "vp1", "netns", NAT);
    run("ip", "-n", PUB, "link", "add", "vu0", "type", "veth", "peer", "name", "vu1", "netns", NAT);
    run("ip", "-n", PRIV, "addr", "add", "10.200.2.2/24", "dev", "vp0");
    run("ip", "-n", NAT, "addr", "add", "10.200.2.1/24", "dev", "vp1");
    run("ip", "-n", NAT, "addr", "add", "10.200.1.1/24", "dev", "vu1");
    run("ip", "-n", PUB, "addr", "add", "10.200.1.2/24", "dev", "vu0");
    for (String[] l : new String[][] {{PRIV, "vp0"}, {PRIV, "lo"}, {NAT, "vp1"}, {NAT, "vu1"}, {NAT, "lo"},
        {PUB, "vu0"}, {PUB, "lo"}}) {
      run("ip", "-n", l[0], "link", "set", l[1], "up");
    }
    run("ip", "-n", PRIV, "route", "add", "default", "via", "10.200.2.1");
    run("ip", "netns", "exec", NAT, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    Path rules = dir.resolve("nat.nft");
    Files.writeString(rules, "table ip rtc4jnat {\n  chain post {\n    type nat hook postrouting priority 100;\n"
        + "    oifname \"vu1\" masquerade\n  }\n}\n");
    run("ip", "netns", "exec", NAT, "nft", "-f", rules.toString());
  }

  @AfterAll
  static void cleanup() throws Exception {
    for (String ns : List.of(PRIV, NAT, PUB)) {
      sh("ip", "netns", "del", ns);
    }
  }

  @Test
  void agentsConnectThroughTheNat() throws Exception {
    Path coturnDir = Files.createDirectories(dir.resolve("coturn"));
    try (Coturn coturn = Coturn.start(coturnDir, InetAddress.getByName("10.200.1.2"), 3478,
        List.of("ip", "netns", "exec", PUB));
        Peer priv = Peer.start(PRIV, "CONTROLLING", "10.200.2.2");
        Peer pub = Peer.start(PUB, "CONTROLLED", "10.200.1.2")) {
      waitForCoturn(coturnDir, coturn);
      List<String> privCands = new ArrayList<>();
      List<String> pubCands = new ArrayList<>();
      String privSelected = null;
      String pubSelected = null;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while ((privSelected == null || pubSelected == null) && System.nanoTime() < end) {
        String l = priv.lines.poll(10, TimeUnit.MILLISECONDS);
        if (l != null) {
          if (l.startsWith("SELECTED")) {
            privSelected = l;
          } else {
            if (l.startsWith("CAND")) {
              privCands.add(l);
            }
            pub.send(l);
          }
        }
        l = pub.lines.poll(10, TimeUnit.MILLISECONDS);
        if (l != null) {
          if (l.startsWith("SELECTED")) {
            pubSelected = l;
          } else {
            if (l.startsWith("CAND")) {
              pubCands.add(l);
            }
            priv.send(l);
          }
        }
      }
      assertTrue(privSelected != null && pubSelected != null,
          "both selected a pair; private: " + privSelected + ", public: " + pubSelected + ", log: " + priv.err());
      Candidate srflx = privCands.stream().map(s -> parse(s.substring(5)))
          .filter(c -> c.type() == CandidateType.SRFLX).findFirst().orElseThrow();
      assertEquals("10.200.1.1", srflx.address(), "the NAT's address");
      assertEquals("10.200.2.2", srflx.relatedAddress(), "behind it, the host address");
      assertTrue(privCands.stream().anyMatch(s -> s.contains(" 10.200.2.2 ") && s.contains("typ host")));
      assertEquals("SELECTED 10.200.2.2 10.200.1.2 HOST", privSelected);
      assertTrue(pubSelected.startsWith("SELECTED 10.200.1.2 10.200.1.1 "), pubSelected);

      priv.send("SEND hello from behind the NAT");
      assertEquals("SENT true", priv.await("SENT"));
      assertEquals("GOT hello from behind the NAT", pub.await("GOT"));
      pub.send("SEND hello back");
      assertEquals("SENT true", pub.await("SENT"));
      assertEquals("GOT hello back", priv.await("GOT"));
    }
  }

  private static Candidate parse(String line) {
    try {
      return Candidate.parse(line);
    } catch (CandidateParseException e) {
      throw new AssertionError(e);
    }
  }

  private static void waitForCoturn(Path coturnDir, Coturn coturn) throws Exception {
    Path log = coturn.log;
    for (int i = 0; i < 100; i++) {
      if (Files.exists(log) && Files.readString(log).contains("listener opened on")) {
        return;
      }
      Thread.sleep(50);
    }
  }

  /** A NatPeer process in a namespace. */
  static final class Peer implements AutoCloseable {
    final Process process;
    final PrintStream in;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Path errFile;

    private Peer(Process process, Path errFile) {
      this.process = process;
      this.errFile = errFile;
      this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String l; (l = r.readLine()) != null; ) {
            lines.add(l);
          }
        } catch (IOException e) {
          // process gone
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    static Peer start(String ns, String role, String ip) throws IOException {
      String java = ProcessHandle.current().info().command().orElse("java");
      // Tests run on the module path: the module's classes are on jdk.module.path, the test classes
      // and the rest on the class path. The child takes them all on its class path.
      String cp = Stream.of(System.getProperty("jdk.module.path", ""),
              System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")))
          .filter(s -> !s.isEmpty()).collect(Collectors.joining(File.pathSeparator));
      Path err = dir.resolve(ns + ".err");
      Process p = new ProcessBuilder("ip", "netns", "exec", ns, java, "-cp", cp, NatPeer.class.getName(), role, ip,
          "10.200.1.2:3478").redirectError(err.toFile()).start();
      return new Peer(p, err);
    }

    void send(String line) {
      in.println(line);
    }

    String await(String prefix) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < end) {
        String l = lines.poll(50, TimeUnit.MILLISECONDS);
        if (l != null && l.startsWith(prefix)) {
          return l;
        }
      }
      return null;
    }

    String err() {
      try {
        return Files.readString(errFile);
      } catch (IOException e) {
        return "";
      }
    }

    @Override
    public void close() {
      send("QUIT");
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    int rc = sh(cmd);
    if (rc != 0) {
      throw new IOException(String.join(" ", cmd) + " exited with " + rc);
    }
  }

  private static int sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
