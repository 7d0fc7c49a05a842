package org.rtc4j.media;

/**
 * Splits encoded frames into RTP payloads no larger than {@link #maxPayloadSize()}.
 *
 * <p>Sans-IO and allocation-free: the caller hands over a frame (borrowed until its last payload
 * has been taken) and pulls payloads into its own packet buffers, leaving room in front for the RTP
 * header. For each payload the packetizer reports the RTP marker bit and timestamp to use:
 *
 * <pre>{@code
 * packetizer.packetize(frame, 0, frame.length, rtpTimestamp);
 * while (packetizer.hasNext()) {
 *     int len = packetizer.next(packet, RTP_HEADER_SIZE);
 *     writeRtpHeader(packet, seq++, packetizer.timestamp(), packetizer.marker());
 *     send(packet, 0, RTP_HEADER_SIZE + len);
 * }
 * }</pre>
 *
 * <p>One instance per outgoing stream; not thread-safe (the owning event loop is the lock).
 */
public interface Packetizer {

    Codec codec();

    /** The largest payload {@link #next} writes. */
    int maxPayloadSize();

    /**
     * Starts a new frame; any payloads of the previous frame not yet taken are discarded.
     *
     * @throws MediaFormatException if the frame cannot be packetized (no Annex B start code, a
     *     malformed OBU, an audio frame larger than one payload, ...)
     */
    void packetize(byte[] frame, int off, int len, long rtpTimestamp) throws MediaFormatException;

    /** Whether the current frame has payloads left. */
    boolean hasNext();

    /**
     * Writes the next payload at {@code dst[off]}; {@code dst} must have {@link #maxPayloadSize()}
     * bytes of room there. Returns the payload length.
     *
     * @throws java.util.NoSuchElementException if {@link #hasNext()} is false
     */
    int next(byte[] dst, int off);

    /** The RTP marker bit for the payload last written by {@link #next}. */
    boolean marker();

    /** The RTP timestamp (unsigned 32 bits) for the payload last written by {@link #next}. */
    long timestamp();
}
