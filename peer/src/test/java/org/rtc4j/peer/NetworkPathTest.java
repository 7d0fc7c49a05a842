package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole calls through a NAT and a firewall made of network namespaces (issue 15), one
 * {@link NetworkPathPeer} process on each side:
 *
 * <pre>
 *  [priv] 10.201.2.2 --veth-- 10.201.2.1 [fw: nftables masquerade + forward filter] 10.201.1.1 --veth-- 10.201.1.2 [pub]
 *         NetworkPathPeer (offerer)                                                            NetworkPathPeer (answerer), coturn
 * </pre>
 *
 * The public side cannot route to 10.201.2.0/24; the firewall namespace masquerades the private
 * side and filters what it forwards, per test: UDP to the peer dropped but UDP to coturn's port
 * let through (TURN over UDP is the only way), and everything dropped (failed on time). A data
 * channel message is echoed end to end, and the selected pair is read from the stats. Needs root,
 * iproute2, nftables and coturn; skips with a message otherwise. The namespaces carry the test's
 * process id and are deleted afterwards; nothing is sent outside them.
 */
@Timeout(180)
class NetworkPathTest {
  static final String ID = "r4jnp" + (ProcessHandle.current().pid() % 100_000);
  static final String PRIV = ID + "-priv";
  static final String FW = ID + "-fw";
  static final String PUB = ID + "-pub";
  static final String PRIV_IP = "10.201.2.2";
  static final String PUB_IP = "10.201.1.2";
  static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
  /** UDP between the sides dropped, but to and from coturn's listening port. */
  static final String UDP_ONLY_TO_TURN = "ip daddr " + PUB_IP + " udp dport 3478 accept\n"
      + "    ip saddr " + PUB_IP + " udp sport 3478 accept\n    meta l4proto udp drop\n";
  /** Every UDP datagram between the sides dropped; TCP passes. */
  static final String UDP_BLOCKED = "meta l4proto udp drop\n";
  /** UDP and TCP between the sides dropped. */
  static final String ALL_BLOCKED = "meta l4proto { udp, tcp } drop\n";

  @TempDir
  static Path dir;
  static Process coturn;
  /** coturn's TLS certificate (PEM), or null when openssl could not make one. */
  static Path certPem;

  @BeforeAll
  static void topology() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(TURNSERVER), "coturn is not installed (/usr/bin/turnserver)");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "iproute2 (ip) is not installed");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nft")), "nftables (nft) is not installed");
    cleanup();
    Assumptions.assumeTrue(sh("ip", "netns", "add", PRIV) == 0,
        "cannot create network namespaces (needs root / CAP_SYS_ADMIN): skipping");
    run("ip", "netns", "add", FW);
    run("ip", "netns", "add", PUB);
    run("ip", "-n", PRIV, "link", "add", "vp0", "type", "veth", "peer", "name", "vp1", "netns", FW);
    run("ip", "-n", PUB, "link", "add", "vu0", "type", "veth", "peer", "name", "vu1", "netns", FW);
    run("ip", "-n", PRIV, "addr", "add", PRIV_IP + "/24", "dev", "vp0");
    run("ip", "-n", FW, "addr", "add", "10.201.2.1/24", "dev", "vp1");
    run("ip", "-n", FW, "addr", "add", "10.201.1.1/24", "dev", "vu1");
    run("ip", "-n", PUB, "addr", "add", PUB_IP + "/24", "dev", "vu0");
    for (String[] l : new String[][] {{PRIV, "vp0"}, {PRIV, "lo"}, {FW, "vp1"}, {FW, "vu1"}, {FW, "lo"},
        {PUB, "vu0"}, {PUB, "lo"}}) {
      run("ip", "-n", l[0], "link", "set", l[1], "up");
    }
    run("ip", "-n", PRIV, "route", "add", "default", "via", "10.201.2.1");
    run("ip", "netns", "exec", FW, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    Path nat = dir.resolve("nat.nft");
    Files.writeString(nat, "table ip r4jnat {\n  chain post {\n    type nat hook postrouting priority 100;\n"
        + "    oifname \"vu1\" masquerade\n  }\n}\n");
    run("ip", "netns", "exec", FW, "nft", "-f", nat.toString());
    startCoturn();
  }

  private static void startCoturn() throws Exception {
    Path d = Files.createDirectories(dir.resolve("coturn"));
    Path log = d.resolve("turnserver.log");
    // TURN over TLS: a self-signed ECDSA certificate for the server's address, made here.
    certPem = d.resolve("cert.pem");
    Path key = d.resolve("key.pem");
    boolean tls = Files.isExecutable(Path.of("/usr/bin/openssl")) && sh("openssl", "req", "-x509", "-newkey", "ec",
        "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", certPem.toString(),
        "-days", "2", "-subj", "/CN=rtc4j test TURN", "-addext", "subjectAltName=IP:" + PUB_IP) == 0;
    if (!tls) {
      certPem = null;
    }
    List<String> conf = new ArrayList<>(List.of("listening-ip=" + PUB_IP, "relay-ip=" + PUB_IP,
        "listening-port=3478", "min-port=49152", "max-port=49300", "lt-cred-mech",
        "user=" + NetworkPathPeer.USER + ":" + NetworkPathPeer.PASSWORD, "realm=rtc4j.test", "no-cli",
        "no-dtls", "no-rfc5780", "no-software-attribute", "simple-log", "verbose", "log-file=" + log,
        "pidfile=" + d.resolve("turnserver.pid"), "userdb=" + d.resolve("turndb")));
    conf.addAll(tls ? List.of("tls-listening-port=5349", "cert=" + certPem, "pkey=" + key) : List.of("no-tls"));
    conf.add("");
    Files.writeString(d.resolve("turnserver.conf"), String.join("\n", conf));
    coturn = new ProcessBuilder("ip", "netns", "exec", PUB, TURNSERVER.toString(), "-c",
        d.resolve("turnserver.conf").toString()).redirectErrorStream(true)
        .redirectOutput(d.resolve("turnserver.out").toFile()).start();
    for (int i = 0; i < 100; i++) { // bounded: 5 s
      if (Files.exists(log) && Files.readString(log).contains("listener opened on")) {
        return;
      }
      assertTrue(coturn.isAlive(), "coturn exited: " + Files.readString(d.resolve("turnserver.out")));
      Thread.sleep(50);
    }
    throw new AssertionError("coturn did not open its listeners");
  }

  @AfterAll
  static void cleanup() throws Exception {
    if (coturn != null) {
      coturn.destroy();
      if (!coturn.waitFor(5, TimeUnit.SECONDS)) {
        coturn.destroyForcibly();
      }
      coturn = null;
    }
    for (String ns : List.of(PRIV, FW, PUB)) {
      sh("ip", "netns", "del", ns);
    }
  }

  /** Replaces the firewall's forward filter with {@code rules}. */
  private static void firewall(String rules) throws Exception {
    sh("ip", "netns", "exec", FW, "nft", "delete", "table", "inet", "r4jfw");
    Path f = dir.resolve("fw.nft");
    Files.writeString(f, "table inet r4jfw {\n  chain forward_filter {\n    type filter hook forward priority 0; policy accept;\n    "
        + rules + "  }\n}\n");
    run("ip", "netns", "exec", FW, "nft", "-f", f.toString());
  }

  /** What both sides printed, once {@code done} held for both (or the time ran out). */
  record Call(List<String> priv, List<String> pub) {
    String all() {
      return "private side:\n  " + String.join("\n  ", priv) + "\npublic side:\n  " + String.join("\n  ", pub);
    }

    static String first(List<String> lines, String prefix) {
      return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
    }
  }

  /** Runs a call: the offerer in the private namespace, the answerer in the public one. */
  private static Call call(List<String> privOptions, List<String> pubOptions, Predicate<List<String>> privDone,
      Predicate<List<String>> pubDone, long seconds) throws Exception {
    try (Peer priv = Peer.start(PRIV, "offer", PRIV_IP, privOptions);
        Peer pub = Peer.start(PUB, "answer", PUB_IP, pubOptions)) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (!(privDone.test(priv.seen) && pubDone.test(pub.seen)) && System.nanoTime() < end) {
        boolean idle = !priv.relayTo(pub) & !pub.relayTo(priv);
        if (idle) {
          Thread.sleep(10);
        }
      }
      Call c = new Call(List.copyOf(priv.seen), List.copyOf(pub.seen));
      return new Call(withErr(c.priv, priv), withErr(c.pub, pub));
    }
  }

  private static List<String> withErr(List<String> lines, Peer p) {
    List<String> l = new ArrayList<>(lines);
    String err = p.err();
    if (!err.isBlank()) {
      l.add("stderr: " + err.strip().replace("\n", "\n    "));
    }
    return l;
  }

  private static Predicate<List<String>> has(String prefix) {
    return lines -> lines.stream().anyMatch(l -> l.startsWith(prefix));
  }

  @Test
  void turnOverUdpWhenUdpToThePeerIsBlocked() throws Exception {
    firewall(UDP_ONLY_TO_TURN);
    relayedCall("udp", List.of("turn=turn:" + PUB_IP + ":3478"));
  }

  @Test
  void turnOverTcpWhenUdpIsBlocked() throws Exception {
    firewall(UDP_BLOCKED);
    relayedCall("tcp", List.of("turn=turn:" + PUB_IP + ":3478?transport=tcp"));
  }

  @Test
  void turnOverTlsRelayOnlyWhenUdpIsBlocked() throws Exception {
    Assumptions.assumeTrue(certPem != null, "openssl could not make a certificate for coturn's TLS listener");
    firewall(UDP_BLOCKED);
    relayedCall("tls", List.of("turn=turns:" + PUB_IP + ":5349", "ca=" + certPem, "relay-only"));
  }

  /**
   * A call where only the private side's relay works: the message is echoed, the private side's
   * selected local candidate is its relay reached over {@code relayProtocol}, and the public side
   * talks to that relay.
   */
  private static void relayedCall(String relayProtocol, List<String> privOptions) throws Exception {
    Call c = call(privOptions, List.of(), has("ECHO").and(has("SELECTED")), has("SELECTED"), 60);
    String all = c.all();
    System.out.println("NetworkPathTest: TURN over " + relayProtocol + " " + privOptions + "\n" + all);
    assertEquals("ECHO echo ping through the firewall", Call.first(c.priv(), "ECHO"), all);
    String selected = Call.first(c.priv(), "SELECTED");
    assertTrue(selected != null && selected.startsWith("SELECTED local=relay/udp/" + relayProtocol + " "), all);
    assertTrue(Call.first(c.pub(), "SELECTED").contains(" remote=relay/udp"), "the public side talks to the relay: " + all);
  }

  @Test
  void turnOverTlsWithoutTrustGivesAnErrorNotACall() throws Exception {
    Assumptions.assumeTrue(certPem != null, "openssl could not make a certificate for coturn's TLS listener");
    firewall(UDP_BLOCKED);
    // No ca=: the JDK's default trust store does not know the test's self-signed certificate.
    Call c = call(List.of("turn=turns:" + PUB_IP + ":5349", "relay-only", "failure-ms=1000"), List.of("failure-ms=1000"),
        has("CANDERROR").and(has("STATE failed")), l -> true, 40);
    String all = c.all();
    System.out.println("NetworkPathTest: TURN over TLS, certificate not trusted\n" + all);
    assertTrue(Call.first(c.priv(), "CANDERROR") != null, "an icecandidateerror event: " + all);
    assertTrue(Call.first(c.priv(), "STATE failed") != null, all);
    assertTrue(c.priv().stream().noneMatch(l -> l.startsWith("ECHO")), all);
  }

  @Test
  void iceTcpWhenUdpIsBlocked() throws Exception {
    firewall(UDP_BLOCKED);
    Call c = call(List.of("ice-tcp"), List.of("ice-tcp"), has("ECHO").and(has("SELECTED")), has("SELECTED"), 60);
    String all = c.all();
    System.out.println("NetworkPathTest: ICE-TCP\n" + all);
    assertEquals("ECHO echo ping through the firewall", Call.first(c.priv(), "ECHO"), all);
    String selected = Call.first(c.priv(), "SELECTED");
    // The private side's active connection reaches the public side's passive candidate; the public
    // side sees it from the NAT's address (peer-reflexive).
    assertTrue(selected != null && selected.startsWith("SELECTED local=host/tcp/") && selected.endsWith("/tcp"), all);
    assertTrue(Call.first(c.pub(), "SELECTED").startsWith("SELECTED local=host/tcp/"), all);
  }

  /**
   * With every path blocked, ICE fails when the checks have given up plus the failure timeout,
   * whatever else was configured: a TURN server over UDP or TCP and ICE-TCP give up with the
   * checks (7.9 s), not after RFC 8489's 39.5 s.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"udp", "turn-udp", "turn-tcp+ice-tcp"})
  void everythingBlockedFailsOnTime(String paths) throws Exception {
    firewall(ALL_BLOCKED);
    long timeoutMs = 2_000;
    List<String> options = new ArrayList<>(List.of("failure-ms=" + timeoutMs));
    List<String> pubOptions = new ArrayList<>(options);
    if (paths.equals("turn-udp")) {
      options.add("turn=turn:" + PUB_IP + ":3478");
    } else if (paths.equals("turn-tcp+ice-tcp")) {
      options.add("turn=turn:" + PUB_IP + ":3478?transport=tcp");
      options.add("ice-tcp");
      pubOptions.add("ice-tcp");
    }
    Call c = call(options, pubOptions, has("STATE failed"), has("STATE failed"), 60);
    String all = c.all();
    System.out.println("NetworkPathTest: everything blocked (" + paths + "), iceFailureTimeout " + timeoutMs
        + " ms\n" + all);
    for (List<String> side : List.of(c.priv(), c.pub())) {
      // The checks give up after 7.9 s (RTO 100 ms, 7 transmissions, Rm 16), then the timeout runs.
      long ice = msOf(side, "ICE failed ", all);
      long state = msOf(side, "STATE failed ", all);
      assertTrue(ice >= 7_900 + timeoutMs - 200 && ice <= 7_900 + timeoutMs + MARGIN_MS, ice + " ms\n" + all);
      assertTrue(state >= ice && state <= ice + 100, "the connection state follows ICE: " + all);
    }
  }

  /** Allowance for a loaded machine. */
  static final long MARGIN_MS = 5_000;

  private static long msOf(List<String> lines, String prefix, String all) {
    String l = Call.first(lines, prefix);
    assertTrue(l != null, "no '" + prefix + "': " + all);
    return Long.parseLong(l.substring(prefix.length()).trim());
  }

  /** One {@link NetworkPathPeer} in a namespace. */
  static final class Peer implements AutoCloseable {
    final Process process;
    final PrintStream in;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> seen = new CopyOnWriteArrayList<>();
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
          // the process is gone
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    static Peer start(String ns, String role, String ip, List<String> options) throws IOException {
      String java = ProcessHandle.current().info().command().orElse("java");
      // Tests run on the module path: the module's classes are on jdk.module.path, the test classes
      // and the rest on the class path. The child takes them all on its class path.
      String cp = Stream.of(System.getProperty("jdk.module.path", ""),
              System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")))
          .filter(s -> !s.isEmpty()).collect(Collectors.joining(File.pathSeparator));
      Path err = dir.resolve(ns + "-" + System.nanoTime() + ".err");
      List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, java, "-cp", cp,
          "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider", "-Dslf4j.internal.verbosity=WARN",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
          NetworkPathPeer.class.getName(), role, ip));
      cmd.addAll(options);
      Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
      return new Peer(p, err);
    }

    /** Passes this side's signaling lines to {@code other}, keeps every line; false when none came. */
    boolean relayTo(Peer other) {
      boolean any = false;
      for (String l; (l = lines.poll()) != null; any = true) {
        if (l.startsWith("SDP ") || l.startsWith("CAND ")) {
          other.in.println(l);
          seen.add(l.substring(0, l.indexOf(' ')));
        } else {
          seen.add(l);
        }
      }
      return any;
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
      in.println("QUIT");
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void run(String... cmd) throws Exception {
    int rc = sh(cmd);
    if (rc != 0) {
      throw new IOException(String.join(" ", cmd) + " exited with " + rc);
    }
  }

  private static int sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
