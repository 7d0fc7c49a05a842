package org.rtc4j.bench.peer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;

/**
 * {@link BrowserConnectTime} with headless Firefox ESR: time from Firefox's {@code createOffer()}
 * to both sides connected, Firefox offering one audio section and rtc4j answering over 127.0.0.1.
 * Firefox gets the preferences {@code FirefoxInteropTest} uses (fake media without prompts,
 * loopback candidates, nothing that reaches out; the bench jar carries a copy of
 * {@code peer/src/test/resources/firefox/user.js}) and {@code MOZ_DISABLE_NONLOCAL_CONNECTIONS=1}.
 *
 * <pre>
 * ip netns add rtc4j-bench; ip netns exec rtc4j-bench ip link set lo up
 * ip netns exec rtc4j-bench java -cp bench/target/benchmarks.jar org.rtc4j.bench.peer.FirefoxConnectTime 50 20
 * ip netns del rtc4j-bench
 * </pre>
 *
 * <p>Arguments: measured runs, warm-up runs, and {@code rtc4j-dtls-server} to make the browser
 * the DTLS client (see {@link BrowserConnectTime#run}).
 */
public final class FirefoxConnectTime {
  private FirefoxConnectTime() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    boolean rtc4jDtlsServer = args.length > 2 && args[2].equals("rtc4j-dtls-server");
    BrowserConnectTime.run("Firefox", (url, profile) -> {
      try (InputStream prefs = FirefoxConnectTime.class.getResourceAsStream("/firefox/user.js")) {
        if (prefs == null) {
          throw new IOException("firefox/user.js is not in the bench jar");
        }
        Files.write(profile.resolve("user.js"), prefs.readAllBytes());
      }
      ProcessBuilder pb = new ProcessBuilder("/usr/bin/firefox-esr", "--headless", "--no-remote", "--profile",
          profile.toString(), url).redirectErrorStream(true).redirectOutput(profile.resolve("firefox.log").toFile());
      pb.environment().put("MOZ_DISABLE_NONLOCAL_CONNECTIONS", "1");
      return pb.start();
    }, runs, warmup, rtc4jDtlsServer);
  }
}
