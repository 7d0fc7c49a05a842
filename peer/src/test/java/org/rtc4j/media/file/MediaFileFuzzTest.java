package org.rtc4j.media.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the media file readers (FUZZING.md). Seeds: the first pages and
 * frames of the test fixtures ({@code peer/src/test/resources/media}) in
 * {@code MediaFileFuzzTestInputs/<method>}. Each reader throws nothing but {@link IOException}
 * (its {@code MediaFormatException} with a reason) and never hands out more bytes than it read.
 */
class MediaFileFuzzTest {
  private static final int MAX_ITEMS = 10_000;

  /** IVF: what the reader reads, {@link IvfWriter} writes back to a file that reads the same. */
  @FuzzTest(maxDuration = "5m")
  void ivf(byte[] data) throws IOException {
    IvfReader reader;
    try {
      reader = new IvfReader(new ByteArrayInputStream(data));
    } catch (IOException e) {
      return;
    }
    List<IvfFrame> frames = new ArrayList<>();
    long bytes = IvfHeader.LENGTH;
    try {
      for (IvfFrame f; frames.size() < MAX_ITEMS && (f = reader.next()) != null; ) {
        frames.add(f);
        bytes += 12 + f.data().length;
      }
    } catch (IOException e) {
      // a bad or cut frame ends the file: the frames before it stand
    }
    assertTrue(bytes <= data.length, "read " + bytes + " bytes from " + data.length);
    IvfHeader h = reader.header();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (IvfWriter w = new IvfWriter(out, h)) {
      for (IvfFrame f : frames) {
        w.writeFrame(f);
      }
    }
    IvfReader again = new IvfReader(new ByteArrayInputStream(out.toByteArray()));
    assertEquals(h.fourcc(), again.header().fourcc());
    assertEquals(h.width(), again.header().width());
    assertEquals(h.height(), again.header().height());
    for (IvfFrame f : frames) {
      IvfFrame g = again.next();
      assertEquals(f.pts(), g.pts());
      assertArrayEquals(f.data(), g.data());
    }
    assertEquals(null, again.next());
  }

  /**
   * Ogg Opus. The input's page checksums are fixed first (random bytes would otherwise never get
   * past the CRC check), so the fuzzer reaches the page, packet and OpusHead/OpusTags logic.
   */
  @FuzzTest(maxDuration = "5m")
  void ogg(byte[] data) throws IOException {
    byte[] fixed = withFixedCrcs(data);
    long bytes = 0;
    int packets = 0;
    try (OggOpusReader reader = new OggOpusReader(new ByteArrayInputStream(fixed))) {
      reader.head();
      reader.tags();
      for (OpusPacket p; packets < MAX_ITEMS && (p = reader.next()) != null; packets++) {
        bytes += p.data().length;
      }
    } catch (IOException e) {
      // refused with a reason
    }
    assertTrue(bytes <= fixed.length, "read " + bytes + " packet bytes from " + fixed.length);
  }

  /** H.264 Annex B: access units hold at most the bytes of the stream. */
  @FuzzTest(maxDuration = "5m")
  void annexB(byte[] data) throws IOException {
    long bytes = 0;
    int units = 0;
    try (AnnexBReader reader = new AnnexBReader(new ByteArrayInputStream(data))) {
      for (byte[] au; units < MAX_ITEMS && (au = reader.nextAccessUnit()) != null; units++) {
        assertTrue(au.length > 0, "an access unit is not empty");
        bytes += au.length;
      }
    } catch (IOException e) {
      // refused with a reason
    }
    assertTrue(bytes <= data.length + 4L * units, "read " + bytes + " bytes from " + data.length);
  }

  /** Recomputes the CRC of every whole page in {@code data} (RFC 3533 §6), leaving the rest. */
  static byte[] withFixedCrcs(byte[] data) {
    byte[] b = data.clone();
    int p = 0;
    while (p + OggPage.HEADER_LENGTH <= b.length) {
      int segments = b[p + 26] & 0xFF;
      int bodyAt = p + OggPage.HEADER_LENGTH + segments;
      if (bodyAt > b.length) {
        break;
      }
      int body = 0;
      for (int i = 0; i < segments; i++) {
        body += b[p + OggPage.HEADER_LENGTH + i] & 0xFF;
      }
      int end = bodyAt + body;
      if (end > b.length) {
        break;
      }
      b[p + 22] = b[p + 23] = b[p + 24] = b[p + 25] = 0;
      int crc = OggCrc.update(0, b, p, end - p);
      b[p + 22] = (byte) crc;
      b[p + 23] = (byte) (crc >>> 8);
      b[p + 24] = (byte) (crc >>> 16);
      b[p + 25] = (byte) (crc >>> 24);
      p = end;
    }
    return b;
  }
}
