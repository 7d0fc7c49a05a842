package org.rtc4j.bench.peer;

import java.util.List;

/**
 * {@link BrowserConnectTime} with headless Chromium: time from Chromium's {@code createOffer()} to
 * both sides connected, Chromium offering one audio section and rtc4j answering over 127.0.0.1.
 *
 * <p>Runs only where nothing but loopback is up (Chromium gathers on every interface and sends
 * mDNS): inside a loopback-only network namespace.
 *
 * <pre>
 * ip netns add rtc4j-bench; ip netns exec rtc4j-bench ip link set lo up
 * ip netns exec rtc4j-bench java -cp bench/target/benchmarks.jar org.rtc4j.bench.peer.ChromiumConnectTime 50 20
 * ip netns del rtc4j-bench
 * </pre>
 *
 * <p>Arguments: measured runs, warm-up runs, and {@code rtc4j-dtls-server} to make the browser
 * the DTLS client (see {@link BrowserConnectTime#run}).
 */
public final class ChromiumConnectTime {
  private ChromiumConnectTime() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    boolean rtc4jDtlsServer = args.length > 2 && args[2].equals("rtc4j-dtls-server");
    BrowserConnectTime.run("Chromium", (url, profile) -> new ProcessBuilder(List.of("/usr/bin/chromium", "--headless",
        "--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        "--allow-loopback-in-peer-connection", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync", "--disable-quic",
        "--disable-features=WebRtcHideLocalIpsWithMdns", "--user-data-dir=" + profile, url))
        .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start(),
        runs, warmup, rtc4jDtlsServer);
  }
}
