package org.rtc4j.bench.scale;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.rtc4j.media.file.OggOpusReader;
import org.rtc4j.media.file.OpusPacket;

/**
 * Real Opus packets (20 ms each) to send: the examples' bundled clip, read from the shaded jar the
 * harness runs anyway (or from any Ogg Opus file).
 */
final class OpusFrames {
  private OpusFrames() {}

  /** Where the examples module keeps its clip inside {@code rtc4j.jar}. */
  static final String BUNDLED = "org/rtc4j/examples/media/opus.ogg";

  /** The packets of {@code source}: a {@code .jar} holding {@link #BUNDLED}, or an {@code .ogg} file. */
  static List<byte[]> load(Path source) throws IOException {
    if (source.toString().endsWith(".jar")) {
      try (JarFile jar = new JarFile(source.toFile())) {
        ZipEntry e = jar.getEntry(BUNDLED);
        if (e == null) {
          throw new IOException(source + " has no " + BUNDLED);
        }
        try (InputStream in = jar.getInputStream(e)) {
          return read(in);
        }
      }
    }
    try (InputStream in = Files.newInputStream(source)) {
      return read(in);
    }
  }

  private static List<byte[]> read(InputStream in) throws IOException {
    List<byte[]> packets = new ArrayList<>();
    try (OggOpusReader r = new OggOpusReader(in)) {
      for (OpusPacket p = r.next(); p != null; p = r.next()) {
        packets.add(p.data());
      }
    }
    if (packets.isEmpty()) {
      throw new IOException("no Opus packet in the clip");
    }
    return packets;
  }
}
