package org.rtc4j.bench.peer;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.media.file.IvfFrame;
import org.rtc4j.media.file.IvfReader;
import org.rtc4j.media.vp8.Vp8Depacketizer;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.IceCandidate;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.PeerConnectionState;
import org.rtc4j.peer.RtpSender;
import org.rtc4j.peer.Stats;

/**
 * Bytes the event-loop thread allocates per RTP packet in steady state, two rtc4j peers on one
 * loop over 127.0.0.1, A sending a VP8 clip to B as fast as the loop takes it (frames posted from
 * this thread): send (packetize, protect, history), receive (unprotect, route, assemble) and RTCP.
 * What the API hands over is reported apart: each delivered frame is a fresh copy (its size) and
 * each {@code sendFrame} from another thread posts one task.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.peer.MediaPathAllocation path/to/vp8.ivf [frames]
 * </pre>
 */
public final class MediaPathAllocation {
  private MediaPathAllocation() {}

  public static void main(String[] args) throws Exception {
    Path ivf = Path.of(args.length > 0 ? args[0] : "peer/src/test/resources/media/vp8.ivf");
    int total = args.length > 1 ? Integer.parseInt(args[1]) : 6000;
    List<EncodedFrame> clip = new ArrayList<>();
    try (InputStream in = Files.newInputStream(ivf); IvfReader r = new IvfReader(in)) {
      for (IvfFrame f; (f = r.next()) != null; ) {
        clip.add(new EncodedFrame(f.data(), 0, Vp8Depacketizer.isKeyframe(f.data(), 0, f.data().length), Codec.VP8));
      }
    }
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (EventLoopGroup group = new EventLoopGroup("bench-media", 1, Clock.system())) {
      Configuration config = Configuration.builder().loopbackOnly().eventLoopGroup(group).build();
      PeerConnection a = PeerConnection.create(config);
      PeerConnection b = PeerConnection.create(config);
      RtpSender video = a.addTrack(MediaStreamTrack.video("v"), "s");
      AtomicLong frames = new AtomicLong();
      AtomicLong frameBytes = new AtomicLong();
      b.onTrack(e -> e.receiver().onFrame(f -> {
        frames.incrementAndGet();
        frameBytes.addAndGet(f.size());
      }));
      CompletableFuture<Void> bReady = new CompletableFuture<>();
      CompletableFuture<Void> aReady = new CompletableFuture<>();
      a.onIceCandidate(c -> bReady.thenRun(() -> b.addIceCandidate(c != null ? c : IceCandidate.endOfCandidates("0", 0))));
      b.onIceCandidate(c -> aReady.thenRun(() -> a.addIceCandidate(c != null ? c : IceCandidate.endOfCandidates("0", 0))));
      a.setLocalDescription().get(5, TimeUnit.SECONDS);
      b.setRemoteDescription(a.localDescription()).get(5, TimeUnit.SECONDS);
      bReady.complete(null);
      b.setLocalDescription().get(5, TimeUnit.SECONDS);
      a.setRemoteDescription(b.localDescription()).get(5, TimeUnit.SECONDS);
      aReady.complete(null);
      while (a.connectionState() != PeerConnectionState.CONNECTED || b.connectionState() != PeerConnectionState.CONNECTED) {
        Thread.sleep(1);
      }
      long loopThread = a.eventLoop().submit(() -> Thread.currentThread().getId()).get();
      long t0 = System.nanoTime();
      int warm = total / 3;
      long allocStart = 0;
      long packetsStart = 0;
      long framesStart = 0;
      long frameBytesStart = 0;
      long start = 0;
      for (int i = 0; i < total; i++) {
        // RTP time follows the wall clock, so the jitter buffer releases frames as fast as they come.
        long ts = (System.nanoTime() - t0) * 90 / 1_000_000L;
        if (i == warm) {
          Thread.sleep(300);
          packetsStart = packets(a, b);
          allocStart = mx.getThreadAllocatedBytes(loopThread);
          framesStart = frames.get();
          frameBytesStart = frameBytes.get();
          start = System.nanoTime();
        }
        EncodedFrame f = clip.get(i % clip.size());
        if (i % clip.size() == 0) {
          f = clip.get(0);
        }
        video.sendFrame(new EncodedFrame(f.data(), ts, f.keyframe(), Codec.VP8));
        Thread.sleep(1); // keep the loop's task queue and the socket buffers shallow
      }
      Thread.sleep(500);
      long alloc = mx.getThreadAllocatedBytes(loopThread) - allocStart;
      long packets = packets(a, b) - packetsStart;
      long delivered = frames.get() - framesStart;
      long copied = frameBytes.get() - frameBytesStart;
      long sent = total - warm;
      double seconds = (System.nanoTime() - start) / 1e9;
      // Per delivered frame: the copy handed to the application (its bytes plus array and record
      // headers, about 48 B); per posted frame: the task and the frame record the caller made.
      System.out.printf(Locale.ROOT, "frames sent %d, delivered %d, RTP packets (sent + received) %d in %.1f s%n",
          sent, delivered, packets, seconds);
      System.out.printf(Locale.ROOT, "loop thread allocated %d B = %.1f B/packet%n", alloc, (double) alloc / packets);
      System.out.printf(Locale.ROOT, "of which frame copies handed to onFrame: %d B (%.1f B/packet)%n", copied,
          (double) copied / packets);
      System.out.printf(Locale.ROOT, "rest: %.1f B/packet, %.1f B/frame%n", (double) (alloc - copied) / packets,
          (double) (alloc - copied) / sent);
      a.closeAsync().get(5, TimeUnit.SECONDS);
      b.closeAsync().get(5, TimeUnit.SECONDS);
    }
  }

  private static long packets(PeerConnection a, PeerConnection b) throws Exception {
    long n = 0;
    for (Stats s : a.getStats().get(5, TimeUnit.SECONDS).ofType("outbound-rtp")) {
      n += s.getLong("packetsSent", 0);
    }
    for (Stats s : b.getStats().get(5, TimeUnit.SECONDS).ofType("inbound-rtp")) {
      n += s.getLong("packetsReceived", 0);
    }
    return n;
  }
}
