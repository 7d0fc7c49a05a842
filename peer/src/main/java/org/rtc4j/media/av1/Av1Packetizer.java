package org.rtc4j.media.av1;

import java.util.Arrays;
import org.rtc4j.media.AbstractPacketizer;
import org.rtc4j.media.Codec;
import org.rtc4j.media.Leb128;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * AV1 packetizer per the AOM "RTP Payload Format For AV1" (§4.4, §5). Input is one temporal unit
 * in the low-overhead bitstream format (AV1 spec §5.2; what IVF files hold). Temporal delimiters,
 * and tile lists are dropped (§5), and so is padding (nothing a decoder uses); every other OBU
 * becomes an OBU element with its
 * {@code obu_size} field removed (§4.5: the sender SHOULD). Elements are packed greedily behind the
 * aggregation header, fragmented across payloads where they do not fit (Z / Y bits), and W gives
 * the element count when it is at most three so the last element needs no length (§4.4).
 * N is set on the first payload of a temporal unit that starts a coded video sequence (§4.4): one
 * that holds a sequence header and whose first frame header is a shown key frame.
 */
public final class Av1Packetizer extends AbstractPacketizer {


    // OBUs of the current temporal unit: rewritten header byte, extension byte, payload location.
    private int[] header = new int[16];
    private int[] extension = new int[16];
    private int[] payloadOff = new int[16];
    private int[] payloadLen = new int[16];
    private int count;
    private byte[] frame;

    private int index;
    private int elementOffset;
    private boolean newSequence;
    private boolean firstPacket;

    public Av1Packetizer(int maxPayloadSize) {
        super(Codec.AV1, "AV1", maxPayloadSize, 4);
    }

    @Override
    public void packetize(byte[] frame, int off, int len, long rtpTimestamp) throws MediaFormatException {
        this.frame = frame;
        timestamp(rtpTimestamp);
        count = 0;
        index = 0;
        elementOffset = 0;
        newSequence = false;
        firstPacket = true;
        int end = off + len;
        int p = off;
        boolean sequenceHeader = false;
        int firstFrameType = -1;
        while (p < end) {
            int h = frame[p] & 0xFF;
            if ((h & Obu.FORBIDDEN_BIT) != 0) {
                throw new MediaFormatException(Reason.FORBIDDEN_BIT, "AV1 OBU with obu_forbidden_bit set");
            }
            int hl = Obu.headerLength(h);
            if (p + hl > end) {
                throw new MediaFormatException(Reason.TRUNCATED, "AV1 OBU header truncated");
            }
            int ext = hl == 2 ? frame[p + 1] & 0xFF : -1;
            int q = p + hl;
            int size;
            if ((h & Obu.HAS_SIZE_FIELD) != 0) {
                long packed = Leb128.read(frame, q, end);
                q += Leb128.length(packed);
                long v = Leb128.value(packed);
                if (v > end - q) {
                    throw new MediaFormatException(Reason.TRUNCATED, "AV1 obu_size " + v + " runs past the temporal unit");
                }
                size = (int) v;
            } else {
                size = end - q;
            }
            int type = Obu.type(h);
            if (type != Obu.TEMPORAL_DELIMITER && type != Obu.TILE_LIST && type != Obu.PADDING) {
                if (type == Obu.SEQUENCE_HEADER) {
                    sequenceHeader = true;
                } else if ((type == Obu.FRAME || type == Obu.FRAME_HEADER) && firstFrameType < 0 && size > 0) {
                    // uncompressed_header(): show_existing_frame (1 bit), frame_type (2 bits, 0 = KEY_FRAME)
                    int b = frame[q] & 0xFF;
                    firstFrameType = (b & 0x80) != 0 ? 4 : (b >>> 5) & 0x03;
                }
                ensure(count + 1);
                header[count] = h & ~Obu.HAS_SIZE_FIELD;
                extension[count] = ext;
                payloadOff[count] = q;
                payloadLen[count] = size;
                count++;
            }
            p = q + size;
        }
        if (count == 0) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, "AV1 temporal unit has no OBU to send");
        }
        newSequence = sequenceHeader && firstFrameType == 0;
    }

    private void ensure(int n) {
        if (n > header.length) {
            int size = header.length * 2;
            header = Arrays.copyOf(header, size);
            extension = Arrays.copyOf(extension, size);
            payloadOff = Arrays.copyOf(payloadOff, size);
            payloadLen = Arrays.copyOf(payloadLen, size);
        }
    }

    private int elementLength(int i) {
        return (extension[i] >= 0 ? 2 : 1) + payloadLen[i];
    }

    /** Copies {@code n} bytes of element {@code i}, starting {@code from} bytes into it. */
    private void copyElement(int i, int from, int n, byte[] dst, int p) {
        int hl = extension[i] >= 0 ? 2 : 1;
        while (n > 0 && from < hl) {
            dst[p++] = (byte) (from == 0 ? header[i] : extension[i]);
            from++;
            n--;
        }
        if (n > 0) {
            System.arraycopy(frame, payloadOff[i] + from - hl, dst, p, n);
        }
    }

    @Override
    public boolean hasNext() {
        return frame != null && index < count;
    }

    @Override
    protected int write(byte[] dst, int off) {
        int limit = off + maxPayloadSize();
        int p = off + 1;
        boolean z = elementOffset > 0;
        boolean y = false;
        int elements = 0;
        int lastLengthAt = -1;
        int lastLengthSize = 0;
        while (index < count && limit - p >= 2) {
            int remaining = elementLength(index) - elementOffset;
            int room = limit - p;
            int lengthSize = Leb128.size(remaining);
            elements++;
            lastLengthAt = p;
            if (lengthSize + remaining <= room) {
                lastLengthSize = lengthSize;
                p = Leb128.write(remaining, dst, p);
                copyElement(index, elementOffset, remaining, dst, p);
                p += remaining;
                index++;
                elementOffset = 0;
            } else {
                int fragment = room - Leb128.size(room);
                lastLengthSize = Leb128.size(fragment);
                p = Leb128.write(fragment, dst, p);
                copyElement(index, elementOffset, fragment, dst, p);
                p += fragment;
                elementOffset += fragment;
                y = true;
                break;
            }
        }
        int w = 0;
        if (elements <= 3) {
            // W = element count: the last element's length is implied, so drop its LEB128 prefix.
            int dataStart = lastLengthAt + lastLengthSize;
            System.arraycopy(dst, dataStart, dst, lastLengthAt, p - dataStart);
            p -= lastLengthSize;
            w = elements;
        }
        boolean n = firstPacket && newSequence;
        dst[off] = (byte) ((z ? 0x80 : 0) | (y ? 0x40 : 0) | (w << 4) | (n ? 0x08 : 0));
        firstPacket = false;
        marker(index == count);
        return p - off;
    }
}
