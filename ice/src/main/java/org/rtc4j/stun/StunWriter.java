package org.rtc4j.stun;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a STUN message straight into a caller's buffer, attribute by attribute, without allocating
 * (the HMAC and CRC engines are owned by the writer and re-keyed only when the key changes). One
 * writer per thread; it is reused for any number of messages.
 *
 * <pre>{@code
 * int len = writer.begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST, tid)
 *     .username(usernameBytes).priority(p).iceControlling(tieBreaker).useCandidate()
 *     .messageIntegrity(password).fingerprint().length();
 * }</pre>
 *
 * Header (RFC 8489 §5):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * |                     Transaction ID (96 bits)                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class StunWriter {
  private final Macs macs = new Macs();
  private byte[] buf;
  private int start;
  private int pos;

  /** Creates a writer; reuse it for any number of messages. */
  public StunWriter() {}

  /** Starts a message at {@code dst[off]}. The transaction id is 12 bytes. */
  public StunWriter begin(byte[] dst, int off, int method, StunClass cls, byte[] transactionId) {
    if (transactionId.length != 12) {
      throw new IllegalArgumentException("a transaction id is 12 bytes");
    }
    if (method < 0 || method > 0xFFF) {
      throw new IllegalArgumentException("a method is 12 bits: " + method);
    }
    this.buf = dst;
    this.start = off;
    this.pos = off;
    ensure(20);
    int type = StunMessage.messageType(method, cls);
    put16(type);
    put16(0);
    put32(StunMessage.MAGIC_COOKIE);
    System.arraycopy(transactionId, 0, dst, pos, 12);
    pos += 12;
    return this;
  }

  /** Bytes written so far (the whole message after the last attribute). */
  public int length() {
    return pos - start;
  }

  public StunWriter username(byte[] utf8) {
    return bytes(StunAttribute.USERNAME, utf8, 0, utf8.length);
  }

  public StunWriter priority(long priority) {
    return u32(StunAttribute.PRIORITY, (int) priority);
  }

  public StunWriter useCandidate() {
    return attrHeader(StunAttribute.USE_CANDIDATE, 0);
  }

  public StunWriter iceControlling(long tieBreaker) {
    return u64(StunAttribute.ICE_CONTROLLING, tieBreaker);
  }

  public StunWriter iceControlled(long tieBreaker) {
    return u64(StunAttribute.ICE_CONTROLLED, tieBreaker);
  }

  /** XOR-MAPPED-ADDRESS, XOR'ed with this message's cookie and transaction id. */
  public StunWriter xorMappedAddress(InetSocketAddress address) {
    return address(StunAttribute.XOR_MAPPED_ADDRESS, address, true);
  }

  /** A 32-bit attribute. */
  public StunWriter u32(int type, int value) {
    attrHeader(type, 4);
    put32(value);
    return this;
  }

  /** A 64-bit attribute. */
  public StunWriter u64(int type, long value) {
    attrHeader(type, 8);
    put32((int) (value >>> 32));
    put32((int) value);
    return this;
  }

  /** An attribute whose value is {@code value[off, off+len)}, zero-padded to four bytes. */
  public StunWriter bytes(int type, byte[] value, int off, int len) {
    if (len > 0xFFFF) {
      throw new IllegalArgumentException("attribute value too long: " + len);
    }
    attrHeader(type, len);
    ensure(pad(len));
    System.arraycopy(value, off, buf, pos, len);
    Arrays.fill(buf, pos + len, pos + pad(len), (byte) 0);
    pos += pad(len);
    return this;
  }

  /** A string attribute in UTF-8 (allocates the encoded bytes). */
  public StunWriter string(int type, String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    return bytes(type, b, 0, b.length);
  }

  /** ERROR-CODE (RFC 8489 §14.8). */
  public StunWriter errorCode(int code, String reason) {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    int len = 4 + r.length;
    attrHeader(StunAttribute.ERROR_CODE, len);
    ensure(pad(len));
    put16(0);
    buf[pos++] = (byte) (code / 100);
    buf[pos++] = (byte) (code % 100);
    System.arraycopy(r, 0, buf, pos, r.length);
    Arrays.fill(buf, pos + r.length, pos + pad(len) - 4, (byte) 0);
    pos += pad(len) - 4;
    return this;
  }

  /** MAPPED-ADDRESS, XOR-MAPPED-ADDRESS or ALTERNATE-SERVER (RFC 8489 §14.1, §14.2). */
  public StunWriter address(int type, InetSocketAddress address, boolean xor) {
    InetAddress ip = address.getAddress();
    if (ip == null) {
      throw new IllegalArgumentException("unresolved address: " + address);
    }
    byte[] a = ip.getAddress();
    attrHeader(type, 4 + a.length);
    ensure(4 + a.length);
    buf[pos++] = 0;
    buf[pos++] = (byte) (ip instanceof Inet4Address ? 1 : 2);
    int port = address.getPort();
    if (xor) {
      port ^= StunMessage.MAGIC_COOKIE >>> 16;
    }
    put16(port);
    for (int i = 0; i < a.length; i++) {
      // cookie is at start+4, transaction id right after: the XOR mask is bytes 4..19 of the header
      buf[pos++] = (byte) (xor ? a[i] ^ buf[start + 4 + i] : a[i]);
    }
    return this;
  }

  /** Any attribute from the object model (integrity and fingerprint are written by their own calls). */
  public StunWriter attribute(StunAttribute a) {
    if (a instanceof StunAttribute.MappedAddress m) {
      return address(a.type(), m.address(), false);
    } else if (a instanceof StunAttribute.XorMappedAddress m) {
      return address(a.type(), m.address(), true);
    } else if (a instanceof StunAttribute.XorPeerAddress m) {
      return address(a.type(), m.address(), true);
    } else if (a instanceof StunAttribute.XorRelayedAddress m) {
      return address(a.type(), m.address(), true);
    } else if (a instanceof StunAttribute.Lifetime l) {
      return u32(a.type(), (int) l.seconds());
    } else if (a instanceof StunAttribute.Data d) {
      return bytes(a.type(), d.value(), 0, d.value().length);
    } else if (a instanceof StunAttribute.AlternateServer m) {
      return address(a.type(), m.address(), false);
    } else if (a instanceof StunAttribute.Username s) {
      return string(a.type(), s.value());
    } else if (a instanceof StunAttribute.Software s) {
      return string(a.type(), s.value());
    } else if (a instanceof StunAttribute.Realm s) {
      return string(a.type(), s.value());
    } else if (a instanceof StunAttribute.Nonce s) {
      return string(a.type(), s.value());
    } else if (a instanceof StunAttribute.ErrorCode e) {
      return errorCode(e.code(), e.reason());
    } else if (a instanceof StunAttribute.UnknownAttributes u) {
      int n = u.types().size();
      attrHeader(a.type(), 2 * n);
      ensure(pad(2 * n));
      for (int t : u.types()) {
        put16(t);
      }
      if ((n & 1) == 1) {
        put16(0);
      }
      return this;
    } else if (a instanceof StunAttribute.Priority p) {
      return priority(p.priority());
    } else if (a instanceof StunAttribute.UseCandidate) {
      return useCandidate();
    } else if (a instanceof StunAttribute.IceControlled c) {
      return iceControlled(c.tieBreaker());
    } else if (a instanceof StunAttribute.IceControlling c) {
      return iceControlling(c.tieBreaker());
    } else if (a instanceof StunAttribute.Unknown u) {
      return bytes(u.type(), u.value(), 0, u.value().length);
    } else if (a instanceof StunAttribute.MessageIntegrity m) {
      return bytes(a.type(), m.hmac(), 0, m.hmac().length);
    } else if (a instanceof StunAttribute.MessageIntegritySha256 m) {
      return bytes(a.type(), m.hmac(), 0, m.hmac().length);
    } else if (a instanceof StunAttribute.Fingerprint f) {
      return u32(a.type(), f.crc());
    }
    throw new IllegalArgumentException("unsupported attribute " + a);
  }

  /** MESSAGE-INTEGRITY: HMAC-SHA1 over the message so far, its length counting this attribute. */
  public StunWriter messageIntegrity(byte[] key) {
    return integrity(StunAttribute.MESSAGE_INTEGRITY, macs.sha1(key), 20);
  }

  /** MESSAGE-INTEGRITY-SHA256 (32 bytes) over the message so far. */
  public StunWriter messageIntegritySha256(byte[] key) {
    return integrity(StunAttribute.MESSAGE_INTEGRITY_SHA256, macs.sha256(key), 32);
  }

  private StunWriter integrity(int type, Hmac mac, int size) {
    ensure(4 + size);
    setLength(pos - start - 20 + 4 + size);
    macs.hmac(mac, buf, start, pos - start);
    put16(type);
    put16(size);
    System.arraycopy(macs.out, 0, buf, pos, size);
    pos += size;
    return this;
  }

  /** FINGERPRINT: must be the last attribute. */
  public StunWriter fingerprint() {
    ensure(8);
    setLength(pos - start - 20 + 8);
    macs.crc.reset();
    macs.crc.update(buf, start, pos - start);
    int value = (int) macs.crc.getValue() ^ StunMessage.FINGERPRINT_XOR;
    put16(StunAttribute.FINGERPRINT);
    put16(4);
    put32(value);
    return this;
  }

  private StunWriter attrHeader(int type, int len) {
    ensure(4);
    put16(type);
    put16(len);
    setLength(pos - start - 20 + pad(len));
    return this;
  }

  private void setLength(int len) {
    buf[start + 2] = (byte) (len >>> 8);
    buf[start + 3] = (byte) len;
  }

  private static int pad(int len) {
    return (len + 3) & ~3;
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      throw new IllegalArgumentException("buffer too small for the STUN message");
    }
  }

  private void put16(int v) {
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void put32(int v) {
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }
}
