package org.rtc4j.media;

/**
 * Turns the RTP payloads of one frame back into that frame. Used by {@link FrameAssembler}, which
 * finds frame boundaries and order; the depacketizer knows the payload format.
 *
 * <p>Two steps: {@link #inspect} validates one payload on arrival and classifies it (frame start,
 * frame end); {@link #append} is called for each payload of a complete frame, in sequence order,
 * and writes the media bytes into a {@link FrameBuffer}. Both throw {@link MediaFormatException}
 * for payloads that break the format; the assembler counts and drops those.
 */
public interface Depacketizer {

    /** The payload may begin a frame (an H.264 FU-A start, an AV1 packet without Z, ...). */
    int START = 1;
    /**
     * The payload certainly begins a frame, whatever came before it (a VP8 partition 0 start, a VP9
     * B bit, an AV1 N bit, an H.264 SPS or access unit delimiter, every audio packet).
     */
    int CERTAIN_START = 2;
    /** The payload ends a frame (the RTP marker bit, a VP9 E bit). */
    int END = 4;

    Codec codec();

    /**
     * Whether the payload format itself marks the last payload of every frame (VP9's E bit, RFC 9628
     * §4.2). Then a frame is complete only from a start to an {@link #END} payload with no sequence
     * gap; a payload with another timestamp after it, before its end, means the end was lost (or the
     * packet is not the sender's), never that the frame ended there. Formats without such a mark
     * (the marker bit can be lost with its packet) also end a frame where the timestamp changes.
     */
    default boolean marksFrameEnd() {
        return false;
    }

    /**
     * Validates a payload and returns its {@link #START} / {@link #CERTAIN_START} / {@link #END} flags.
     * {@code CERTAIN_START} implies {@code START}.
     */
    int inspect(byte[] payload, int off, int len, boolean marker) throws MediaFormatException;

    /**
     * Appends the media bytes of one payload to {@code frame}. {@code frame.packets() == 0} on the
     * first payload of a frame. May set {@link FrameBuffer#markKeyframe()}.
     */
    void append(FrameBuffer frame, byte[] payload, int off, int len) throws MediaFormatException;

    /** Called after the last payload of a frame; checks nothing is left half-done. */
    default void finish(FrameBuffer frame) throws MediaFormatException {}
}
