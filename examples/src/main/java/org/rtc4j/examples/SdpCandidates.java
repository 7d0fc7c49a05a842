package org.rtc4j.examples;

import java.util.List;

/**
 * Puts gathered ICE candidates into an SDP for the endpoints that do not trickle (WHIP, WHEP and
 * the demo exchange one offer and one answer over HTTP): {@code a=candidate} lines and
 * {@code a=end-of-candidates} at the end of every m-section (RFC 8839 §5.1, §5.2; with BUNDLE the
 * first section's would do, but a peer may reject the bundle).
 */
final class SdpCandidates {

    private SdpCandidates() {}

    /**
     * @param candidates candidate attribute values ({@code candidate:...}, without {@code a=})
     */
    static String withCandidates(String sdp, List<String> candidates) {
        if (sdp.contains("\na=candidate:")) {
            return sdp; // the stack put them in already
        }
        String eol = sdp.contains("\r\n") ? "\r\n" : "\n";
        StringBuilder block = new StringBuilder();
        for (String c : candidates) {
            block.append("a=").append(c.startsWith("candidate:") ? c : "candidate:" + c).append(eol);
        }
        if (!sdp.contains("\na=end-of-candidates")) {
            block.append("a=end-of-candidates").append(eol);
        }
        String[] lines = sdp.split("\r?\n", -1);
        StringBuilder out = new StringBuilder(sdp.length() + block.length() * 4);
        boolean inMedia = false;
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("m=")) {
                if (inMedia) {
                    out.append(block);
                }
                inMedia = true;
            }
            out.append(line).append(eol);
        }
        if (inMedia) {
            out.append(block);
        }
        return out.toString();
    }
}
