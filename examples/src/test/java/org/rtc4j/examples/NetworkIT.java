package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * rtc4j and headless Chromium over real sockets through a shaped network: a network namespace of
 * the test's own where nftables drops datagrams (this kernel has no netem) and the servers and the
 * browser run, the test's JVM outside driving Chromium through its DevTools pipe. One namespace
 * and one browser serve both tests.
 *
 * <ul>
 *   <li>Loss: {@code rtc4j whep-server} streams the bundled VP8 clip to a WHEP page while 10% of the
 *       UDP datagrams are dropped on input (each way): Chromium decodes at least 90% of the 240
 *       frames of the first 8 s.
 *   <li>Estimates: the demo page, rtc4j sending to Chromium and Chromium's camera to rtc4j. On the
 *       clean link rtc4j's estimate (fed by Chromium's transport-cc feedback) is plausible and
 *       Chromium's (fed by rtc4j's) rises; under an nftables rate limit each way both fall.
 * </ul>
 *
 * Needs root (namespaces, nftables) and Chromium; skipped with the reason otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class NetworkIT {
    private NetNamespace ns;
    private PipeChromium browser;

    @BeforeAll
    void start() throws Exception {
        String why = NetNamespace.unavailable();
        assumeTrue(why == null, why);
        assumeTrue(DemoIT.chromium() != null, "chromium is not installed (apt-get install chromium)");
        ns = NetNamespace.create("netit");
        browser = PipeChromium.launch(ns.prefix(), DemoIT.chromium());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    /**
     * 30% of the UDP datagrams dropped on input each way from before the offer: Chromium's ICE and
     * DTLS with rtc4j complete, and rtc4j's Opus keeps arriving (at least half of the 50 packets a
     * second sent over 6 s).
     */
    @Test
    void chromiumConnectsAndHearsRtc4jUnderThirtyPercentLoss() throws Exception {
        Path page = LossHarness.whepPage();
        try (Cli server = Cli.startWith(ns.prefix(), "whep-server", "--port", "0")) {
            String whep = MediaIT.url(server, "/whep");
            browser.navigate(page.toUri().toString());
            ns.loss(30);
            JsonNode r = browser.evaluateJson("whepAudio('" + whep + "', 6)");
            ns.loss(0);
            System.out.println("30% loss, Chromium: " + r);
            String where = "Chromium's view: " + r + "\nnftables: " + ns.ruleset() + "\nserver:\n" + server.stdout();
            assertTrue(r.path("connectMs").isNumber(), "connected: " + where);
            assertTrue(r.path("audioPacketsReceived").asLong() >= 150, "audio kept flowing: " + where);
            assertTrue(r.path("audioPacketsLost").asLong() > 0, "the loss reached the stream: " + where);
        } finally {
            ns.loss(0);
            Files.deleteIfExists(page);
        }
    }

    @Test
    void chromiumDecodesNinetyPercentOfRtc4jVideoUnderTenPercentLoss() throws Exception {
        Path page = LossHarness.whepPage();
        try (Cli server = Cli.startWith(ns.prefix(), "whep-server", "--port", "0")) {
            String whep = MediaIT.url(server, "/whep");
            browser.navigate(page.toUri().toString());
            ns.loss(10);
            JsonNode r = browser.evaluateJson("whepPlay('" + whep + "', 8)");
            ns.loss(0);
            String where = "Chromium's view: " + r + "\nnftables: " + ns.ruleset() + "\nserver:\n" + server.stdout();
            System.out.println("10% loss: " + r);
            assertTrue(r.path("packetsLost").asLong() > 0 || r.path("nackCount").asLong() > 0,
                    "the loss reached the stream: " + where);
            assertTrue(r.path("retransmittedPacketsReceived").asLong() > 0, "rtc4j repaired by RTX: " + where);
            long decoded = r.path("framesDecoded").asLong();
            assertTrue(decoded >= 240 * 90 / 100, "Chromium decoded " + decoded + " of the 240 frames sent in 8 s; " + where);
        } finally {
            ns.loss(0);
            Files.deleteIfExists(page);
        }
    }

    /** One sample of both estimates, from the demo page ({@code window.rtc4jDemo}). */
    private record Sample(double seconds, double rtc4jKbps, double browserKbps) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0fs rtc4j %.0f browser %.0f", seconds, rtc4jKbps, browserKbps);
        }
    }

    private List<Sample> sample(double seconds, long t0, List<Sample> into) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            JsonNode d = browser.evaluateJson("JSON.stringify(window.rtc4jDemo || {})");
            into.add(new Sample((System.nanoTime() - t0) / 1e9, d.path("rtc4jEstimateKbps").asDouble(-1),
                    d.path("browserEstimateKbps").asDouble(-1)));
            Thread.sleep(1000);
        }
        return into;
    }

    private static double max(List<Sample> s, boolean rtc4j) {
        return s.stream().mapToDouble(x -> rtc4j ? x.rtc4jKbps() : x.browserKbps()).max().orElse(-1);
    }

    private static double last(List<Sample> s, boolean rtc4j) {
        Sample x = s.get(s.size() - 1);
        return rtc4j ? x.rtc4jKbps() : x.browserKbps();
    }

    /** Rate limits on rtc4j's port: kilobytes a second towards the browser, and from it. */
    private void limit(int port, int toBrowserKBps, int toRtc4jKBps) throws Exception {
        ns.rules("udp sport " + port + " limit rate over " + toBrowserKBps + " kbytes/second burst 4000 bytes drop\n"
                + "udp dport " + port + " limit rate over " + toRtc4jKBps + " kbytes/second burst 4000 bytes drop");
    }

    @Test
    void bothEstimatesRiseOnACleanLinkAndFallUnderARateLimit() throws Exception {
        try (Cli demo = Cli.startWith(ns.prefix(), "demo", "--port", "0", "--seconds", "200")) {
            // 640x480: Chromium's encoder may use up to 1.7 Mbit/s, so its estimate has room to grow.
            browser.navigate(MediaIT.url(demo, "/?camera=640x480"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            JsonNode d = null;
            while (System.nanoTime() < deadline) {
                d = browser.evaluateJson("JSON.stringify(window.rtc4jDemo || {})");
                if (d.path("state").asText().equals("connected") && d.path("rtc4jPort").asInt() > 0) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals("connected", d.path("state").asText(), "the demo connected: " + d + "\n" + demo.stdout());
            int port = d.path("rtc4jPort").asInt();
            long t0 = System.nanoTime();
            List<Sample> clean = sample(10, t0, new ArrayList<>());
            limit(port, 15, 20);
            List<Sample> limited = sample(12, t0, new ArrayList<>());
            ns.rules("");
            String where = "clean: " + clean + "\nlimited (15 kB/s to the browser, 20 kB/s to rtc4j): " + limited
                    + "\n" + d + "\nserver:\n" + demo.stdout();
            System.out.println(where);
            double rtc4jClean = last(clean, true);
            double browserPeak = max(clean, false);
            // rtc4j sends the clip (about 180 kbit/s of video and 30 kbit/s of Opus): its estimate
            // covers that and stays within what a loopback path plausibly reports.
            assertTrue(rtc4jClean >= 200 && rtc4jClean <= 100_000, "rtc4j's estimate on the clean link: " + where);
            // Chromium starts at 300 kbit/s; rtc4j's feedback lets it probe higher.
            assertTrue(browserPeak >= 600, "Chromium's estimate rises on the clean link: " + where);
            // 15 kB/s is 120 kbit/s (rtc4j sends about 250), 20 kB/s 160 kbit/s (Chromium about 500).
            double rtc4jLimited = last(limited, true);
            double browserLimited = last(limited, false);
            assertTrue(rtc4jLimited >= 0 && rtc4jLimited <= Math.min(0.7 * rtc4jClean, 2 * 120),
                    "rtc4j's estimate falls under the limit: " + where);
            assertTrue(browserLimited >= 0 && browserLimited <= Math.min(0.7 * browserPeak, 2 * 160),
                    "Chromium's estimate falls under the limit: " + where);
        } finally {
            ns.rules("");
        }
    }
}
