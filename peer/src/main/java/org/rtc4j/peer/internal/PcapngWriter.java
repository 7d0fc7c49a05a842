package org.rtc4j.peer.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * Writes UDP datagrams to a pcapng stream (draft-ietf-opsawg-pcapng): one Section Header Block,
 * one Interface Description Block of link type {@code LINKTYPE_RAW} (101: each packet starts with
 * its IPv4 or IPv6 header) and one Enhanced Packet Block per datagram, little-endian, timestamps
 * in microseconds (the IDB's default resolution). The IP and UDP headers are synthesized from the
 * datagram's addresses; the UDP checksum is left zero (RFC 768 allows it for IPv4; Wireshark does
 * not verify checksums by default).
 */
final class PcapngWriter implements Closeable {
  private static final int SHB = 0x0A0D0D0A;
  private static final int IDB = 0x00000001;
  private static final int EPB = 0x00000006;
  private static final int LINKTYPE_RAW = 101;

  private final OutputStream out;
  private static final byte[] ZEROS = new byte[3];
  private final byte[] head = new byte[28 + 40 + 8];
  private final byte[] tail = new byte[4];

  PcapngWriter(OutputStream out) throws IOException {
    this.out = out;
    byte[] b = new byte[28 + 20];
    int p = putInt(b, 0, SHB);
    p = putInt(b, p, 28);
    p = putInt(b, p, 0x1A2B3C4D); // byte-order magic
    p = putShort(b, p, 1); // version 1.0
    p = putShort(b, p, 0);
    p = putInt(b, p, -1); // section length: unknown
    p = putInt(b, p, -1);
    p = putInt(b, p, 28);
    p = putInt(b, p, IDB);
    p = putInt(b, p, 20);
    p = putShort(b, p, LINKTYPE_RAW);
    p = putShort(b, p, 0);
    p = putInt(b, p, 0); // snap length: none
    putInt(b, p, 20);
    out.write(b);
  }

  /** One UDP datagram {@code data[off, off + len)} from {@code src} to {@code dst} at {@code unixMicros}. */
  void write(long unixMicros, InetSocketAddress src, InetSocketAddress dst, byte[] data, int off, int len)
      throws IOException {
    boolean v4 = src.getAddress() instanceof Inet4Address && dst.getAddress() instanceof Inet4Address;
    int ipLen = v4 ? 20 : 40;
    int packetLen = ipLen + 8 + len;
    int padded = (packetLen + 3) & ~3;
    byte[] b = head;
    int p = putInt(b, 0, EPB);
    p = putInt(b, p, 32 + padded);
    p = putInt(b, p, 0); // interface 0
    p = putInt(b, p, (int) (unixMicros >>> 32));
    p = putInt(b, p, (int) unixMicros);
    p = putInt(b, p, packetLen);
    p = putInt(b, p, packetLen);
    // Network byte order from here: the packet itself.
    if (v4) {
      int ip = p;
      b[p++] = 0x45;
      b[p++] = 0;
      p = putBe16(b, p, packetLen);
      p = putBe16(b, p, 0);
      p = putBe16(b, p, 0x4000); // don't fragment
      b[p++] = 64;
      b[p++] = 17; // UDP
      p = putBe16(b, p, 0); // checksum, below
      System.arraycopy(src.getAddress().getAddress(), 0, b, p, 4);
      System.arraycopy(dst.getAddress().getAddress(), 0, b, p + 4, 4);
      p += 8;
      putBe16(b, ip + 10, ipv4Checksum(b, ip));
    } else {
      p = putBe16(b, p, 0x6000);
      p = putBe16(b, p, 0);
      p = putBe16(b, p, 8 + len);
      b[p++] = 17;
      b[p++] = 64;
      System.arraycopy(ipv6(src), 0, b, p, 16);
      System.arraycopy(ipv6(dst), 0, b, p + 16, 16);
      p += 32;
    }
    p = putBe16(b, p, src.getPort());
    p = putBe16(b, p, dst.getPort());
    p = putBe16(b, p, 8 + len);
    p = putBe16(b, p, 0);
    out.write(b, 0, p);
    out.write(data, off, len);
    out.write(ZEROS, 0, padded - packetLen);
    putInt(tail, 0, 32 + padded);
    out.write(tail);
  }

  void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private static byte[] ipv6(InetSocketAddress a) {
    byte[] raw = a.getAddress().getAddress();
    if (raw.length == 16) {
      return raw;
    }
    byte[] mapped = new byte[16]; // an IPv4 address beside an IPv6 one: ::ffff:a.b.c.d
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(raw, 0, mapped, 12, 4);
    return mapped;
  }

  private static int ipv4Checksum(byte[] b, int off) {
    int sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return ~sum & 0xFFFF;
  }

  private static int putInt(byte[] b, int p, int v) {
    b[p] = (byte) v;
    b[p + 1] = (byte) (v >>> 8);
    b[p + 2] = (byte) (v >>> 16);
    b[p + 3] = (byte) (v >>> 24);
    return p + 4;
  }

  private static int putShort(byte[] b, int p, int v) {
    b[p] = (byte) v;
    b[p + 1] = (byte) (v >>> 8);
    return p + 2;
  }

  private static int putBe16(byte[] b, int p, int v) {
    b[p] = (byte) (v >>> 8);
    b[p + 1] = (byte) v;
    return p + 2;
  }
}
