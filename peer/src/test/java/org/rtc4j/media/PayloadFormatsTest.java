package org.rtc4j.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtc4j.media.MediaFormatException.Reason;
import org.rtc4j.media.av1.Av1Depacketizer;
import org.rtc4j.media.av1.Av1Packetizer;
import org.rtc4j.media.h264.H264Depacketizer;
import org.rtc4j.media.h264.H264Packetizer;
import org.rtc4j.media.h264.NalUnits;
import org.rtc4j.media.vp8.Vp8Depacketizer;
import org.rtc4j.media.vp8.Vp8Descriptor;
import org.rtc4j.media.vp8.Vp8Packetizer;
import org.rtc4j.media.vp9.Vp9Depacketizer;
import org.rtc4j.media.vp9.Vp9Descriptor;

/** Wire-level checks of each payload format, and malformed payloads rejected with a reason. */
class PayloadFormatsTest {

    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    private static List<byte[]> packetize(Packetizer p, byte[] frame, long ts) throws MediaFormatException {
        p.packetize(frame, 0, frame.length, ts);
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[p.maxPayloadSize()];
        while (p.hasNext()) {
            int n = p.next(buf, 0);
            out.add(Arrays.copyOf(buf, n));
        }
        return out;
    }

    private static Reason rejectReason(Depacketizer d, byte[] payload) {
        return assertThrows(MediaFormatException.class, () -> d.inspect(payload, 0, payload.length, true)).reason();
    }

    // ---- VP8, RFC 7741 ----

    @Test
    void vp8DescriptorFieldsAreParsed() throws MediaFormatException {
        // X=1 S=1 PID=0 | I L T K | M=1 PictureID=0x1234 | TL0PICIDX=7 | TID=2 Y=1 KEYIDX=5 | payload
        byte[] p = b(0x90, 0xF0, 0x80 | 0x12, 0x34, 0x07, (2 << 6) | 0x20 | 5, 0x9D);
        Vp8Descriptor d = new Vp8Descriptor();
        assertEquals(6, d.parse(p, 0, p.length));
        assertTrue(d.partitionStart());
        assertEquals(0, d.partitionId());
        assertEquals(0x1234, d.pictureId());
        assertTrue(d.longPictureId());
        assertEquals(7, d.tl0PicIdx());
        assertEquals(2, d.temporalId());
        assertTrue(d.layerSync());
        assertEquals(5, d.keyIdx());
        assertTrue(d.frameStart());
        // 7-bit PictureID, no X: minimal descriptors.
        assertEquals(3, d.parse(b(0x80, 0x80, 0x05, 0x00), 0, 4));
        assertEquals(5, d.pictureId());
        assertEquals(1, d.parse(b(0x10, 0x00), 0, 2));
        assertEquals(Vp8Descriptor.ABSENT, d.pictureId());
    }

    @Test
    void vp8BadDescriptorsAreRejected() {
        Vp8Depacketizer d = new Vp8Depacketizer();
        assertEquals(Reason.EMPTY_PAYLOAD, rejectReason(d, b()));
        assertEquals(Reason.BAD_DESCRIPTOR, rejectReason(d, b(0x90)));              // X but no X byte
        assertEquals(Reason.BAD_DESCRIPTOR, rejectReason(d, b(0x90, 0x80)));        // I but no PictureID
        assertEquals(Reason.BAD_DESCRIPTOR, rejectReason(d, b(0x90, 0x80, 0x81)));  // M but one PictureID byte
        assertEquals(Reason.BAD_DESCRIPTOR, rejectReason(d, b(0x90, 0x40)));        // L but no TL0PICIDX
        assertEquals(Reason.BAD_DESCRIPTOR, rejectReason(d, b(0x90, 0x10)));        // K but no KEYIDX byte
        assertEquals(Reason.BAD_DESCRIPTOR, rejectReason(d, b(0x19, 0x00)));        // PID 9 > 8
        assertEquals(Reason.EMPTY_PAYLOAD, rejectReason(d, b(0x90, 0x80, 0x81, 0x00))); // descriptor only
    }

    @Test
    void vp8PacketizerWritesPictureIdAndKeyframesAreDetected() throws MediaFormatException {
        Vp8Packetizer p = new Vp8Packetizer(100, 0x7FFF);
        byte[] keyframe = new byte[250];
        keyframe[0] = 0x10; // frame tag with P = 0: key frame (RFC 6386 §9.1)
        List<byte[]> packets = packetize(p, keyframe, 1000);
        assertEquals(3, packets.size());
        Vp8Descriptor d = new Vp8Descriptor();
        for (int i = 0; i < packets.size(); i++) {
            d.parse(packets.get(i), 0, packets.get(i).length);
            assertEquals(0x7FFF, d.pictureId());
            assertTrue(d.longPictureId());
            assertEquals(i == 0, d.partitionStart());
            assertTrue(packets.get(i).length <= 100);
        }
        // Near-equal split: 250 bytes over 3 packets of at most 96.
        assertEquals(84 + 4, packets.get(0).length);
        assertEquals(83 + 4, packets.get(2).length);
        // PictureID wraps at 15 bits.
        packets = packetize(p, new byte[] {1, 2, 3}, 4000);
        d.parse(packets.get(0), 0, packets.get(0).length);
        assertEquals(0, d.pictureId());

        FrameBuffer fb = new FrameBuffer();
        Vp8Depacketizer dp = new Vp8Depacketizer();
        for (byte[] pkt : packetize(p, keyframe, 7000)) {
            dp.append(fb, pkt, 0, pkt.length);
            fb.countPacket();
        }
        assertTrue(fb.keyframe());
        assertArrayEquals(keyframe, fb.toFrame(7000, Codec.VP8).data());
    }

    // ---- VP9, RFC 9628 ----

    @Test
    void vp9DescriptorsAreParsedAndBadOnesRejected() throws MediaFormatException {
        Vp9Descriptor d = new Vp9Descriptor();
        // I=1 (M=1 PID=0x0102), L=1 non-flexible: TID=1 U=0 SID=0 D=0, TL0PICIDX=9, B=1, V=1 SS: N_S=0 Y=1 G=0 640x480
        byte[] p = b(0x80 | 0x20 | 0x08 | 0x02, 0x81, 0x02, 0x20, 0x09, 0x10, 0x02, 0x80, 0x01, 0xE0, 0xAA);
        assertEquals(10, d.parse(p, 0, p.length));
        assertEquals(0x0102, d.pictureId());
        assertEquals(1, d.temporalId());
        assertEquals(0, d.spatialId());
        assertEquals(9, d.tl0PicIdx());
        assertEquals(640, d.width());
        assertEquals(480, d.height());
        assertTrue(d.beginning());
        assertFalse(d.interPicturePredicted());

        Vp9Depacketizer dp = new Vp9Depacketizer();
        assertEquals(Reason.BAD_DESCRIPTOR, rejectReason(dp, b(0x80)));                 // I without PictureID
        assertEquals(Reason.BAD_DESCRIPTOR, rejectReason(dp, b(0x02, 0x10, 0x01)));     // SS resolution truncated
        assertEquals(Reason.BAD_DESCRIPTOR, rejectReason(dp, b(0x50, 0x03, 0x03, 0x03, 0x02, 0x00))); // 4 P_DIFF
        assertEquals(Reason.EMPTY_PAYLOAD, rejectReason(dp, b(0x08)));                  // descriptor but no data
    }

    // ---- H.264, RFC 6184 ----

    private static byte[] annexB(byte[]... nals) {
        int size = 0;
        for (byte[] n : nals) {
            size += 4 + n.length;
        }
        byte[] out = new byte[size];
        int p = 0;
        for (byte[] n : nals) {
            out[p + 3] = 1;
            System.arraycopy(n, 0, out, p + 4, n.length);
            p += 4 + n.length;
        }
        return out;
    }

    private static byte[] nal(int header, int size) {
        byte[] n = new byte[size];
        n[0] = (byte) header;
        for (int i = 1; i < size; i++) {
            n[i] = (byte) (i % 250 + 2); // no emulated start codes
        }
        return n;
    }

    @Test
    void h264SmallNalsGoIntoOneStapAAndLargeOnesIntoFuA() throws MediaFormatException {
        byte[] sps = nal(0x67, 10);
        byte[] pps = nal(0x68, 4);
        byte[] idr = nal(0x65, 500);
        H264Packetizer p = new H264Packetizer(200);
        List<byte[]> packets = packetize(p, annexB(b(0x09, 0x10), sps, pps, idr), 0);
        // STAP-A(SPS, PPS), then the 500-byte IDR in FU-As of at most 198 body bytes: 3 fragments.
        assertEquals(4, packets.size());
        byte[] stap = packets.get(0);
        assertEquals(NalUnits.STAP_A, stap[0] & 0x1F);
        assertEquals(0x60, stap[0] & 0x60, "STAP-A NRI is the highest of its units");
        assertEquals(1 + 2 + 10 + 2 + 4, stap.length, "the AUD is not sent");
        for (int i = 1; i < 4; i++) {
            byte[] fu = packets.get(i);
            assertEquals(0x60 | NalUnits.FU_A, fu[0] & 0xFF);
            assertEquals((i == 1 ? 0x80 : 0) | (i == 3 ? 0x40 : 0) | 5, fu[1] & 0xFF);
        }
        // Fragments split evenly: 499 body bytes as 167 + 166 + 166.
        assertEquals(169, packets.get(1).length);
        assertEquals(168, packets.get(3).length);
    }

    @Test
    void h264RemembersParameterSetsAndSendsThemBeforeIdr() throws MediaFormatException {
        byte[] sps = nal(0x67, 10);
        byte[] pps = nal(0x68, 4);
        H264Packetizer p = new H264Packetizer(1200);
        packetize(p, annexB(sps, pps, nal(0x65, 50)), 0);
        packetize(p, annexB(nal(0x41, 50)), 3000);
        // An IDR access unit without SPS/PPS gets them back in front.
        List<byte[]> packets = packetize(p, annexB(nal(0x65, 50)), 6000);
        FrameBuffer fb = new FrameBuffer();
        H264Depacketizer d = new H264Depacketizer();
        for (byte[] pkt : packets) {
            d.append(fb, pkt, 0, pkt.length);
            fb.countPacket();
        }
        d.finish(fb);
        assertTrue(fb.keyframe());
        assertArrayEquals(annexB(sps, pps, nal(0x65, 50)), fb.toFrame(6000, Codec.H264).data());
        // A predicted frame does not get them.
        assertEquals(1, packetize(p, annexB(nal(0x41, 50)), 9000).size());
        // An IDR with its own (new) PPS but no SPS: the remembered SPS goes before that PPS.
        byte[] pps2 = nal(0x68, 6);
        fb.reset();
        for (byte[] pkt : packetize(p, annexB(pps2, nal(0x65, 50)), 12000)) {
            d.append(fb, pkt, 0, pkt.length);
            fb.countPacket();
        }
        assertArrayEquals(annexB(sps, pps2, nal(0x65, 50)), fb.toFrame(12000, Codec.H264).data());
    }

    @Test
    void h264MalformedPayloadsAreRejected() throws MediaFormatException {
        H264Depacketizer d = new H264Depacketizer();
        assertEquals(Reason.EMPTY_PAYLOAD, rejectReason(d, b()));
        assertEquals(Reason.FU_A_TRUNCATED, rejectReason(d, b(0x7C)));
        assertEquals(Reason.FU_A_TRUNCATED, rejectReason(d, b(0x7C, 0x85)));
        assertEquals(Reason.FU_A_START_AND_END, rejectReason(d, b(0x7C, 0xC5, 0x00)));
        assertEquals(Reason.UNSUPPORTED_NAL_TYPE, rejectReason(d, b(0x7C, 0x80, 0x00)));   // FU-A of type 0
        assertEquals(Reason.UNSUPPORTED_NAL_TYPE, rejectReason(d, b(0x79, 0x00)));         // STAP-B
        assertEquals(Reason.UNSUPPORTED_NAL_TYPE, rejectReason(d, b(0x7D, 0x00)));         // FU-B
        assertEquals(Reason.UNSUPPORTED_NAL_TYPE, rejectReason(d, b(0x60)));               // type 0
        assertEquals(Reason.FORBIDDEN_BIT, rejectReason(d, b(0xE5, 0x00)));
        assertEquals(Reason.BAD_AGGREGATION_UNIT, rejectReason(d, b(0x78, 0x00, 0x05, 0x67)));  // size past end
        assertEquals(Reason.BAD_AGGREGATION_UNIT, rejectReason(d, b(0x78, 0x00)));         // size truncated
        assertEquals(Reason.BAD_AGGREGATION_UNIT, rejectReason(d, b(0x78, 0x00, 0x00)));   // zero-size unit

        // Fragments out of order, seen at assembly time.
        FrameBuffer fb = new FrameBuffer();
        MediaFormatException e = assertThrows(MediaFormatException.class,
                () -> d.append(fb, b(0x7C, 0x05, 0x11), 0, 3));               // middle fragment first
        assertEquals(Reason.FU_A_OUT_OF_ORDER, e.reason());
        fb.reset();
        d.append(fb, b(0x7C, 0x85, 0x11), 0, 3);
        fb.countPacket();
        assertEquals(Reason.FU_A_OUT_OF_ORDER, assertThrows(MediaFormatException.class,
                () -> d.finish(fb)).reason());                                 // never ended
    }

    @Test
    void startCodeScanAgreesWithANaiveScan() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 2000; round++) {
            byte[] data = new byte[random.nextInt(64)];
            for (int i = 0; i < data.length; i++) {
                int r = random.nextInt(10);
                data[i] = (byte) (r < 4 ? 0 : r == 4 ? 1 : random.nextInt(256));
            }
            int from = data.length == 0 ? 0 : random.nextInt(data.length);
            int expected = -1;
            for (int i = from; i + 2 < data.length; i++) {
                if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                    expected = i;
                    break;
                }
            }
            assertEquals(expected, NalUnits.findStartCode(data, from, data.length), Arrays.toString(data) + " from " + from);
        }
    }

    // ---- AV1, AOM RTP payload format ----

    @Test
    void av1AggregationHeaderAndElementsAreChecked() {
        Av1Depacketizer d = new Av1Depacketizer();
        assertEquals(Reason.EMPTY_PAYLOAD, rejectReason(d, b(0x10)));
        assertEquals(Reason.TRUNCATED, rejectReason(d, b(0x00, 0x05, 0x30, 0x00)));        // length past end
        assertEquals(Reason.BAD_LEB128, rejectReason(d, b(0x00, 0x80)));                   // LEB128 runs off
        assertEquals(Reason.BAD_AGGREGATION_HEADER, rejectReason(d, b(0x30, 0x01, 0x30, 0x01, 0x30))); // W=3, 2 elements
        assertEquals(Reason.BAD_AGGREGATION_HEADER, rejectReason(d, b(0x88, 0x30)));       // Z and N
    }

    @Test
    void av1FragmentsAreJoinedAndTemporalDelimitersDropped() throws MediaFormatException {
        // TD, sequence header (12 bytes), frame OBU (600 bytes), all with obu_size.
        byte[] seqHdr = new byte[12];
        byte[] frame = new byte[600];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) i;
        }
        byte[] tu = new byte[2 + 2 + 12 + 1 + 2 + 600];
        int p = 0;
        tu[p++] = 0x12;
        tu[p++] = 0x00;
        tu[p++] = 0x0A; // sequence header, has_size
        tu[p++] = 12;
        System.arraycopy(seqHdr, 0, tu, p, 12);
        p += 12;
        tu[p++] = 0x32; // frame OBU, has_size
        p = Leb128.write(600, tu, p);
        System.arraycopy(frame, 0, tu, p, 600);
        Av1Packetizer tx = new Av1Packetizer(250);
        List<byte[]> packets = packetize(tx, tu, 0);
        assertEquals(3, packets.size());
        assertEquals(0x08, packets.get(0)[0] & 0x08, "N on the first packet of a new coded video sequence");
        assertEquals(0x40, packets.get(0)[0] & 0xC0, "first packet: Y only");
        assertEquals(0xC0, packets.get(1)[0] & 0xC0, "middle packet: Z and Y");
        assertEquals(0x80, packets.get(2)[0] & 0xC0, "last packet: Z only");
        FrameBuffer fb = new FrameBuffer();
        Av1Depacketizer rx = new Av1Depacketizer();
        for (byte[] pkt : packets) {
            assertTrue(pkt.length <= 250);
            rx.append(fb, pkt, 0, pkt.length);
            fb.countPacket();
        }
        rx.finish(fb);
        assertTrue(fb.keyframe());
        assertArrayEquals(tu, fb.toFrame(0, Codec.AV1).data());
    }
}
