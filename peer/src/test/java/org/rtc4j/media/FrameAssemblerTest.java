package org.rtc4j.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtc4j.media.FrameAssembler.PacketStatus;
import org.rtc4j.media.h264.H264Depacketizer;
import org.rtc4j.media.vp8.Vp8Depacketizer;
import org.rtc4j.media.vp8.Vp8Packetizer;
import org.rtc4j.media.vp9.Vp9Depacketizer;

class FrameAssemblerTest {

    private static final long MS = 1_000_000L;

    /** A VP8 frame of {@code size} bytes cut into payloads of at most 104 bytes. */
    private static List<byte[]> vp8Packets(Vp8Packetizer p, int size, boolean key, long ts) throws MediaFormatException {
        byte[] frame = vp8Frame(size, key);
        p.packetize(frame, 0, frame.length, ts);
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[p.maxPayloadSize()];
        while (p.hasNext()) {
            out.add(Arrays.copyOf(buf, p.next(buf, 0)));
        }
        return out;
    }

    private static byte[] vp8Frame(int size, boolean key) {
        byte[] frame = new byte[size];
        for (int i = 0; i < size; i++) {
            frame[i] = (byte) (i * 7 + size);
        }
        frame[0] = (byte) (key ? 0x10 : 0x11);
        return frame;
    }

    private static FrameAssembler vp8(long targetDelayMillis) {
        return new FrameAssembler(new Vp8Depacketizer(), new FrameAssembler.Config(64, targetDelayMillis * MS));
    }

    @Test
    void jitterBufferHoldsFramesForTheTargetDelay() throws MediaFormatException {
        FrameAssembler rx = vp8(40);
        Vp8Packetizer tx = new Vp8Packetizer(108, 1);
        List<byte[]> f0 = vp8Packets(tx, 300, true, 90_000);
        List<byte[]> f1 = vp8Packets(tx, 300, false, 93_000); // 33.3 ms later in media time
        int seq = 100;
        for (int i = 0; i < f0.size(); i++) {
            byte[] p = f0.get(i);
            assertEquals(PacketStatus.ACCEPTED, rx.handlePacket(10 * MS + i * MS, seq++, 90_000, i == f0.size() - 1, p, 0, p.length));
        }
        // Playout = first arrival (10 ms) + 40 ms.
        assertEquals(50 * MS, rx.pollTimeout());
        assertNull(rx.pollFrame(49 * MS));
        EncodedFrame first = rx.pollFrame(50 * MS);
        assertNotNull(first);
        assertTrue(first.keyframe());
        assertArrayEquals(vp8Frame(300, true), first.data());
        assertFalse(rx.keyframeNeeded());
        // The next frame arrives late (jitter 20 ms) but plays on schedule: 50 + 33.3 ms.
        for (int i = 0; i < f1.size(); i++) {
            byte[] p = f1.get(i);
            rx.handlePacket(63 * MS, seq++, 93_000, i == f1.size() - 1, p, 0, p.length);
        }
        long due = 50 * MS + 3000 * 1_000_000_000L / 90_000;
        assertEquals(due, rx.pollTimeout());
        assertNull(rx.pollFrame(due - 1));
        EncodedFrame second = rx.pollFrame(due);
        assertFalse(second.keyframe());
        assertEquals(Long.MAX_VALUE, rx.pollTimeout());
        // A longer target delay pushes later frames back by the difference.
        rx.setTargetDelayNanos(100 * MS);
        List<byte[]> f2 = vp8Packets(tx, 100, false, 96_000);
        rx.handlePacket(80 * MS, seq, 96_000, true, f2.get(0), 0, f2.get(0).length);
        assertEquals(10 * MS + 6000 * 1_000_000_000L / 90_000 + 100 * MS, rx.pollTimeout());
    }

    @Test
    void gapsAreReportedForNackAcrossTheSequenceWrap() throws MediaFormatException {
        FrameAssembler rx = vp8(100);
        Vp8Packetizer tx = new Vp8Packetizer(108, 1);
        List<byte[]> f = vp8Packets(tx, 500, true, 0); // 5 packets
        int[] seqs = {65534, 65535, 0, 1, 2};
        rx.handlePacket(0, seqs[0], 0, false, f.get(0), 0, f.get(0).length);
        rx.handlePacket(0, seqs[3], 0, false, f.get(3), 0, f.get(3).length);
        rx.handlePacket(0, seqs[4], 0, true, f.get(4), 0, f.get(4).length);
        int[] missing = new int[8];
        assertEquals(2, rx.missingSequenceNumbers(missing));
        assertEquals(65535, missing[0]);
        assertEquals(0, missing[1]);
        assertNull(rx.pollFrame(50 * MS));
        // Retransmissions fill the gap before the deadline: the frame is whole.
        rx.handlePacket(60 * MS, seqs[2], 0, false, f.get(2), 0, f.get(2).length);
        rx.handlePacket(70 * MS, seqs[1], 0, false, f.get(1), 0, f.get(1).length);
        assertEquals(0, rx.missingSequenceNumbers(missing));
        EncodedFrame frame = rx.pollFrame(100 * MS);
        assertArrayEquals(vp8Frame(500, true), frame.data());
        assertNull(rx.pollLoss());
    }

    @Test
    void incompleteFrameIsGivenUpAtItsDeadlineAndTheNextOneFollows() throws MediaFormatException {
        FrameAssembler rx = vp8(30);
        Vp8Packetizer tx = new Vp8Packetizer(108, 1);
        List<byte[]> f0 = vp8Packets(tx, 300, true, 0);
        List<byte[]> f1 = vp8Packets(tx, 300, false, 3000);
        // Frame 0 loses its middle packet (seq 11).
        rx.handlePacket(0, 10, 0, false, f0.get(0), 0, f0.get(0).length);
        rx.handlePacket(0, 12, 0, true, f0.get(2), 0, f0.get(2).length);
        for (int i = 0; i < f1.size(); i++) {
            rx.handlePacket(33 * MS, 13 + i, 3000, i == f1.size() - 1, f1.get(i), 0, f1.get(i).length);
        }
        assertNull(rx.pollFrame(29 * MS));
        assertNull(rx.pollFrame(30 * MS), "frame 0 is given up, frame 1 is not due yet");
        FrameLoss loss = rx.pollLoss();
        assertEquals(new FrameLoss(10, 12, FrameLoss.Reason.INCOMPLETE), loss);
        assertTrue(rx.keyframeNeeded());
        EncodedFrame next = rx.pollFrame(64 * MS);
        assertEquals(3000, next.rtpTimestamp());
        assertArrayEquals(vp8Frame(300, false), next.data());
        // The late packet is now too old.
        assertEquals(PacketStatus.TOO_OLD, rx.handlePacket(70 * MS, 11, 0, false, f0.get(1), 0, f0.get(1).length));
        assertEquals(1, rx.tooOldPackets());
    }

    @Test
    void aLargeFramePacedOutOverMoreThanTheDelayWaitsForItsEnd() throws MediaFormatException {
        // A sender's pacer spreads a 16-packet keyframe over 300 ms (a call's first keyframe at the
        // start-up rate); nothing is lost, so nothing may be given up.
        FrameAssembler rx = vp8(50);
        Vp8Packetizer tx = new Vp8Packetizer(108, 1);
        List<byte[]> key = vp8Packets(tx, 1600, true, 0);
        assertEquals(16, key.size());
        for (int i = 0; i < key.size() - 1; i++) {
            rx.handlePacket(i * 20 * MS, 500 + i, 0, false, key.get(i), 0, key.get(i).length);
            assertNull(rx.pollFrame(i * 20 * MS));
            assertNull(rx.pollLoss(), "packet " + i + ": the frame is still arriving");
        }
        assertEquals(280 * MS + 50 * MS, rx.pollTimeout(), "it waits while packets keep coming");
        assertNull(rx.pollFrame(299 * MS));
        assertNull(rx.pollLoss());
        rx.handlePacket(300 * MS, 515, 0, true, key.get(15), 0, key.get(15).length);
        EncodedFrame f = rx.pollFrame(300 * MS);
        assertNotNull(f, "delivered once whole, late");
        assertTrue(f.keyframe());
        assertArrayEquals(vp8Frame(1600, true), f.data());
        assertFalse(rx.keyframeNeeded());
        // A frame whose end never comes is given up once packets stop for the delay.
        List<byte[]> next = vp8Packets(tx, 300, false, 3000);
        rx.handlePacket(310 * MS, 516, 3000, false, next.get(0), 0, next.get(0).length);
        rx.handlePacket(320 * MS, 517, 3000, false, next.get(1), 0, next.get(1).length);
        assertEquals(370 * MS, rx.pollTimeout());
        assertNull(rx.pollFrame(369 * MS));
        assertNull(rx.pollLoss());
        assertNull(rx.pollFrame(370 * MS));
        assertEquals(FrameLoss.Reason.INCOMPLETE, rx.pollLoss().reason());
    }

    @Test
    void duplicatesAndMalformedPacketsAreCountedAndDropped() throws MediaFormatException {
        FrameAssembler rx = vp8(0);
        Vp8Packetizer tx = new Vp8Packetizer(108, 1);
        List<byte[]> f = vp8Packets(tx, 200, true, 0);
        assertEquals(PacketStatus.ACCEPTED, rx.handlePacket(0, 1, 0, false, f.get(0), 0, f.get(0).length));
        assertEquals(PacketStatus.DUPLICATE, rx.handlePacket(0, 1, 0, false, f.get(0), 0, f.get(0).length));
        byte[] bad = {(byte) 0x90};
        assertEquals(PacketStatus.MALFORMED, rx.handlePacket(0, 2, 0, true, bad, 0, 1));
        assertEquals(1, rx.duplicatePackets());
        assertEquals(1, rx.malformedPackets());
        assertEquals(PacketStatus.ACCEPTED, rx.handlePacket(0, 2, 0, true, f.get(1), 0, f.get(1).length));
        assertNotNull(rx.pollFrame(0));
        assertEquals(1, rx.framesReleased());
    }

    @Test
    void frameHandedOutIsACopy() throws MediaFormatException {
        FrameAssembler rx = vp8(0);
        byte[] payload = {0x10, 0x10, 1, 2, 3};
        rx.handlePacket(0, 5, 0, true, payload, 0, payload.length);
        Arrays.fill(payload, (byte) 0); // the receive buffer is reused right away
        EncodedFrame f = rx.pollFrame(0);
        assertArrayEquals(new byte[] {0x10, 1, 2, 3}, f.data());
    }

    @Test
    void malformedFrameContentIsReportedNotDelivered() {
        // Two FU-A fragments marked start-start: each packet is fine alone, the frame is not.
        FrameAssembler rx = new FrameAssembler(new H264Depacketizer(), new FrameAssembler.Config(64, 0));
        byte[] sps = {0x67, 0x42, 0x00, 0x1F};
        byte[] fuStart = {0x7C, (byte) 0x85, 0x11, 0x22};
        rx.handlePacket(0, 1, 0, false, sps, 0, sps.length);
        rx.handlePacket(0, 2, 0, false, fuStart, 0, fuStart.length);
        rx.handlePacket(0, 3, 0, true, fuStart, 0, fuStart.length);
        assertNull(rx.pollFrame(0));
        assertEquals(new FrameLoss(1, 3, FrameLoss.Reason.MALFORMED), rx.pollLoss());
    }

    /** A hand-made VP9 payload (RFC 9628 §4.2: no PictureID, only the B and E bits) and 3 bytes of data. */
    private static byte[] vp9Payload(boolean b, boolean e, int fill) {
        return new byte[] {(byte) ((b ? 0x08 : 0) | (e ? 0x04 : 0)), (byte) fill, (byte) (fill + 1), (byte) (fill + 2)};
    }

    private static PacketStatus feed(FrameAssembler rx, long now, int seq, long ts, boolean marker, byte[] p) {
        return rx.handlePacket(now, seq, ts, marker, p, 0, p.length);
    }

    @Test
    void vp9FrameEndsOnlyAtItsEBit() {
        // RFC 9628 §4.2: a frame runs from B to E. Packet 10 begins frame 3000 without ending it; 11,
        // next in sequence, is another frame: 3000's end never came, it is lost, not delivered short.
        FrameAssembler rx = new FrameAssembler(new Vp9Depacketizer(), new FrameAssembler.Config(64, 10 * MS));
        assertEquals(PacketStatus.ACCEPTED, feed(rx, 0, 10, 3000, false, vp9Payload(true, false, 1)));
        assertEquals(PacketStatus.ACCEPTED, feed(rx, 0, 11, 6000, true, vp9Payload(true, true, 7)));
        EncodedFrame f = rx.pollFrame(1_000 * MS);
        assertEquals(6000, f.rtpTimestamp(), "frame 3000 has no E bit: never delivered");
        assertArrayEquals(new byte[] {7, 8, 9}, f.data());
        assertEquals(new FrameLoss(10, 10, FrameLoss.Reason.INCOMPLETE), rx.pollLoss());
        // The marker bit without E does not end a frame either (a non-scalable sender sets both).
        assertEquals(PacketStatus.ACCEPTED, feed(rx, 2_000 * MS, 12, 9000, true, vp9Payload(true, false, 20)));
        assertEquals(PacketStatus.ACCEPTED, feed(rx, 2_000 * MS, 13, 9000, true, vp9Payload(false, true, 30)));
        assertArrayEquals(new byte[] {20, 21, 22, 30, 31, 32}, rx.pollFrame(3_000 * MS).data());
    }

    @Test
    void aStrayTimestampDoesNotSplitAFrame() throws MediaFormatException {
        // FrameAssemblerFuzzTest's VP9 finding: packets with far timestamps under other sequence numbers
        // moved the timestamp unwrapping, so the frame's second packet got another extended timestamp
        // and the frame "ended" after its first packet. One frame is one 32-bit RTP timestamp.
        long t = 2_605_325_209L;
        FrameAssembler vp9 = new FrameAssembler(new Vp9Depacketizer(), new FrameAssembler.Config(256, 10 * MS));
        feed(vp9, 0, 41170, t, false, vp9Payload(true, false, 1));
        feed(vp9, 1 * MS, 41275, 885_010_750L, false, vp9Payload(true, false, 50));
        feed(vp9, 2 * MS, 41276, 3_275_560_666L, true, vp9Payload(true, true, 60));
        feed(vp9, 3 * MS, 41171, t, false, vp9Payload(false, false, 4));
        feed(vp9, 4 * MS, 41172, t, true, vp9Payload(false, true, 10));
        EncodedFrame f = vp9.pollFrame(10_000 * MS);
        assertEquals(t, f.rtpTimestamp());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 10, 11, 12}, f.data());
        // The same for VP8, whose frames also end where the timestamp changes.
        FrameAssembler vp8 = vp8(10);
        Vp8Packetizer tx = new Vp8Packetizer(108, 1);
        List<byte[]> frame = vp8Packets(tx, 300, true, t);
        List<byte[]> stray = vp8Packets(tx, 50, true, 885_010_750L);
        List<byte[]> stray2 = vp8Packets(tx, 50, true, 3_275_560_666L);
        feed(vp8, 0, 1000, t, false, frame.get(0));
        feed(vp8, 0, 1050, 885_010_750L, true, stray.get(0));
        feed(vp8, 0, 1051, 3_275_560_666L, true, stray2.get(0));
        for (int i = 1; i < frame.size(); i++) {
            feed(vp8, 0, 1000 + i, t, i == frame.size() - 1, frame.get(i));
        }
        EncodedFrame g = vp8.pollFrame(10_000 * MS);
        assertEquals(t, g.rtpTimestamp());
        assertArrayEquals(vp8Frame(300, true), g.data());
    }

    @Test
    void packetFarAheadMovesTheWindow() throws MediaFormatException {
        FrameAssembler rx = vp8(1000);
        Vp8Packetizer tx = new Vp8Packetizer(108, 1);
        List<byte[]> f0 = vp8Packets(tx, 300, true, 0);
        rx.handlePacket(0, 0, 0, false, f0.get(0), 0, f0.get(0).length); // frame 0 never completes
        List<byte[]> far = vp8Packets(tx, 50, true, 90_000);
        assertEquals(PacketStatus.ACCEPTED, rx.handlePacket(MS, 100, 90_000, true, far.get(0), 0, far.get(0).length));
        FrameLoss loss = rx.pollLoss();
        assertEquals(FrameLoss.Reason.WINDOW_OVERFLOW, loss.reason());
        assertTrue(loss.covers(0));
        assertEquals(90_000, rx.pollFrame(2000 * MS).rtpTimestamp());
    }

    @Test
    void reorderedFirstPacketsMoveTheStartBack() throws MediaFormatException {
        FrameAssembler rx = vp8(10);
        Vp8Packetizer tx = new Vp8Packetizer(108, 1);
        List<byte[]> f = vp8Packets(tx, 300, true, 0);
        rx.handlePacket(0, 502, 0, true, f.get(2), 0, f.get(2).length);
        rx.handlePacket(MS, 500, 0, false, f.get(0), 0, f.get(0).length);
        rx.handlePacket(2 * MS, 501, 0, false, f.get(1), 0, f.get(1).length);
        assertArrayEquals(vp8Frame(300, true), rx.pollFrame(20 * MS).data());
        assertNull(rx.pollLoss());
    }

    @Test
    void paddingBetweenFramesIsABoundaryNotAGap() {
        // H.264 single-NAL frames, with padding-only packets (bandwidth probes) between them.
        FrameAssembler rx = new FrameAssembler(new H264Depacketizer(), new FrameAssembler.Config(64, 0));
        byte[] sps = {0x67, 0x42, 0x00, 0x1F};
        byte[] idr = {0x65, 0x11, 0x22};
        byte[] p1 = {0x41, 0x33};
        byte[] p2 = {0x41, 0x44};
        assertEquals(PacketStatus.ACCEPTED, rx.handlePacket(0, 1, 0, false, sps, 0, sps.length));
        assertEquals(PacketStatus.ACCEPTED, rx.handlePacket(0, 2, 0, true, idr, 0, idr.length));
        assertEquals(PacketStatus.PADDING, rx.handlePacket(0, 3, 0, false, new byte[0], 0, 0));
        assertEquals(PacketStatus.PADDING, rx.handlePacket(0, 4, 0, false, new byte[0], 0, 0));
        // Frame 2 arrives before frame 1 (whose marker packet is seq 5).
        assertEquals(PacketStatus.ACCEPTED, rx.handlePacket(0, 7, 6000, true, p2, 0, p2.length));
        int[] missing = new int[4];
        assertEquals(2, rx.missingSequenceNumbers(missing), "padding fills its sequence numbers");
        assertEquals(5, missing[0]);
        assertEquals(6, missing[1]);
        rx.handlePacket(0, 5, 3000, true, p1, 0, p1.length);
        rx.handlePacket(0, 6, 3000, false, new byte[0], 0, 0);
        assertTrue(rx.pollFrame(MS).keyframe());
        assertArrayEquals(new byte[] {0, 0, 0, 1, 0x41, 0x33}, rx.pollFrame(MS).data());
        // Seq 7 follows padding: its start is trusted although it is not an SPS.
        assertArrayEquals(new byte[] {0, 0, 0, 1, 0x41, 0x44}, rx.pollFrame(MS).data());
        assertNull(rx.pollLoss());
        assertEquals(3, rx.paddingPackets());
    }

    /** A pool that counts what is out, for the assembler's buffer discipline. */
    private static final class CountingBuffers implements PacketBuffers {
        int out;
        int taken;

        @Override
        public byte[] take(int minLength) {
            out++;
            taken++;
            return new byte[Math.max(minLength, 2048)];
        }

        @Override
        public void give(byte[] buffer) {
            out--;
        }
    }

    @Test
    void pooledPayloadsGoBackAsFramesLeaveOrAreGivenUp() throws MediaFormatException {
        CountingBuffers pool = new CountingBuffers();
        FrameAssembler rx = new FrameAssembler(new Vp8Depacketizer(), new FrameAssembler.Config(64, 30 * MS), pool);
        Vp8Packetizer tx = new Vp8Packetizer(108, 1);
        int seq = 100;
        for (int f = 0; f < 20; f++) {
            List<byte[]> packets = vp8Packets(tx, 300, f == 0, f * 3000L);
            for (int i = 0; i < packets.size(); i++, seq++) {
                if (f == 5 && i == 1) {
                    continue; // frame 5 loses a packet and is given up
                }
                rx.handlePacket(f * 33 * MS, seq, f * 3000L, i == packets.size() - 1, packets.get(i), 0,
                        packets.get(i).length);
            }
            while (rx.pollFrame(f * 33 * MS + 30 * MS) != null) {
                // drain what is due
            }
            assertTrue(pool.out <= 2 * packets.size(), "frame " + f + ": only the frames not yet due hold buffers: " + pool.out);
        }
        assertTrue(rx.pollLoss() != null, "frame 5 was given up");
        assertTrue(pool.taken > 40);
        rx.release();
        assertEquals(0, pool.out, "every buffer is back once the stream ends");
    }
}
