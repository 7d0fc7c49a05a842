package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.media.file.IvfFrame;
import org.rtc4j.media.file.IvfReader;
import org.rtc4j.media.vp8.Vp8Depacketizer;

/** The example of the README's "PeerConnection" section, run as written (on the default loops). */
@Timeout(60)
class ReadmeExampleTest {

  @Test
  void readmeExampleRuns() throws Exception {
    List<EncodedFrame> received = Collections.synchronizedList(new ArrayList<>());
    List<EncodedFrame> sent = new ArrayList<>();

    Configuration config = Configuration.builder().loopbackOnly().build();
    PeerConnection a = PeerConnection.create(config);
    PeerConnection b = PeerConnection.create(config);
    RtpSender video = a.addTrack(MediaStreamTrack.video("camera"), "stream");
    b.onTrack(e -> e.receiver().onFrame(received::add));
    CompletableFuture<Void> bReady = new CompletableFuture<>();
    CompletableFuture<Void> aReady = new CompletableFuture<>();
    a.onIceCandidate(c -> bReady.thenRun(() -> b.addIceCandidate(c != null ? c : IceCandidate.endOfCandidates("0", 0))));
    b.onIceCandidate(c -> aReady.thenRun(() -> a.addIceCandidate(c != null ? c : IceCandidate.endOfCandidates("0", 0))));
    a.setLocalDescription().join();
    b.setRemoteDescription(a.localDescription()).join();
    bReady.complete(null);
    b.setLocalDescription().join();
    a.setRemoteDescription(b.localDescription()).join();
    aReady.complete(null);
    Signaling.awaitConnected(a); // as the README: B may still be finishing DTLS; its early SRTP is kept
    try (InputStream in = getClass().getResourceAsStream("/media/vp8.ivf"); IvfReader ivf = new IvfReader(in)) {
      long ts = 0;
      for (IvfFrame f; (f = ivf.next()) != null && sent.size() < 30; ts += 3000) {
        EncodedFrame frame =
            new EncodedFrame(f.data(), ts, Vp8Depacketizer.isKeyframe(f.data(), 0, f.data().length), Codec.VP8);
        sent.add(frame);
        video.sendFrame(frame);
        Thread.sleep(33);
      }
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (received.size() < sent.size() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    a.close();
    b.close();
    assertEquals(sent, received);
  }
}
