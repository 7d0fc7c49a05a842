package org.rtc4j.media.h264;

import java.util.Arrays;
import org.rtc4j.media.AbstractPacketizer;
import org.rtc4j.media.Codec;
import org.rtc4j.media.FragmentPlan;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

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
public final class H264Packetizer extends AbstractPacketizer {

    private static final int MAX_NALS = 1024;

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
    private final FragmentPlan fu = new FragmentPlan();  // FU-A fragments of NAL[index] (after its header)

    /** @param maxPayloadSize the largest RTP payload to produce */
    public H264Packetizer(int maxPayloadSize) {
        super(Codec.H264, "H.264", maxPayloadSize, 8);
    }

    @Override
    public void packetize(byte[] frame, int off, int len, long rtpTimestamp) throws MediaFormatException {
        nalCount = 0;
        index = 0;
        fu.clear();
        timestamp(rtpTimestamp);
        scanner.reset(frame, off, len);
        if (!scanner.foundStartCode()) {
            throw new MediaFormatException(Reason.BAD_STREAM, "H.264 access unit has no Annex B start code");
        }
        boolean hasSps = false;
        boolean sawSlice = false;
        int firstSlice = Integer.MAX_VALUE;
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
            if (type == 0 || type > 23) {
                // 0 is unspecified and 24-31 are RTP's own packet types (RFC 6184 §5.2): a receiver
                // would take such a NAL unit for an aggregation or fragment, or refuse it (found by
                // FrameAssemblerFuzzTest: the depacketizer refused what this sent).
                throw new MediaFormatException(Reason.UNSUPPORTED_NAL_TYPE, "H.264 NAL type " + type + " cannot be sent over RTP");
            }
            if (type == NalUnits.AUD || type == NalUnits.FILLER) {
                continue;
            }
            if (type == NalUnits.SPS && (sawSlice || hasSps)) {
                // Receivers (ours: Depacketizer.CERTAIN_START) take an SPS for the start of an
                // access unit, as H.264 §7.4.1.2.3 makes one after a slice. An SPS after a slice
                // or after another SPS, sent inside this frame, would let a receiver that lost the
                // frame's first packets deliver its tail as a frame (found by FrameAssemblerFuzzTest).
                throw new MediaFormatException(Reason.BAD_STREAM, "H.264 SPS after a slice or another SPS in one access unit");
            }
            if (!sawSlice && type >= 1 && type <= 5) {
                sawSlice = true;
                firstSlice = nalCount;
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
            // Not after a slice (see above; found by FrameAssemblerFuzzTest).
            if (at <= firstSlice) {
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
    protected int write(byte[] dst, int off) {
        int written;
        if (fu.hasNext()) {
            written = writeFragment(dst, off);
        } else if (nalLen[index] <= maxPayloadSize()) {
            int aggregated = countAggregatable();
            written = aggregated >= 2 ? writeStapA(dst, off, aggregated) : writeSingle(dst, off);
        } else {
            fu.start(nalOff[index] + 1, nalLen[index] - 1, 0, maxPayloadSize() - 2);
            written = writeFragment(dst, off);
        }
        marker(index == nalCount);
        return written;
    }

    /** How many NAL units from {@code index} fit into one STAP-A. */
    private int countAggregatable() {
        int size = 1;
        int n = 0;
        for (int i = index; i < nalCount; i++) {
            size += 2 + nalLen[i];
            if (size > maxPayloadSize()) {
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
        int chunk = fu.nextSize(Integer.MAX_VALUE);
        boolean start = fu.first();
        boolean end = chunk == fu.remaining();
        dst[off] = (byte) ((header & 0xE0) | NalUnits.FU_A);
        dst[off + 1] = (byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | (header & 0x1F));
        System.arraycopy(b, fu.position(), dst, off + 2, chunk);
        if (fu.take(chunk)) {
            index++;
        }
        return chunk + 2;
    }
}
