package org.rtc4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The measurement, by hand: {@code rtc4j whep-server} streams the bundled clip to headless
 * Chromium (a WHEP page) in a network namespace where nftables drops a share of the UDP datagrams;
 * for each loss level it prints what Chromium decoded in 8 s after its first decoded frame, and the
 * connect times. Needs root, {@code ip}, {@code nft} and Chromium. Run from the repository root:
 *
 * <pre>{@code
 * mvn -B -ntp -q -pl examples -am package dependency:build-classpath -DskipTests \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp "$(cat examples/target/test-classpath.txt):examples/target/test-classes:examples/target/classes" \
 *     -Drtc4j.jar=examples/target/rtc4j.jar org.rtc4j.examples.LossHarness 0,3,10 3 8
 * }</pre>
 *
 * (arguments: loss levels in %, plays per level, connects at the highest level).
 */
public final class LossHarness {

    private LossHarness() {}

    /** A whep-server and a browser in one namespace. */
    static final class Setup implements AutoCloseable {
        final NetNamespace ns;
        final Cli server;
        final PipeChromium browser;
        final String whepUrl;
        final Path page;

        Setup(String tag, String... serverArgs) throws Exception {
            String why = NetNamespace.unavailable();
            if (why != null) {
                throw new IllegalStateException(why);
            }
            ns = NetNamespace.create(tag);
            Cli s = null;
            PipeChromium b = null;
            try {
                List<String> args = new ArrayList<>(List.of("whep-server", "--port", "0"));
                args.addAll(Arrays.asList(serverArgs));
                s = Cli.startWith(ns.prefix(), args.toArray(String[]::new));
                whepUrl = MediaIT.url(s, "/whep");
                page = whepPage();
                b = PipeChromium.launch(ns.prefix(), DemoIT.chromium());
                b.navigate(page.toUri().toString());
            } catch (Exception | AssertionError e) {
                if (b != null) {
                    b.close();
                }
                if (s != null) {
                    s.close();
                }
                ns.close();
                throw e;
            }
            server = s;
            browser = b;
        }

        /** Plays for {@code seconds} after the first decoded frame; the page's JSON result. */
        JsonNode play(int seconds) throws Exception {
            return browser.evaluateJson("whepPlay('" + whepUrl + "', " + seconds + ")");
        }

        /** Connects and hangs up; the page's timings. */
        JsonNode connect() throws Exception {
            return browser.evaluateJson("whepConnect('" + whepUrl + "')");
        }

        @Override
        public void close() throws java.io.IOException {
            browser.close();
            server.close();
            ns.close();
            Files.deleteIfExists(page);
        }
    }

    /** The WHEP client page ({@code netem/whep.html}) in a temporary file, for a file:// URL. */
    static Path whepPage() throws java.io.IOException {
        Path page = Files.createTempFile("rtc4j-whep", ".html");
        try (var in = LossHarness.class.getResourceAsStream("/netem/whep.html")) {
            Files.write(page, in.readAllBytes());
        }
        return page;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public static void main(String[] args) throws Exception {
        int[] levels = Arrays.stream((args.length > 0 ? args[0] : "0,3,10").split(",")).mapToInt(Integer::parseInt).toArray();
        int plays = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int connects = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (Setup s = new Setup("lossharness")) {
            s.connect(); // warm the server and the browser
            for (int level : levels) {
                s.ns.loss(level);
                for (int i = 0; i < plays; i++) {
                    JsonNode r = s.play(8);
                    System.out.printf(Locale.ROOT, "loss %2d%% play %d: %s%n", level, i + 1, r);
                }
            }
            int top = Arrays.stream(levels).max().orElse(10);
            s.ns.loss(top);
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < connects; i++) {
                JsonNode r = s.connect();
                ms.add(r.path("connectMs").asDouble());
                System.out.printf(Locale.ROOT, "loss %2d%% connect %d: %s%n", top, i + 1, r);
            }
            ms.sort(null);
            System.out.printf(Locale.ROOT, "connect at %d%% loss: median %.0f ms, min %.0f, max %.0f over %d%n", top,
                    median(ms), ms.get(0), ms.get(ms.size() - 1), ms.size());
        }
    }
}
