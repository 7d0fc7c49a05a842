package org.rtc4j.media;

import java.util.Arrays;

/**
 * A growable, reusable byte buffer a {@link Depacketizer} assembles one frame into. After warm-up it
 * never allocates; {@link #toFrame} makes the one copy that hands the bytes to the application.
 */
public final class FrameBuffer {

    private byte[] buf;
    private int length;
    private int packets;
    private boolean keyframe;

    public FrameBuffer() {
        this(2048);
    }

    public FrameBuffer(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Empties the buffer for the next frame (keeps the storage). */
    public void reset() {
        length = 0;
        packets = 0;
        keyframe = false;
    }

    /** Number of RTP payloads appended since {@link #reset()}; a depacketizer reads it to spot the first. */
    public int packets() {
        return packets;
    }

    /** Called by the assembler once per appended payload, after the depacketizer has run. */
    public void countPacket() {
        packets++;
    }

    public int length() {
        return length;
    }

    /** The backing array; valid up to {@link #length()}. */
    public byte[] array() {
        return buf;
    }

    public boolean keyframe() {
        return keyframe;
    }

    public void markKeyframe() {
        keyframe = true;
    }

    public void write(byte b) {
        ensure(1);
        buf[length++] = b;
    }

    public void write(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, length, len);
        length += len;
    }

    /** Writes {@code value} as unsigned LEB128 (AV1 spec §4.10.5), minimal length. */
    public void writeLeb128(long value) {
        ensure(10);
        length = Leb128.write(value, buf, length);
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }

    /** Copies the assembled bytes into a new frame owned by the caller. */
    public EncodedFrame toFrame(long rtpTimestamp, Codec codec) {
        return new EncodedFrame(Arrays.copyOf(buf, length), rtpTimestamp, keyframe || codec.isAudio(), codec);
    }
}
