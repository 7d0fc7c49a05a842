package org.rtc4j.peer;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;

/**
 * The VP8 and Opus fixtures sent at their real pace (30 fps video, 20 ms audio) on two senders,
 * the video clip restarted from its keyframe whenever the peer asks for one (PLI/FIR), for
 * browser interop tests. Call {@link #sendDue()} often (every few milliseconds).
 */
final class FixtureStream {
  private final RtpSender video;
  private final RtpSender audio;
  private final List<EncodedFrame> vp8 = Media.vp8(150);
  private final List<EncodedFrame> opus = Media.opus(250);
  private final AtomicBoolean restart = new AtomicBoolean();
  private final AtomicInteger keyFrameRequests = new AtomicInteger();
  private long startNanos = Long.MIN_VALUE;
  private int videoFrames;
  private int audioFrames;
  private int videoIndex;

  FixtureStream(RtpSender video, RtpSender audio) throws IOException {
    this.video = video;
    this.audio = audio;
    video.onKeyFrameRequest(() -> {
      keyFrameRequests.incrementAndGet();
      restart.set(true);
    });
  }

  /**
   * Sends every frame whose time has come, counted from the first call (frames sent before the
   * connection is up are dropped).
   */
  void sendDue() {
    if (startNanos == Long.MIN_VALUE) {
      startNanos = System.nanoTime();
    }
    long ms = (System.nanoTime() - startNanos) / 1_000_000;
    while (videoFrames * 33L <= ms) {
      if (restart.getAndSet(false)) {
        videoIndex = 0;
      }
      EncodedFrame f = vp8.get(videoIndex);
      video.sendFrame(new EncodedFrame(f.data(), videoFrames * 3000L, f.keyframe(), Codec.VP8));
      videoIndex = (videoIndex + 1) % vp8.size();
      videoFrames++;
    }
    while (audioFrames * 20L <= ms) {
      EncodedFrame f = opus.get(audioFrames % opus.size());
      audio.sendFrame(new EncodedFrame(f.data(), audioFrames * 960L, true, Codec.OPUS), 20, true); // -20 dBov, RFC 6464
      audioFrames++;
    }
  }

  @Override
  public String toString() {
    return "sent " + videoFrames + " video and " + audioFrames + " audio frames, " + keyFrameRequests.get()
        + " keyframe requests";
  }
}
