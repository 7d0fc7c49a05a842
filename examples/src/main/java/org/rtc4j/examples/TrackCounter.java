package org.rtc4j.examples;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.rtc4j.media.Codec;

/**
 * What one track carried in one direction: packets, bytes, frames and packets lost. Frames are
 * counted here as the application hands them over or gets them; packet figures come from the
 * PeerConnection's stats (W3C {@code outbound-rtp} / {@code inbound-rtp}) when it has them.
 * Written from the event loop or a pacer thread, read by the progress printer: plain atomics.
 */
public final class TrackCounter {

    /** Which way the media flows, seen from this process. */
    public enum Direction {
        SEND, RECV;

        String label() {
            return this == SEND ? "send" : "recv";
        }
    }

    private final String name;
    private final Direction direction;
    private volatile Codec codec;
    private volatile String kind;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong frameBytes = new AtomicLong();
    private volatile long packets = -1;
    private volatile long bytes = -1;
    private volatile long lost;
    private volatile long targetBps = -1;
    private long lastBytes;
    private long lastNanos = System.nanoTime();
    private double bitrate;

    public TrackCounter(String name, Direction direction, Codec codec) {
        this.name = name;
        this.direction = direction;
        this.codec = codec;
    }

    public String name() {
        return name;
    }

    public Direction direction() {
        return direction;
    }

    public Codec codec() {
        return codec;
    }

    public void codec(Codec c) {
        this.codec = c;
    }

    public String kind() {
        return codec != null ? (codec.isAudio() ? "audio" : "video") : kind != null ? kind : "unknown";
    }

    /** Sets the kind before the first frame tells the codec ("audio" or "video"). */
    public void kind(String k) {
        this.kind = k;
    }

    /** Counts one frame of {@code size} bytes. */
    public void frame(int size) {
        frames.incrementAndGet();
        frameBytes.addAndGet(size);
    }

    /** Packet-level figures from the stats report ({@code packetsSent/Received}, {@code bytes*}, {@code packetsLost}). */
    public void rtp(long packets, long bytes, long lost) {
        this.packets = packets;
        this.bytes = bytes;
        this.lost = lost;
    }

    /**
     * The sender's target bitrate (W3C {@code outbound-rtp.targetBitrate}: its share of the
     * congestion controller's estimate), or -1 before the first estimate.
     */
    public void target(long bps) {
        this.targetBps = bps;
    }

    public long target() {
        return targetBps;
    }

    public long frames() {
        return frames.get();
    }

    /** RTP payload bytes when the stats know them, else the bytes of the frames. */
    public long bytes() {
        long b = bytes;
        return b >= 0 ? b : frameBytes.get();
    }

    /** RTP packets, or -1 before the stack reported any. */
    public long packets() {
        return packets;
    }

    public long lost() {
        return lost;
    }

    /** The bitrate in bit/s since the previous call (called once a second by the progress line). */
    public synchronized double sampleBitrate() {
        long now = System.nanoTime();
        long b = bytes();
        double seconds = (now - lastNanos) / 1e9;
        if (seconds > 0.2) {
            bitrate = (b - lastBytes) * 8 / seconds;
            lastBytes = b;
            lastNanos = now;
        }
        return bitrate;
    }

    /**
     * {@code video send VP8   packets 301 frames 150 412.0 kbit/s  target 1830 kbit/s}, or for a
     * received track {@code ... lost 0}.
     */
    public String liveLine() {
        String tail = direction == Direction.SEND
                ? "target " + (targetBps < 0 ? "-" : Long.toString(targetBps / 1000)) + " kbit/s"
                : "lost " + lost;
        return String.format(Locale.ROOT, "%-5s %s %-4s %-12s packets %6s  frames %6d  %7.1f kbit/s  %s",
                kind(), direction.label(), codec == null ? "?" : codec.encodingName(), name,
                packets < 0 ? "-" : Long.toString(packets), frames(), sampleBitrate() / 1000, tail);
    }
}
