package org.rtc4j.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fixture frames, packetized, sent over a lossy, reordering, duplicating link and reassembled:
 * every frame comes out byte-identical or is reported lost, never corrupted.
 */
class RoundTripTest {

    private static final int RTP_HEADER = 12;
    private static final long MS = 1_000_000L;

    /** One RTP packet on the simulated link. */
    record Packet(int seq, long ts, boolean marker, byte[] payload, int frameIndex, long arrivalNanos, int order) {}

    /** Link impairments; {@code padding}: chance of a padding-only packet after a frame. */
    record Link(String name, double drop, double duplicate, long jitterMillis, double padding) {}

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        Link[] links = {
            new Link("clean", 0, 0, 0, 0),
            new Link("reorder+dup+padding", 0, 0.05, 25, 0.1),
            new Link("lossy", 0.03, 0.05, 25, 0.1),
        };
        for (Codec codec : Codec.values()) {
            for (int mtu : new int[] {300, 500, 900, 1200, 1500}) {
                for (Link link : links) {
                    cases.add(Arguments.of(codec, mtu, link));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} mtu={1} {2}")
    @MethodSource("cases")
    void framesSurviveTheLinkOrAreReportedLost(Codec codec, int mtu, Link link) throws Exception {
        List<Fixtures.Sample> samples = Fixtures.load(codec);
        int maxPayload = mtu - 28 - RTP_HEADER - 10; // IPv4 + UDP, RTP header, SRTP tag
        Packetizer packetizer = Codecs.packetizer(codec, maxPayload);

        // Packetize everything: check sizes, marker and timestamp on the way.
        List<Packet> sent = new ArrayList<>();
        int seq = 65_500; // sequence numbers wrap during the test
        long frameInterval = codec.isAudio() ? 20 * MS : 33 * MS;
        byte[] buf = new byte[RTP_HEADER + maxPayload];
        Map<Integer, int[]> frameSeqs = new HashMap<>();
        boolean[] unsendable = new boolean[samples.size()];
        Random paddingRandom = new Random(mtu);
        for (int i = 0; i < samples.size(); i++) {
            Fixtures.Sample s = samples.get(i);
            if (codec == Codec.OPUS && s.input().length > maxPayload) {
                // RFC 7587 has no fragmentation: such a frame is refused, with a reason.
                MediaFormatException e = assertThrows(MediaFormatException.class,
                        () -> packetizer.packetize(s.input(), 0, s.input().length, s.expected().rtpTimestamp()));
                assertEquals(MediaFormatException.Reason.FRAME_TOO_LARGE, e.reason());
                unsendable[i] = true;
                continue;
            }
            packetizer.packetize(s.input(), 0, s.input().length, s.expected().rtpTimestamp());
            int first = seq;
            int count = 0;
            while (packetizer.hasNext()) {
                Arrays.fill(buf, (byte) 0xFF); // dirty buffer: the packetizer must write every byte it reports
                int len = packetizer.next(buf, RTP_HEADER);
                assertTrue(len > 0 && len <= maxPayload, "payload size " + len);
                if (codec.isAudio()) {
                    assertFalse(packetizer.marker(), "no silence suppression: marker bit zero (RFC 3551 §4.1)");
                } else {
                    assertEquals(!packetizer.hasNext(), packetizer.marker(), "marker on the last payload of a frame only");
                }
                if (!codec.isAudio() || codec == Codec.OPUS) {
                    assertEquals(s.expected().rtpTimestamp(), packetizer.timestamp());
                }
                sent.add(new Packet(seq & 0xFFFF, packetizer.timestamp(), packetizer.marker(),
                        Arrays.copyOfRange(buf, RTP_HEADER, RTP_HEADER + len), i, 0, 0));
                seq++;
                count++;
            }
            frameSeqs.put(i, new int[] {first & 0xFFFF, count});
            // Bandwidth probing: a padding-only packet between frames takes a sequence number.
            if (paddingRandom.nextDouble() < link.padding()) {
                sent.add(new Packet(seq & 0xFFFF, s.expected().rtpTimestamp(), false, new byte[0], i, 0, 0));
                seq++;
            }
        }

        // The link: loss, duplication, jitter (hence reordering), with a fixed seed.
        Random random = new Random(codec.ordinal() * 7919L + mtu * 31L + link.name().hashCode());
        List<Packet> arrivals = new ArrayList<>();
        boolean[] droppedFrame = new boolean[samples.size()];
        boolean[] droppedPaddingAfter = new boolean[samples.size()];
        int order = 0;
        for (Packet p : sent) {
            long sendTime = p.frameIndex() * frameInterval;
            int copies = random.nextDouble() < link.duplicate() ? 2 : 1;
            if (random.nextDouble() < link.drop()) {
                if (p.payload().length > 0) {
                    droppedFrame[p.frameIndex()] = true;
                } else {
                    droppedPaddingAfter[p.frameIndex()] = true;
                }
                continue;
            }
            for (int c = 0; c < copies; c++) {
                long jitter = link.jitterMillis() == 0 ? 0 : (long) (random.nextDouble() * link.jitterMillis() * MS);
                arrivals.add(new Packet(p.seq(), p.ts(), p.marker(), p.payload(), p.frameIndex(),
                        sendTime + 5 * MS + jitter, order++));
            }
        }
        arrivals.sort(Comparator.comparingLong(Packet::arrivalNanos).thenComparingInt(Packet::order));
        int firstArrived = arrivals.stream().mapToInt(Packet::frameIndex).min().orElse(0);
        int lastArrived = arrivals.stream().mapToInt(Packet::frameIndex).max().orElse(0);

        FrameAssembler rx = new FrameAssembler(Codecs.depacketizer(codec),
                new FrameAssembler.Config(1024, (link.jitterMillis() + 20) * MS));
        List<EncodedFrame> received = new ArrayList<>();
        List<FrameLoss> losses = new ArrayList<>();
        byte[] wire = new byte[2048];
        for (Packet p : arrivals) {
            // Put the payload at an offset in a dirty receive buffer, as a socket would.
            Arrays.fill(wire, (byte) 0xA5);
            System.arraycopy(p.payload(), 0, wire, RTP_HEADER, p.payload().length);
            FrameAssembler.PacketStatus status = rx.handlePacket(p.arrivalNanos(), p.seq(), p.ts(), p.marker(),
                    wire, RTP_HEADER, p.payload().length);
            assertTrue(status != FrameAssembler.PacketStatus.MALFORMED, "our own payload rejected");
            if (status == FrameAssembler.PacketStatus.PADDING || status == FrameAssembler.PacketStatus.ACCEPTED) {
                assertEquals(p.payload().length == 0, status == FrameAssembler.PacketStatus.PADDING);
            }
            drain(rx, p.arrivalNanos(), received, losses);
        }
        drain(rx, Long.MAX_VALUE / 2, received, losses);

        // Every frame that came out is byte-identical to one that went in, in order.
        Map<Long, Integer> byTimestamp = new HashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            byTimestamp.put(samples.get(i).expected().rtpTimestamp(), i);
        }
        int lastIndex = -1;
        boolean[] delivered = new boolean[samples.size()];
        for (EncodedFrame f : received) {
            Integer index = byTimestamp.get(f.rtpTimestamp());
            assertTrue(index != null, "frame with unknown timestamp " + f.rtpTimestamp());
            EncodedFrame expected = samples.get(index).expected();
            assertArrayEquals(expected.data(), f.data(), "frame " + index + " corrupted");
            assertEquals(expected.keyframe(), f.keyframe(), "keyframe flag of frame " + index);
            assertEquals(codec, f.codec());
            assertTrue(index > lastIndex, "frames out of order or repeated at " + index);
            lastIndex = index;
            delivered[index] = true;
        }
        // Every frame that did not come out lost a packet on the link and was reported.
        for (int i = 0; i < samples.size(); i++) {
            if (delivered[i] || unsendable[i]) {
                continue;
            }
            if (i < firstArrived || i > lastArrived) {
                continue; // nothing tells a receiver about packets before the first or after the last it gets
            }
            // H.264 and AV1 payloads cannot say "I start a frame" (except at an SPS / N = 1): when
            // the previous frame's last packet is lost, this frame's start is ambiguous and it is
            // given up too, rather than risk delivering a frame with a missing head.
            boolean ambiguousStart = (codec == Codec.H264 || codec == Codec.AV1) && i > 0
                    && (droppedFrame[i - 1] || droppedPaddingAfter[i - 1]);
            assertTrue(droppedFrame[i] || ambiguousStart, "frame " + i + " lost although all its packets arrived");
            int[] range = frameSeqs.get(i);
            boolean reported = false;
            for (FrameLoss l : losses) {
                for (int k = 0; k < range[1] && !reported; k++) {
                    reported = l.covers((range[0] + k) & 0xFFFF);
                }
            }
            assertTrue(reported, "frame " + i + " missing but not reported");
        }
        if (link.drop() == 0) {
            int sendable = 0;
            for (boolean u : unsendable) {
                sendable += u ? 0 : 1;
            }
            assertEquals(sendable, received.size(), "every frame delivered on a loss-free link");
            assertTrue(losses.isEmpty(), "no loss reported on a loss-free link: " + losses);
        } else {
            assertTrue(received.size() > samples.size() / 2, "most frames get through 3% loss");
        }
        assertEquals(Long.MAX_VALUE, rx.pollTimeout(), "nothing left buffered");
    }

    private static void drain(FrameAssembler rx, long now, List<EncodedFrame> frames, List<FrameLoss> losses) {
        for (EncodedFrame f; (f = rx.pollFrame(now)) != null; ) {
            frames.add(f);
        }
        for (FrameLoss l; (l = rx.pollLoss()) != null; ) {
            losses.add(l);
        }
    }
}
