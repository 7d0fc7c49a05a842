package org.rtc4j.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Source description (RFC 3550 §6.5): chunks of items per SSRC, of which WebRTC sends CNAME.
 *
 * <pre>
 * |V=2|P|    SC   |  PT=SDES=202  |             length            |
 * |                          SSRC/CSRC_1                          |
 * |    type (1)   |    length     |   text (UTF-8) ...            |
 * |  ... more items, then a zero byte (END) and 0-3 zero bytes of padding to 32 bits
 * </pre>
 *
 * @param chunks up to 31 chunks
 */
public record SourceDescription(List<Chunk> chunks) implements RtcpPacket {
  /** CNAME item type (RFC 3550 §6.5.1). */
  public static final int CNAME = 1;

  /** One SSRC's items. */
  public record Chunk(int ssrc, List<Item> items) {
    /** Copies the list. */
    public Chunk {
      items = List.copyOf(items);
    }

    int encodedLength() {
      int n = 4;
      for (Item it : items) {
        n += 2 + it.encodedText().length;
      }
      return (n + 1 + 3) & ~3; // END byte, then pad to 32 bits
    }
  }

  /**
   * One item.
   *
   * @param type item type (1 CNAME .. 8 PRIV)
   * @param text its text; at most 255 UTF-8 bytes
   */
  public record Item(int type, String text) {
    /** Validates type and length. */
    public Item {
      if (type < 1 || type > 255) {
        throw new IllegalArgumentException("SDES item type " + type);
      }
      if (text.getBytes(StandardCharsets.UTF_8).length > 255) {
        throw new IllegalArgumentException("SDES item longer than 255 bytes");
      }
    }

    byte[] encodedText() {
      return text.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Copies the list and checks there are at most 31 chunks. */
  public SourceDescription {
    chunks = List.copyOf(chunks);
    if (chunks.size() > 31) {
      throw new IllegalArgumentException("at most 31 SDES chunks");
    }
  }

  /** An SDES with one chunk holding a CNAME. */
  public static SourceDescription cname(int ssrc, String cname) {
    return new SourceDescription(List.of(new Chunk(ssrc, List.of(new Item(CNAME, cname)))));
  }

  /** The CNAME of {@code ssrc}, or null. */
  public String cnameOf(int ssrc) {
    for (Chunk c : chunks) {
      if (c.ssrc() == ssrc) {
        for (Item it : c.items()) {
          if (it.type() == CNAME) {
            return it.text();
          }
        }
      }
    }
    return null;
  }

  /** Whether any chunk carries a CNAME. */
  public boolean hasCname() {
    for (Chunk c : chunks) {
      for (Item it : c.items()) {
        if (it.type() == CNAME) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public int packetType() {
    return SDES;
  }

  @Override
  public int encodedLength() {
    int n = 4;
    for (Chunk c : chunks) {
      n += c.encodedLength();
    }
    return n;
  }

  @Override
  public int writeTo(byte[] dst, int off) {
    int n = encodedLength();
    Bytes.header(dst, off, chunks.size(), SDES, n);
    int p = off + 4;
    for (Chunk c : chunks) {
      int start = p;
      Bytes.put32(dst, p, c.ssrc());
      p += 4;
      for (Item it : c.items()) {
        byte[] t = it.encodedText();
        dst[p] = (byte) it.type();
        dst[p + 1] = (byte) t.length;
        System.arraycopy(t, 0, dst, p + 2, t.length);
        p += 2 + t.length;
      }
      int end = start + c.encodedLength();
      while (p < end) {
        dst[p++] = 0;
      }
    }
    return n;
  }

  static SourceDescription read(byte[] b, int off, int end, int count) throws RtcpParseException {
    Chunk[] chunks = new Chunk[count];
    int p = off + 4;
    for (int c = 0; c < count; c++) {
      if (p + 4 > end) {
        throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_SDES, p, "chunk past the end");
      }
      int ssrc = Bytes.i32(b, p);
      p += 4;
      java.util.ArrayList<Item> items = new java.util.ArrayList<>(1);
      while (true) {
        if (p >= end) {
          throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_SDES, p, "chunk without END");
        }
        int type = Bytes.u8(b, p);
        if (type == 0) {
          p = off + ((p - off + 1 + 3) & ~3); // END, then padding to the next 32-bit boundary
          break;
        }
        if (p + 2 > end || p + 2 + Bytes.u8(b, p + 1) > end) {
          throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_SDES, p, "item past the end");
        }
        int len = Bytes.u8(b, p + 1);
        items.add(new Item(type, new String(b, p + 2, len, StandardCharsets.UTF_8)));
        p += 2 + len;
      }
      chunks[c] = new Chunk(ssrc, items);
    }
    return new SourceDescription(List.of(chunks));
  }
}
