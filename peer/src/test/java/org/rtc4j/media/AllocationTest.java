package org.rtc4j.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtc4j.peer.testing.ThreadAllocation;

/**
 * The packet path allocates nothing: packetizing a frame, and handing payloads to the assembler,
 * allocate zero bytes once warmed up (JMH's {@code -prof gc} shows the same for VP8 and H.264; this
 * checks every format). Measured with the per-thread allocation counter of HotSpot.
 */
class AllocationTest {

    private static long allocated() {
        return ThreadAllocation.bytes();
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void packetizingAndReceivingPayloadsAllocateNothing(Codec codec) throws Exception {
        assumeTrue(ThreadAllocation.supported(), "this JVM does not count per-thread allocation");
        List<Fixtures.Sample> samples = Fixtures.load(codec);
        Packetizer tx = Codecs.packetizer(codec, 1200);
        byte[] packet = new byte[1300];
        long baseline = ThreadAllocation.readingCost();
        // Warm up (lazy buffers grow to size) on all frames, then measure a second pass.
        for (int round = 0; round < 2; round++) {
            long before = allocated();
            int payloads = 0;
            for (int k = 0; k < samples.size(); k++) { // indexed: an iterator would be an allocation
                Fixtures.Sample s = samples.get(k);
                tx.packetize(s.input(), 0, s.input().length, s.expected().rtpTimestamp());
                while (tx.hasNext()) {
                    tx.next(packet, 12);
                    payloads++;
                }
            }
            long bytes = allocated() - before - baseline;
            if (round == 1) {
                assertEquals(0, bytes, codec + ": bytes allocated while packetizing " + payloads + " payloads");
            }
        }

        // Receive: payloads into the assembler allocate nothing once its ring has grown.
        List<byte[]> payloads = new ArrayList<>();
        List<Boolean> markers = new ArrayList<>();
        List<Long> timestamps = new ArrayList<>();
        for (Fixtures.Sample s : samples.subList(0, Math.min(20, samples.size()))) {
            tx.packetize(s.input(), 0, s.input().length, s.expected().rtpTimestamp());
            while (tx.hasNext()) {
                int n = tx.next(packet, 0);
                payloads.add(Arrays.copyOf(packet, n));
                markers.add(tx.marker());
                timestamps.add(tx.timestamp());
            }
        }
        long[] ts = timestamps.stream().mapToLong(Long::longValue).toArray();
        boolean[] marker = new boolean[ts.length];
        for (int i = 0; i < ts.length; i++) {
            marker[i] = markers.get(i);
        }
        // A 64-slot ring: after a few rounds every slot has its buffer and the ring has wrapped.
        FrameAssembler rx = new FrameAssembler(Codecs.depacketizer(codec), new FrameAssembler.Config(64, 0));
        int seq = 0;
        for (int round = 0; round < 10; round++) {
            long before = allocated();
            for (int i = 0; i < payloads.size(); i++) {
                byte[] p = payloads.get(i);
                // Each round replays the frames a minute later in media time, as a continuing stream.
                long t = (ts[i] + round * 60L * codec.clockRate()) & 0xFFFF_FFFFL;
                rx.handlePacket(0, seq++ & 0xFFFF, t, marker[i], p, 0, p.length);
            }
            long bytes = allocated() - before - baseline;
            if (round == 9) {
                assertEquals(0, bytes, codec + ": bytes allocated by handlePacket for " + payloads.size() + " payloads");
            }
            while (rx.pollFrame(Long.MAX_VALUE / 4) != null) {
                // release everything; frames are the one allocation the receive side makes
            }
            while (rx.pollLoss() != null) {
                // drain
            }
        }
    }
}
