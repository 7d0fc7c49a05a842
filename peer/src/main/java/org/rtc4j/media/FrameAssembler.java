package org.rtc4j.media;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import org.rtc4j.rtp.SequenceNumberUnwrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receive side of a media stream: reorders RTP payloads, finds frame boundaries, depacketizes
 * complete frames and releases them on a playout schedule. Sans-IO: time is an input
 * ({@code nowNanos}), there are no threads and no clock reads.
 *
 * <pre>{@code
 * FrameAssembler rx = new FrameAssembler(new Vp8Depacketizer(), FrameAssembler.Config.DEFAULT);
 * rx.handlePacket(now, seq, timestamp, marker, buf, off, len);   // per RTP packet
 * for (EncodedFrame f; (f = rx.pollFrame(now)) != null; ) decode(f);
 * for (FrameLoss l; (l = rx.pollLoss()) != null; ) requestKeyframe();
 * int n = rx.missingSequenceNumbers(nackList);                    // for RTCP NACK
 * long wakeAt = rx.pollTimeout();                                 // call pollFrame again then
 * }</pre>
 *
 * <h2>Model</h2>
 * Packets live in a ring of {@code windowPackets} slots indexed by extended (wrap-free) sequence
 * number. A frame is a run of packets with one RTP timestamp, from a start packet (the
 * depacketizer's {@link Depacketizer#START} flag, trusted only right after a complete frame, or
 * {@link Depacketizer#CERTAIN_START} anywhere) to an end packet ({@link Depacketizer#END}, or the
 * timestamp changing on the next packet, unless the format marks its ends itself:
 * {@link Depacketizer#marksFrameEnd()}). Packets belong to one frame when their 32-bit RTP
 * timestamps are equal; the extended timestamp only schedules playout, so a stray packet with a
 * far timestamp, which moves the unwrapping reference, cannot split a frame. Frames leave strictly
 * in sequence order. An empty payload
 * is RTP padding (bandwidth probing): it fills its sequence number and marks a frame boundary.
 *
 * <h2>Jitter buffer</h2>
 * The frame with RTP timestamp {@code ts} plays out at
 * {@code ts / clockRate + minTransit + targetDelay}, where {@code minTransit} is the smallest
 * (arrival time - media time) seen so far: the fastest packet sets the schedule and every frame
 * gets the same {@code targetDelay} of slack for jitter, reordering and retransmission. A complete
 * frame is released at its playout time; a frame still incomplete then is given up and reported as
 * a {@link FrameLoss}, and the next frame that certainly starts cleanly takes its place; a frame
 * that has every packet so far and only lacks its end (a large frame the sender paced out over
 * more than the delay) waits for it instead, as long as packets keep coming. A frame is
 * never delivered with a packet missing or out of place: it comes out byte-identical or is
 * reported lost. The price of that rule: for H.264 and AV1, whose payloads cannot say "I am the
 * first packet of a frame" except at an SPS or an N bit, losing the last packet of one frame also
 * costs the next frame (its first packet could as well be a middle one); a frame that a decoder
 * could rarely use anyway, as it predicts from the lost one.
 *
 * <p>Not thread-safe: one instance per stream, driven by the owning event loop.
 */
public final class FrameAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(FrameAssembler.class);

    /** What happened to one packet. */
    public enum PacketStatus {
        /** Stored for assembly. */
        ACCEPTED,
        /**
         * An empty payload (RTP padding only, as senders use for bandwidth probing): it fills its
         * sequence number, so it is not a gap, and counts as a frame boundary.
         */
        PADDING,
        /** The same sequence number is already buffered. */
        DUPLICATE,
        /** Older than the frames already released or given up. */
        TOO_OLD,
        /** Rejected by the depacketizer (see the debug log and {@link #malformedPackets()}). */
        MALFORMED
    }

    /**
     * @param windowPackets reorder window in packets, a power of two (512 holds a 500 KB keyframe
     *     at 1 KB per packet)
     * @param targetDelayNanos how long after its earliest possible arrival a frame is played out
     */
    public record Config(int windowPackets, long targetDelayNanos) {

        public static final Config DEFAULT = new Config(512, 50_000_000L);

        public Config {
            if (windowPackets < 16 || Integer.bitCount(windowPackets) != 1 || windowPackets > 1 << 15) {
                throw new IllegalArgumentException("windowPackets must be a power of two in [16, 32768]: " + windowPackets);
            }
            if (targetDelayNanos < 0) {
                throw new IllegalArgumentException("targetDelayNanos " + targetDelayNanos);
            }
        }
    }

    private static final long EMPTY = Long.MIN_VALUE;
    /** Slot flag beside the depacketizer's: a padding-only packet. */
    private static final int PADDING = 0x40;

    private final Depacketizer depacketizer;
    private final PacketBuffers buffers;
    private final Codec codec;
    /** The format marks each frame's end: a timestamp change before it is not an end. */
    private final boolean endMarked;
    private long targetDelayNanos;
    private final int mask;

    private final long[] slotSeq;
    private final long[] slotTs;
    private final byte[] slotFlags;
    private final byte[][] slotData;
    private final int[] slotLen;

    private final SequenceNumberUnwrapper sequence = new SequenceNumberUnwrapper();
    private long head = EMPTY;          // extended sequence number of the next packet to release
    private long highest = EMPTY;
    /** When the last media packet arrived: a frame still arriving waits while packets keep coming. */
    private long lastArrivalNanos;
    private boolean headIsBoundary;     // the packet before head ended a frame
    private boolean released;           // something was released or given up: head may not move back
    private long lastTs = EMPTY;        // extended timestamp of the last packet, for unwrapping
    private long minTransitNanos = Long.MAX_VALUE;
    private boolean keyframeNeeded = true;

    private final FrameBuffer frame;
    private final ArrayDeque<FrameLoss> losses = new ArrayDeque<>();

    private long accepted;
    private long duplicates;
    private long tooOld;
    private long malformed;
    private long padding;
    private long framesReleased;
    private long framesLost;

    public FrameAssembler(Depacketizer depacketizer, Config config) {
        this(depacketizer, config, null);
    }

    /**
     * An assembler that keeps payloads in buffers from {@code buffers} (an event loop's pool) and
     * gives each back as soon as its packet leaves the window; {@code null} keeps one buffer per slot
     * for the assembler's life.
     */
    public FrameAssembler(Depacketizer depacketizer, Config config, PacketBuffers buffers) {
        this.buffers = buffers;
        this.depacketizer = Objects.requireNonNull(depacketizer, "depacketizer");
        this.codec = depacketizer.codec();
        // An audio frame is one packet; a video frame grows the buffer to the largest keyframe once.
        this.frame = new FrameBuffer(codec.isAudio() ? 1536 : 16 * 1024);
        this.endMarked = depacketizer.marksFrameEnd();
        this.targetDelayNanos = config.targetDelayNanos();
        int n = config.windowPackets();
        this.mask = n - 1;
        this.slotSeq = new long[n];
        this.slotTs = new long[n];
        this.slotFlags = new byte[n];
        this.slotData = new byte[n][];
        this.slotLen = new int[n];
        Arrays.fill(slotSeq, EMPTY);
    }

    /**
     * Takes one RTP packet's fields and payload. The payload is copied; {@code buf} is only borrowed
     * for the call.
     *
     * @param sequenceNumber RTP sequence number (16 bits)
     * @param timestamp RTP timestamp (unsigned 32 bits)
     */
    public PacketStatus handlePacket(long nowNanos, int sequenceNumber, long timestamp, boolean marker,
            byte[] buf, int off, int len) {
        int flags;
        try {
            flags = len == 0 ? PADDING : depacketizer.inspect(buf, off, len, marker);
        } catch (MediaFormatException e) {
            malformed++;
            if (LOG.isDebugEnabled()) {
                LOG.debug("dropping malformed {} payload seq={}: {}", codec, sequenceNumber & 0xFFFF, e.getMessage());
            }
            return PacketStatus.MALFORMED;
        }
        long seq = sequence.unwrap(sequenceNumber);
        if (head == EMPTY) {
            head = highest = seq;
        }
        if (seq < head) {
            if (released || highest - seq > mask) {
                tooOld++;
                return PacketStatus.TOO_OLD;
            }
            head = seq; // before anything is released, a late first packet moves the start back
        }
        if (seq - head > mask) {
            makeRoomFor(seq);
        }
        int s = (int) (seq & mask);
        if (slotSeq[s] == seq) {
            duplicates++;
            return PacketStatus.DUPLICATE;
        }
        byte[] data = slotData[s];
        if (data == null || data.length < len) {
            if (data != null && buffers != null) {
                buffers.give(data);
            }
            data = slotData[s] = buffers != null ? buffers.take(len) : PacketBuffers.ALLOCATE.take(len);
        }
        System.arraycopy(buf, off, data, 0, len);
        long ts = unwrapTimestamp(timestamp & 0xFFFF_FFFFL, flags != PADDING);
        slotSeq[s] = seq;
        slotTs[s] = ts;
        slotFlags[s] = (byte) flags;
        slotLen[s] = len;
        if (seq > highest) {
            highest = seq;
        }
        if (flags == PADDING) {
            padding++;
            return PacketStatus.PADDING;
        }
        minTransitNanos = Math.min(minTransitNanos, nowNanos - mediaNanos(ts));
        lastArrivalNanos = nowNanos;
        accepted++;
        return PacketStatus.ACCEPTED;
    }

    /** Extends a 32-bit timestamp; padding packets are unwrapped but do not move the reference. */
    private long unwrapTimestamp(long ts, boolean media) {
        long ext = lastTs == EMPTY ? ts : lastTs + (int) (ts - (lastTs & 0xFFFF_FFFFL));
        if (media) {
            lastTs = ext;
        }
        return ext;
    }

    private long mediaNanos(long ts) {
        int rate = codec.clockRate();
        return Math.floorDiv(ts, rate) * 1_000_000_000L + Math.floorMod(ts, rate) * 1_000_000_000L / rate;
    }

    private long playoutNanos(long ts) {
        return mediaNanos(ts) + minTransitNanos + targetDelayNanos;
    }

    /** Empties a slot; with a pool its buffer goes back at once. */
    private void clear(int slot) {
        slotSeq[slot] = EMPTY;
        if (buffers != null && slotData[slot] != null) {
            buffers.give(slotData[slot]);
            slotData[slot] = null;
        }
    }

    /** Gives every buffer back (the stream ends); the assembler must not be used afterwards. */
    public void release() {
        for (int s = 0; s <= mask; s++) {
            clear(s);
        }
        head = EMPTY;
    }

    private boolean present(long seq) {
        return slotSeq[(int) (seq & mask)] == seq;
    }

    private int flags(long seq) {
        return slotFlags[(int) (seq & mask)];
    }

    private long ts(long seq) {
        return slotTs[(int) (seq & mask)];
    }

    /**
     * Whether two extended timestamps carry the same RTP timestamp: one frame. Compared on the
     * wire's 32 bits, as the extension depends on the packets that came between.
     */
    private static boolean sameTs(long a, long b) {
        return (int) a == (int) b;
    }

    /**
     * The next frame due at {@code nowNanos}, or null. Gives up frames whose deadline has passed
     * (see {@link #pollLoss()}). The returned frame's bytes belong to the caller.
     */
    public EncodedFrame pollFrame(long nowNanos) {
        while (head != EMPTY && head <= highest) {
            if (!present(head)) {
                long next = firstPresentAfter(head, true);
                if (next == EMPTY || nowNanos < playoutNanos(ts(next))) {
                    return null;
                }
                giveUpHeadFrame(FrameLoss.Reason.INCOMPLETE);
                continue;
            }
            if ((flags(head) & PADDING) != 0) {
                // Padding sits between frames: step over it, the boundary stays as it was.
                clear((int) (head & mask));
                head++;
                continue;
            }
            long ts = ts(head);
            if (nowNanos < playoutNanos(ts)) {
                return null;
            }
            long end = frameEnd(head);
            int f = flags(head);
            boolean startOk = (f & Depacketizer.CERTAIN_START) != 0
                    || (headIsBoundary && (f & Depacketizer.START) != 0);
            if (end == EMPTY && startOk && arriving(head) && nowNanos < stallDeadline()) {
                return null; // nothing missing: the rest of a paced (large) frame is on its way
            }
            if (end == EMPTY || !startOk) {
                giveUpHeadFrame(FrameLoss.Reason.INCOMPLETE);
                continue;
            }
            EncodedFrame out = assemble(head, end, ts);
            if (out != null) {
                return out;
            }
        }
        return null;
    }

    /** The last packet of the frame starting at {@code start}, or EMPTY if it is not all here. */
    private long frameEnd(long start) {
        long ts = ts(start);
        for (long x = start; x <= highest && present(x) && sameTs(ts(x), ts); x++) {
            if ((flags(x) & Depacketizer.END) != 0) {
                return x;
            }
            if (present(x + 1) && ((flags(x + 1) & PADDING) != 0 || !sameTs(ts(x + 1), ts))) {
                return endMarked ? EMPTY : x; // with marked ends: the end is missing
            }
        }
        return EMPTY;
    }

    /**
     * Whether every packet from {@code start} to the newest is here and of one frame: the frame has
     * no gap, its end simply has not arrived yet. A sender's pacer spreads a large frame (a keyframe
     * at the start of a call) over more than the target delay; giving it up then would lose a frame
     * nothing was lost from. It waits as long as packets keep coming (see {@link #stallDeadline}).
     */
    private boolean arriving(long start) {
        long ts = ts(start);
        for (long x = start; x <= highest; x++) {
            if (!present(x) || !sameTs(ts(x), ts) || (flags(x) & PADDING) != 0) {
                return false;
            }
        }
        return true;
    }

    /** A frame still arriving is given up once no packet came for the target delay (its end was lost). */
    private long stallDeadline() {
        return lastArrivalNanos + targetDelayNanos;
    }

    /** The first media packet (or any packet, with {@code orPadding}) after {@code seq}, or EMPTY. */
    private long firstPresentAfter(long seq, boolean orPadding) {
        for (long x = seq + 1; x <= highest; x++) {
            if (present(x) && (orPadding || (flags(x) & PADDING) == 0)) {
                return x;
            }
        }
        return EMPTY;
    }

    private EncodedFrame assemble(long start, long end, long ts) {
        frame.reset();
        try {
            for (long x = start; x <= end; x++) {
                int s = (int) (x & mask);
                depacketizer.append(frame, slotData[s], 0, slotLen[s]);
                frame.countPacket();
            }
            depacketizer.finish(frame);
        } catch (MediaFormatException e) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("dropping malformed {} frame ts={}: {}", codec, ts & 0xFFFF_FFFFL, e.getMessage());
            }
            skipTo(end + 1, true, FrameLoss.Reason.MALFORMED);
            return null;
        }
        for (long x = start; x <= end; x++) {
            clear((int) (x & mask));
        }
        head = end + 1;
        headIsBoundary = true;
        released = true;
        framesReleased++;
        EncodedFrame out = frame.toFrame(ts & 0xFFFF_FFFFL, codec);
        if (out.keyframe()) {
            keyframeNeeded = false;
        }
        return out;
    }

    /**
     * Drops the frame at head. Head moves to the next packet that certainly starts a frame; failing
     * that, past the head frame's end packet; failing that, past the head frame's packets seen so
     * far (its end is still missing, so the next frame's start may yet arrive behind it).
     */
    private void giveUpHeadFrame(FrameLoss.Reason reason) {
        long first = present(head) && (flags(head) & PADDING) == 0 ? head : firstPresentAfter(head, false);
        if (first == EMPTY) {
            // Only padding after the gap: padding is sent between frames, so a boundary follows it.
            skipTo(highest + 1, (flags(highest) & PADDING) != 0, reason);
            return;
        }
        long headTs = ts(first);
        long end = EMPTY;
        long lastOfHead = EMPTY;
        for (long x = head; x <= highest; x++) {
            if (!present(x)) {
                continue;
            }
            if (x > head && certainStart(x)) {
                skipTo(x, true, reason);
                return;
            }
            if (end == EMPTY && (flags(x) & PADDING) == 0 && sameTs(ts(x), headTs)) {
                lastOfHead = x;
                if ((flags(x) & Depacketizer.END) != 0) {
                    end = x;
                }
            }
        }
        if (end != EMPTY) {
            skipTo(end + 1, true, reason);
        } else {
            skipTo(lastOfHead + 1, false, reason);
        }
    }

    /** Whether the packet at {@code x} starts a frame whatever happened before it. */
    private boolean certainStart(long x) {
        int f = flags(x);
        if ((f & Depacketizer.CERTAIN_START) != 0) {
            return true;
        }
        if ((f & PADDING) != 0) {
            return false;
        }
        return (f & Depacketizer.START) != 0 && present(x - 1)
                && ((flags(x - 1) & (Depacketizer.END | PADDING)) != 0 || !sameTs(ts(x - 1), ts(x)));
    }

    /** A packet {@code seq} is too far ahead: give up frames until it fits in the window. */
    private void makeRoomFor(long seq) {
        long target = seq - mask;
        for (long x = target; x <= highest; x++) {
            if (present(x) && (flags(x) & Depacketizer.CERTAIN_START) != 0) {
                skipTo(x, true, FrameLoss.Reason.WINDOW_OVERFLOW);
                return;
            }
        }
        skipTo(target, false, FrameLoss.Reason.WINDOW_OVERFLOW);
    }

    private void skipTo(long to, boolean boundary, FrameLoss.Reason reason) {
        if (to > head) {
            for (long x = head; x < to && x <= highest; x++) {
                int s = (int) (x & mask);
                if (slotSeq[s] == x) {
                    clear(s);
                }
            }
            losses.add(new FrameLoss((int) (head & 0xFFFF), (int) ((to - 1) & 0xFFFF), reason));
            framesLost++;
            keyframeNeeded = true;
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} gave up sequence numbers {}..{}: {}", codec, head & 0xFFFF, (to - 1) & 0xFFFF, reason);
            }
        }
        head = to;
        if (to > highest) {
            highest = to - 1;
        }
        headIsBoundary = boundary;
        released = true;
    }

    /**
     * Changes the target delay from now on (e.g. from a delay estimate, or for audio/video sync).
     * Frames already due stay due.
     */
    public void setTargetDelayNanos(long targetDelayNanos) {
        if (targetDelayNanos < 0) {
            throw new IllegalArgumentException("targetDelayNanos " + targetDelayNanos);
        }
        this.targetDelayNanos = targetDelayNanos;
    }

    public long targetDelayNanos() {
        return targetDelayNanos;
    }

    /** The next loss report, or null. */
    public FrameLoss pollLoss() {
        return losses.poll();
    }

    /**
     * When {@link #pollFrame} should be called next (absolute nanos): the playout deadline of the
     * frame at the head, or {@link Long#MAX_VALUE} when nothing is buffered.
     */
    public long pollTimeout() {
        if (head == EMPTY || head > highest) {
            return Long.MAX_VALUE;
        }
        if (present(head) && (flags(head) & PADDING) != 0) {
            return Long.MIN_VALUE; // padding to step over: poll now
        }
        if (present(head) && frameEnd(head) == EMPTY && arriving(head)) {
            return Math.max(playoutNanos(ts(head)), stallDeadline()); // waits while packets keep coming
        }
        long first = present(head) ? head : firstPresentAfter(head, true);
        return first == EMPTY ? Long.MAX_VALUE : playoutNanos(ts(first));
    }

    /**
     * Writes the sequence numbers missing between the next frame to release and the newest packet
     * (the candidates for a NACK, RFC 4585 §6.2.1), oldest first, up to {@code dst.length}.
     * Returns how many were written.
     */
    public int missingSequenceNumbers(int[] dst) {
        int n = 0;
        if (head == EMPTY) {
            return 0;
        }
        for (long x = head; x < highest && n < dst.length; x++) {
            if (!present(x)) {
                dst[n++] = (int) (x & 0xFFFF);
            }
        }
        return n;
    }

    /**
     * Whether a loss happened since the last keyframe released (or nothing has been released yet):
     * a video receiver should ask for a keyframe (RTCP PLI).
     */
    public boolean keyframeNeeded() {
        return keyframeNeeded && !codec.isAudio();
    }

    public Codec codec() {
        return codec;
    }

    public long acceptedPackets() {
        return accepted;
    }

    public long duplicatePackets() {
        return duplicates;
    }

    public long tooOldPackets() {
        return tooOld;
    }

    public long malformedPackets() {
        return malformed;
    }

    public long paddingPackets() {
        return padding;
    }

    public long framesReleased() {
        return framesReleased;
    }

    /** Number of loss reports (each may cover several frames). */
    public long lossReports() {
        return framesLost;
    }
}
