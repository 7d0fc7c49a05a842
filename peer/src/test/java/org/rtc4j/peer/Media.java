package org.rtc4j.peer;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.media.file.AnnexBReader;
import org.rtc4j.media.file.IvfFrame;
import org.rtc4j.media.file.IvfReader;
import org.rtc4j.media.file.OggOpusReader;
import org.rtc4j.media.file.OpusPacket;
import org.rtc4j.media.vp8.Vp8Depacketizer;

/** The media module's fixtures as frames to send. */
final class Media {
  private Media() {}

  private static InputStream open(String name) throws IOException {
    InputStream in = Media.class.getResourceAsStream("/media/" + name);
    if (in == null) {
      throw new IOException("missing fixture " + name);
    }
    return in;
  }

  static List<EncodedFrame> vp8(int max) throws IOException {
    List<EncodedFrame> out = new ArrayList<>();
    try (IvfReader r = new IvfReader(open("vp8.ivf"))) {
      long ts = 1000;
      for (IvfFrame f; out.size() < max && (f = r.next()) != null; ts += 3000) {
        out.add(new EncodedFrame(f.data(), ts, Vp8Depacketizer.isKeyframe(f.data(), 0, f.data().length), Codec.VP8));
      }
    }
    return out;
  }

  static List<EncodedFrame> opus(int max) throws IOException {
    List<EncodedFrame> out = new ArrayList<>();
    try (OggOpusReader r = new OggOpusReader(open("opus.ogg"))) {
      long ts = 5000;
      for (OpusPacket p; out.size() < max && (p = r.next()) != null; ts += 960) {
        out.add(new EncodedFrame(p.data(), ts, true, Codec.OPUS));
      }
    }
    return out;
  }

  /** H.264 access units (Annex B) as the reader returns them. */
  static List<byte[]> h264(int max) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (AnnexBReader r = new AnnexBReader(open("h264.h264"))) {
      for (byte[] au; out.size() < max && (au = r.nextAccessUnit()) != null; ) {
        out.add(au);
      }
    }
    return out;
  }
}
