package org.rtc4j.media.h264;

import java.util.Arrays;
import java.util.NoSuchElementException;
import org.rtc4j.media.Codec;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;
import org.rtc4j.media.Packetizer;

/**
 * H.264 packetizer, RFC 6184 packetization-mode 1 (non-interleaved, §6.3).
 *
 * <p>Input is one access unit in Annex B form (start codes of three or four bytes). Each NAL unit
 * goes out as:
 * <ul>
 *   <li>a single NAL unit packet (§5.6) when it fits;
 *   <li>an STAP-A (§5.7.1) together with the NAL units after it, when two or more fit in one payload;
 *   <li>FU-A fragments of near-equal size (§5.8) when it does not fit.
 * </ul>
 * Access unit delimiters and filler data are not sent (they carry nothing a receiver needs).
 * The last SPS and PPS seen are remembered and sent in front of any IDR access unit that lacks them,
 * so a receiver can always start decoding at a keyframe. The marker bit is set on the last payload
 * of the access unit (§5.1).
 */
public final class H264Packetizer implements Packetizer {

    private static final int MAX_NALS = 1024;

    private final int maxPayloadSize;
    private final NalUnits scanner = new NalUnits();

    private byte[] sps = new byte[0];
    private int spsLength;
    private byte[] pps = new byte[0];
    private int ppsLength;

    // The NAL units of the current access unit: where each one's bytes live.
    private byte[][] nalBuf = new byte[16][];
    private int[] nalOff = new int[16];
    private int[] nalLen = new int[16];
    private int nalCount;

    private int index;          // next NAL to send
    private int fuOffset;       // bytes of NAL[index] already sent in FU-A fragments (after its header)
    private int fuPacketsLeft;  // FU-A fragments still to send for NAL[index]
    private long timestamp;
    private boolean marker;

    /** @param maxPayloadSize the largest RTP payload to produce */
    public H264Packetizer(int maxPayloadSize) {
        if (maxPayloadSize < 8) {
            throw new IllegalArgumentException("maxPayloadSize too small for H.264: " + maxPayloadSize);
        }
        this.maxPayloadSize = maxPayloadSize;
    }

    @Override
    public Codec codec() {
        return Codec.H264;
    }

    @Override
    public int maxPayloadSize() {
        return maxPayloadSize;
    }

    @Override
    public void packetize(byte[] frame, int off, int len, long rtpTimestamp) throws MediaFormatException {
        nalCount = 0;
        index = 0;
        fuOffset = 0;
        fuPacketsLeft = 0;
        timestamp = rtpTimestamp & 0xFFFF_FFFFL;
        scanner.reset(frame, off, len);
        if (!scanner.foundStartCode()) {
            throw new MediaFormatException(Reason.BAD_STREAM, "H.264 access unit has no Annex B start code");
        }
        boolean hasSps = false;
        boolean hasPps = false;
        int firstIdr = -1;
        int firstPps = -1;
        while (scanner.next()) {
            int s = scanner.start();
            int e = scanner.end();
            int header = frame[s] & 0xFF;
            if ((header & 0x80) != 0) {
                throw new MediaFormatException(Reason.FORBIDDEN_BIT, "H.264 NAL with forbidden_zero_bit set");
            }
            int type = header & 0x1F;
            if (type == NalUnits.AUD || type == NalUnits.FILLER) {
                continue;
            }
            if (type == NalUnits.SPS) {
                hasSps = true;
                sps = remember(sps, frame, s, e - s);
                spsLength = e - s;
            } else if (type == NalUnits.PPS) {
                if (!hasPps) {
                    firstPps = nalCount;
                }
                hasPps = true;
                pps = remember(pps, frame, s, e - s);
                ppsLength = e - s;
            } else if (type == NalUnits.IDR && firstIdr < 0) {
                firstIdr = nalCount;
            }
            add(frame, s, e - s);
        }
        if (firstIdr >= 0 && !(hasSps && hasPps) && spsLength > 0 && ppsLength > 0) {
            // §8.4 of RFC 6184 leaves parameter-set delivery to the sender: put the remembered ones
            // just in front of the first IDR slice so every keyframe is self-contained.
            // An SPS alone goes in front of the access unit's own PPS, to keep SPS before PPS.
            int at = !hasSps && hasPps && firstPps < firstIdr ? firstPps : firstIdr;
            int inserted = (hasSps ? 0 : 1) + (hasPps ? 0 : 1);
            ensure(nalCount + inserted);
            int tail = nalCount - at;
            System.arraycopy(nalBuf, at, nalBuf, at + inserted, tail);
            System.arraycopy(nalOff, at, nalOff, at + inserted, tail);
            System.arraycopy(nalLen, at, nalLen, at + inserted, tail);
            if (!hasSps) {
                set(at++, sps, 0, spsLength);
            }
            if (!hasPps) {
                set(at, pps, 0, ppsLength);
            }
            nalCount += inserted;
        }
        if (nalCount == 0) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, "H.264 access unit has no NAL unit to send");
        }
    }

    private static byte[] remember(byte[] store, byte[] src, int off, int len) {
        byte[] dst = store.length >= len ? store : new byte[len];
        System.arraycopy(src, off, dst, 0, len);
        return dst;
    }

    private void add(byte[] buf, int off, int len) throws MediaFormatException {
        if (nalCount >= MAX_NALS) {
            throw new MediaFormatException(Reason.BAD_STREAM, "more than " + MAX_NALS + " NAL units in one access unit");
        }
        ensure(nalCount + 1);
        set(nalCount++, buf, off, len);
    }

    private void set(int i, byte[] buf, int off, int len) {
        nalBuf[i] = buf;
        nalOff[i] = off;
        nalLen[i] = len;
    }

    private void ensure(int n) {
        if (n > nalOff.length) {
            int size = Math.max(n, nalOff.length * 2);
            nalBuf = Arrays.copyOf(nalBuf, size);
            nalOff = Arrays.copyOf(nalOff, size);
            nalLen = Arrays.copyOf(nalLen, size);
        }
    }

    @Override
    public boolean hasNext() {
        return index < nalCount;
    }

    @Override
    public int next(byte[] dst, int off) {
        if (!hasNext()) {
            throw new NoSuchElementException("no H.264 payload left");
        }
        int written;
        if (fuPacketsLeft > 0) {
            written = writeFragment(dst, off);
        } else if (nalLen[index] <= maxPayloadSize) {
            int aggregated = countAggregatable();
            written = aggregated >= 2 ? writeStapA(dst, off, aggregated) : writeSingle(dst, off);
        } else {
            int body = nalLen[index] - 1;
            int capacity = maxPayloadSize - 2;
            fuPacketsLeft = (body + capacity - 1) / capacity;
            fuOffset = 0;
            written = writeFragment(dst, off);
        }
        marker = index == nalCount;
        return written;
    }

    /** How many NAL units from {@code index} fit into one STAP-A. */
    private int countAggregatable() {
        int size = 1;
        int n = 0;
        for (int i = index; i < nalCount; i++) {
            size += 2 + nalLen[i];
            if (size > maxPayloadSize) {
                break;
            }
            n++;
        }
        return n;
    }

    private int writeSingle(byte[] dst, int off) {
        int len = nalLen[index];
        System.arraycopy(nalBuf[index], nalOff[index], dst, off, len);
        index++;
        return len;
    }

    private int writeStapA(byte[] dst, int off, int count) {
        int p = off + 1;
        int f = 0;
        int nri = 0;
        for (int k = 0; k < count; k++, index++) {
            byte[] b = nalBuf[index];
            int o = nalOff[index];
            int len = nalLen[index];
            f |= b[o] & 0x80;
            nri = Math.max(nri, b[o] & 0x60);
            dst[p++] = (byte) (len >>> 8);
            dst[p++] = (byte) len;
            System.arraycopy(b, o, dst, p, len);
            p += len;
        }
        dst[off] = (byte) (f | nri | NalUnits.STAP_A);
        return p - off;
    }

    private int writeFragment(byte[] dst, int off) {
        byte[] b = nalBuf[index];
        int o = nalOff[index];
        int header = b[o] & 0xFF;
        int body = nalLen[index] - 1;
        int remaining = body - fuOffset;
        int chunk = (remaining + fuPacketsLeft - 1) / fuPacketsLeft;
        boolean start = fuOffset == 0;
        boolean end = fuPacketsLeft == 1;
        dst[off] = (byte) ((header & 0xE0) | NalUnits.FU_A);
        dst[off + 1] = (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | (header & 0x1F));
        System.arraycopy(b, o + 1 + fuOffset, dst, off + 2, chunk);
        fuOffset += chunk;
        fuPacketsLeft--;
        if (end) {
            index++;
            fuOffset = 0;
        }
        return chunk + 2;
    }

    @Override
    public boolean marker() {
        return marker;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }
}
