package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * rtc4j to rtc4j over real sockets under 30% loss: a network namespace of the test's own where
 * nftables drops 30% of the UDP datagrams on input ({@code meta l4proto udp numgen random mod 100
 * < 30 drop}; this kernel has no netem), with a signaling server and two {@code rtc4j peer}
 * processes inside (the signaling runs over TCP and is not dropped). ICE and DTLS complete, and
 * audio keeps flowing both ways for the 10 s of the call. Needs root; skipped with the reason
 * otherwise.
 */
@Timeout(300)
class ImpairedNetworkIT {
    private static final Pattern PORT = Pattern.compile("ws://[^:/]+:(\\d+)/");

    @Test
    void iceAndDtlsCompleteUnderThirtyPercentLossAndAudioFlows() throws Exception {
        String why = NetNamespace.unavailable();
        assumeTrue(why == null, why);
        try (NetNamespace ns = NetNamespace.create("hostile")) {
            ns.loss(30);
            try (Cli signal = Cli.startWith(ns.prefix(), "signal", "--port", "0")) {
                Matcher m = PORT.matcher(signal.await(l -> l.contains("ws://"), 60));
                assertTrue(m.find());
                String url = "ws://127.0.0.1:" + m.group(1) + "/lossy";
                try (Cli a = Cli.startWith(ns.prefix(), "peer", "--signal", url, "--seconds", "10", "--name", "a", "--wait", "90");
                        Cli b = Cli.startWith(ns.prefix(), "peer", "--signal", url, "--seconds", "10", "--name", "b",
                                "--wait", "90")) {
                    a.waitFor(180);
                    b.waitFor(180);
                    JsonNode sa = a.summary();
                    JsonNode sb = b.summary();
                    String where = "a: " + sa + "\nb: " + sb + "\nnftables: " + ns.ruleset();
                    System.out.println("30% loss: connect a " + sa.path("connectionMs") + " ms, b " + sb.path("connectionMs")
                            + " ms; a " + sa.path("tracks") + "; b " + sb.path("tracks"));
                    assertTrue(sa.path("connectionMs").isNumber() && sb.path("connectionMs").isNumber(),
                            "ICE and DTLS completed on both sides: " + where);
                    assertAudioFlowed(sa, sb, where);
                    assertAudioFlowed(sb, sa, where);
                }
            }
        }
    }

    /** {@code to} received at least half the audio packets {@code from} sent (30% were dropped), and frames. */
    private static void assertAudioFlowed(JsonNode from, JsonNode to, String where) {
        long sent = track(from, "send").path("packets").asLong();
        JsonNode got = track(to, "recv");
        assertTrue(sent >= 300, "about 10 s of audio sent: " + where);
        assertTrue(got.path("packets").asLong() >= sent / 2 && got.path("frames").asLong() >= sent / 2,
                "audio kept flowing: " + got + " of " + sent + " sent; " + where);
    }

    private static JsonNode track(JsonNode summary, String direction) {
        for (JsonNode t : summary.path("tracks")) {
            if ("audio".equals(t.path("kind").asText()) && direction.equals(t.path("direction").asText())) {
                return t;
            }
        }
        throw new AssertionError("no " + direction + " audio track in " + summary);
    }
}
