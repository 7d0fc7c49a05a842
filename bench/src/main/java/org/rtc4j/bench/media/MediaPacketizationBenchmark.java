package org.rtc4j.bench.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rtc4j.media.Codec;
import org.rtc4j.media.Depacketizer;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.media.FrameAssembler;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.Packetizer;
import org.rtc4j.media.h264.H264Depacketizer;
import org.rtc4j.media.h264.H264Packetizer;
import org.rtc4j.media.vp8.Vp8Depacketizer;
import org.rtc4j.media.vp8.Vp8Packetizer;

/**
 * Frame to RTP payloads and back, for VP8 and H.264 frames of 10 KB and 100 KB at a 1200-byte
 * payload limit. One operation is one frame.
 *
 * <ul>
 *   <li>{@code packetize}: all payloads of a frame written into one reusable packet buffer.
 *       Expected: 0 B/op (the packets themselves are the caller's buffers).
 *   <li>{@code depacketize}: all payloads of a frame through {@link FrameAssembler#handlePacket}
 *       (which copies each payload into its ring) and {@link FrameAssembler#pollFrame}. Expected
 *       allocation: the frame handed to the application (frame size + record), nothing per packet.
 * </ul>
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar MediaPacketization -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// depacketize hands out a fresh frame per operation: a pre-touched fixed heap keeps first-touch page
// faults on new eden memory (which dominated on the shared machine) out of the measurement.
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class MediaPacketizationBenchmark {

    private static final int MAX_PAYLOAD = 1200;

    @Param({"VP8", "H264"})
    public String codec;

    @Param({"10000", "100000"})
    public int frameSize;

    private byte[] frame;
    private Packetizer packetizer;
    private final byte[] packet = new byte[12 + MAX_PAYLOAD];

    private byte[][] payloads;
    private boolean[] markers;
    private FrameAssembler assembler;
    private int seq;
    private long ts;

    @Setup(Level.Trial)
    public void setUp() throws MediaFormatException {
        Codec c = Codec.valueOf(codec);
        frame = c == Codec.VP8 ? vp8Frame(frameSize) : h264AccessUnit(frameSize);
        packetizer = c == Codec.VP8 ? new Vp8Packetizer(MAX_PAYLOAD, 1) : new H264Packetizer(MAX_PAYLOAD);
        // Pre-packetize one frame for the receive side.
        List<byte[]> list = new ArrayList<>();
        List<Boolean> marks = new ArrayList<>();
        packetizer.packetize(frame, 0, frame.length, 0);
        while (packetizer.hasNext()) {
            int n = packetizer.next(packet, 12);
            list.add(Arrays.copyOfRange(packet, 12, 12 + n));
            marks.add(packetizer.marker());
        }
        payloads = list.toArray(new byte[0][]);
        markers = new boolean[marks.size()];
        for (int i = 0; i < markers.length; i++) {
            markers[i] = marks.get(i);
        }
        Depacketizer d = c == Codec.VP8 ? new Vp8Depacketizer() : new H264Depacketizer();
        assembler = new FrameAssembler(d, new FrameAssembler.Config(512, 0));
    }

    /** Payloads per frame, to turn frames/s into packets/s. */
    public int packetsPerFrame() {
        return payloads.length;
    }

    @Benchmark
    public int packetize() throws MediaFormatException {
        Packetizer p = packetizer;
        p.packetize(frame, 0, frame.length, 90_000);
        int bytes = 0;
        while (p.hasNext()) {
            bytes += p.next(packet, 12);
            bytes += p.marker() ? 1 : 0;
        }
        return bytes;
    }

    @Benchmark
    public EncodedFrame depacketize() {
        long t = ts;
        ts += 3000;
        for (int i = 0; i < payloads.length; i++) {
            byte[] p = payloads[i];
            assembler.handlePacket(0, seq++ & 0xFFFF, t & 0xFFFF_FFFFL, markers[i], p, 0, p.length);
        }
        return assembler.pollFrame(0);
    }

    private static byte[] vp8Frame(int size) {
        byte[] f = new byte[size];
        for (int i = 0; i < size; i++) {
            f[i] = (byte) (i * 31 + 7);
        }
        f[0] = 0x10; // keyframe tag
        return f;
    }

    /** SPS, PPS and one IDR slice of {@code size} bytes, free of emulated start codes. */
    private static byte[] h264AccessUnit(int size) {
        byte[] sps = {0x67, 0x42, (byte) 0xC0, 0x1F, (byte) 0xD9, 0x01, 0x41, (byte) 0xFB};
        byte[] pps = {0x68, (byte) 0xCB, (byte) 0x8C, (byte) 0xB2};
        byte[] au = new byte[4 + sps.length + 4 + pps.length + 4 + size];
        int p = 0;
        au[p + 3] = 1;
        System.arraycopy(sps, 0, au, p + 4, sps.length);
        p += 4 + sps.length;
        au[p + 3] = 1;
        System.arraycopy(pps, 0, au, p + 4, pps.length);
        p += 4 + pps.length;
        au[p + 3] = 1;
        au[p + 4] = 0x65;
        for (int i = 1; i < size; i++) {
            au[p + 4 + i] = (byte) (i % 251 + 2);
        }
        return au;
    }
}
