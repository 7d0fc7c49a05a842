package org.rtc4j.media;

/**
 * The payload formats rtc4j packetizes and depacketizes, with their RTP clock rates.
 */
public enum Codec {
    /** Opus, RFC 7587: one Opus packet per RTP packet, 48 kHz clock whatever the input rate. */
    OPUS("opus", 48_000, true),
    /** G.711 mu-law, RFC 3551 §4.5.14, static payload type 0. */
    PCMU("PCMU", 8_000, true),
    /** G.711 A-law, RFC 3551 §4.5.14, static payload type 8. */
    PCMA("PCMA", 8_000, true),
    /** VP8, RFC 7741. */
    VP8("VP8", 90_000, false),
    /** VP9, RFC 9628. */
    VP9("VP9", 90_000, false),
    /** H.264, RFC 6184, packetization-mode 1. */
    H264("H264", 90_000, false),
    /** AV1, the AOM "RTP Payload Format For AV1". */
    AV1("AV1", 90_000, false);

    private final String encodingName;
    private final int clockRate;
    private final boolean audio;

    Codec(String encodingName, int clockRate, boolean audio) {
        this.encodingName = encodingName;
        this.clockRate = clockRate;
        this.audio = audio;
    }

    /** The encoding name as it appears in SDP {@code a=rtpmap}. */
    public String encodingName() {
        return encodingName;
    }

    /** The RTP timestamp clock rate in Hz. */
    public int clockRate() {
        return clockRate;
    }

    /** Whether this is an audio format (every frame is one packet, there are no keyframes). */
    public boolean isAudio() {
        return audio;
    }
}
