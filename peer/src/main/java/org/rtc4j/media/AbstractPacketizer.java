package org.rtc4j.media;

import java.util.NoSuchElementException;

/**
 * The bookkeeping every {@link Packetizer} shares: the codec, the payload limit, the RTP timestamp and marker
 * bit of the payload last written, and the {@link #next} guard. A format supplies only
 * {@link #packetize}, {@link #hasNext} and {@link #write}, the format-specific part.
 *
 * <p>Allocation-free like the interface it implements.
 */
public abstract class AbstractPacketizer implements Packetizer {

    private final Codec codec;
    private final String formatName;
    private final int maxPayloadSize;
    private long timestamp;
    private boolean marker;

    /**
     * @param formatName the format's name in error messages
     * @param minimum the smallest payload limit the format works with (its headers and one byte of data)
     */
    protected AbstractPacketizer(Codec codec, String formatName, int maxPayloadSize, int minimum) {
        if (maxPayloadSize < minimum) {
            throw new IllegalArgumentException("maxPayloadSize too small for " + formatName + ": " + maxPayloadSize);
        }
        this.codec = codec;
        this.formatName = formatName;
        this.maxPayloadSize = maxPayloadSize;
    }

    @Override
    public final Codec codec() {
        return codec;
    }

    @Override
    public final int next(byte[] dst, int off) {
        if (!hasNext()) {
            throw new NoSuchElementException("no " + formatName + " payload left");
        }
        return write(dst, off);
    }

    @Override
    public final int maxPayloadSize() {
        return maxPayloadSize;
    }

    /**
     * Writes the next payload at {@code dst[off]} (there is one: {@link #hasNext()} is true),
     * sets the {@linkplain #marker(boolean) marker} and returns the payload length.
     */
    protected abstract int write(byte[] dst, int off);

    /** Sets the RTP timestamp reported for the following payloads (reduced to 32 bits). */
    protected final void timestamp(long rtpTimestamp) {
        this.timestamp = rtpTimestamp & 0xFFFF_FFFFL;
    }

    @Override
    public final long timestamp() {
        return timestamp;
    }

    /** Sets the marker bit reported for the payload being written. */
    protected final void marker(boolean marker) {
        this.marker = marker;
    }

    @Override
    public final boolean marker() {
        return marker;
    }
}
