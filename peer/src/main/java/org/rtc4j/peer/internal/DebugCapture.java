package org.rtc4j.peer.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's debug capture ({@code Configuration.Builder.debugCapture}): the datagrams of its
 * transport as Wireshark should see them, in a pcapng file. STUN and DTLS as they went over the
 * wire; RTP and RTCP in the clear (SRTP and SRTCP removed), so Wireshark decodes the media. The
 * owner calls it on its loop thread with its clock; an I/O error ends the capture (logged once),
 * never the connection.
 */
final class DebugCapture {
  private static final Logger LOG = LoggerFactory.getLogger(DebugCapture.class);

  private final Path file;
  private final long wallOffsetNanos;
  private PcapngWriter writer;

  private DebugCapture(Path file, PcapngWriter writer, long wallOffsetNanos) {
    this.file = file;
    this.writer = writer;
    this.wallOffsetNanos = wallOffsetNanos;
  }

  /**
   * Opens {@code rtc4j-<connectionId>.pcapng} in {@code directory}, or returns null when
   * {@code directory} is null or the file cannot be created (logged).
   *
   * @param wallOffsetNanos Unix time minus the owner's clock, in nanoseconds
   */
  static DebugCapture open(Path directory, String connectionId, long wallOffsetNanos) {
    if (directory == null) {
      return null;
    }
    Path file = directory.resolve("rtc4j-" + connectionId + ".pcapng");
    try {
      Files.createDirectories(directory);
      PcapngWriter w = new PcapngWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
      LOG.info("debug capture (media in the clear) to {}", file);
      return new DebugCapture(file, w, wallOffsetNanos);
    } catch (IOException e) {
      LOG.warn("cannot open the debug capture {}: {}", file, e.toString());
      return null;
    }
  }

  /** A datagram from {@code src} to {@code dst}, seen at {@code nowNanos} on the owner's clock. */
  void packet(long nowNanos, InetSocketAddress src, InetSocketAddress dst, byte[] buf, int off, int len) {
    PcapngWriter w = writer;
    if (w == null || src == null || dst == null || src.getAddress() == null || dst.getAddress() == null) {
      return;
    }
    try {
      w.write((nowNanos + wallOffsetNanos) / 1_000, src, dst, buf, off, len);
    } catch (IOException e) {
      fail(e);
    }
  }

  /** Writes what is buffered, so a reader sees every packet so far. */
  void flush() {
    if (writer != null) {
      try {
        writer.flush();
      } catch (IOException e) {
        fail(e);
      }
    }
  }

  void close() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        LOG.warn("closing the debug capture {} failed: {}", file, e.toString());
      }
      writer = null;
    }
  }

  private void fail(IOException e) {
    LOG.warn("debug capture {} stopped: {}", file, e.toString());
    try {
      writer.close();
    } catch (IOException ignored) {
      // already failing
    }
    writer = null;
  }
}
