package org.rtc4j.stun;

import static org.rtc4j.stun.StunParseException.Reason.BAD_ATTRIBUTE;
import static org.rtc4j.stun.StunParseException.Reason.BAD_FINGERPRINT;
import static org.rtc4j.stun.StunParseException.Reason.BAD_LENGTH;
import static org.rtc4j.stun.StunParseException.Reason.BAD_MAGIC_COOKIE;
import static org.rtc4j.stun.StunParseException.Reason.NOT_STUN;
import static org.rtc4j.stun.StunParseException.Reason.TRUNCATED_ATTRIBUTE;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A STUN message (RFC 8489): a 20-byte header and a list of attributes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Transaction ID (96 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Message type:  M11 M10 M9 M8 M7 C1 M6 M5 M4 C0 M3 M2 M1 M0
 * </pre>
 *
 * <p>A decoded message keeps a copy of the exact bytes received, so that {@link #verifyIntegrity}
 * hashes exactly what the peer signed. Attributes after MESSAGE-INTEGRITY other than
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are ignored, as are attributes after FINGERPRINT (RFC
 * 8489 §14.5, §14.7). A FINGERPRINT, when present, is checked during {@link #parse}.
 */
public final class StunMessage {
  public static final int MAGIC_COOKIE = 0x2112A442;
  public static final int HEADER_LENGTH = 20;
  /** The Binding method (RFC 8489 §18.2). */
  public static final int BINDING = 0x001;
  /** TURN methods (RFC 8656 §17). */
  public static final int ALLOCATE = 0x003;
  public static final int REFRESH = 0x004;
  public static final int SEND = 0x006;
  public static final int DATA = 0x007;
  public static final int CREATE_PERMISSION = 0x008;
  public static final int CHANNEL_BIND = 0x009;

  static final int FINGERPRINT_XOR = 0x5354554E;

  private final int method;
  private final StunClass messageClass;
  private final byte[] transactionId;
  private final List<StunAttribute> attributes;
  private final byte[] raw;
  private final int integrityOffset;
  private final int integritySha256Offset;
  private final int fingerprintOffset;

  /** A message to encode. MESSAGE-INTEGRITY and FINGERPRINT are added by {@link #encode}. */
  public StunMessage(int method, StunClass messageClass, byte[] transactionId, List<StunAttribute> attributes) {
    if (transactionId.length != 12) {
      throw new IllegalArgumentException("a transaction id is 12 bytes");
    }
    if (method < 0 || method > 0xFFF) {
      throw new IllegalArgumentException("a method is 12 bits: " + method);
    }
    this.method = method;
    this.messageClass = Objects.requireNonNull(messageClass);
    this.transactionId = transactionId.clone();
    this.attributes = List.copyOf(attributes);
    this.raw = null;
    this.integrityOffset = -1;
    this.integritySha256Offset = -1;
    this.fingerprintOffset = -1;
  }

  private StunMessage(int method, StunClass cls, byte[] tid, List<StunAttribute> attributes, byte[] raw,
      int mi, int mi256, int fp) {
    this.method = method;
    this.messageClass = cls;
    this.transactionId = tid;
    this.attributes = Collections.unmodifiableList(attributes);
    this.raw = raw;
    this.integrityOffset = mi;
    this.integritySha256Offset = mi256;
    this.fingerprintOffset = fp;
  }

  /** A fresh random 96-bit transaction id. */
  public static byte[] newTransactionId(Random random) {
    byte[] tid = new byte[12];
    random.nextBytes(tid);
    return tid;
  }

  static int messageType(int method, StunClass cls) {
    int c = cls.bits();
    return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7);
  }

  /**
   * Cheap test for the start of a STUN message, enough to demultiplex (RFC 7983 first byte 0-3,
   * plus the magic cookie and a sane length).
   */
  public static boolean isStun(byte[] buf, int off, int len) {
    return len >= HEADER_LENGTH && (buf[off] & 0xC0) == 0 && getInt(buf, off + 4) == MAGIC_COOKIE
        && (getShort(buf, off + 2) & 3) == 0;
  }

  /**
   * Decodes one message from {@code buf[off, off+len)}. Bytes after the header's length are
   * ignored. Throws only {@link StunParseException}.
   */
  public static StunMessage parse(byte[] buf, int off, int len) throws StunParseException {
    if (buf == null || off < 0 || len < 0 || off + len > buf.length) {
      throw new IllegalArgumentException("bad buffer bounds");
    }
    if (len < HEADER_LENGTH || (buf[off] & 0xC0) != 0) {
      throw new StunParseException(NOT_STUN, 0, "not a STUN message");
    }
    if (getInt(buf, off + 4) != MAGIC_COOKIE) {
      throw new StunParseException(BAD_MAGIC_COOKIE, 4, "bad magic cookie");
    }
    int msgLen = getShort(buf, off + 2);
    if ((msgLen & 3) != 0 || HEADER_LENGTH + msgLen > len) {
      throw new StunParseException(BAD_LENGTH, 2, "message length " + msgLen + " with " + len + " bytes");
    }
    int total = HEADER_LENGTH + msgLen;
    byte[] raw = new byte[total];
    System.arraycopy(buf, off, raw, 0, total);
    int type = getShort(raw, 0);
    int method = (type & 0x000F) | ((type & 0x00E0) >>> 1) | ((type & 0x3E00) >>> 2);
    StunClass cls = StunClass.ofBits(((type >>> 4) & 1) | ((type >>> 7) & 2));
    byte[] tid = new byte[12];
    System.arraycopy(raw, 8, tid, 0, 12);

    List<StunAttribute> attrs = new ArrayList<>(8);
    int mi = -1;
    int mi256 = -1;
    int fp = -1;
    int p = HEADER_LENGTH;
    while (p < total) {
      if (p + 4 > total) {
        throw new StunParseException(TRUNCATED_ATTRIBUTE, p, "attribute header truncated");
      }
      int at = getShort(raw, p);
      int alen = getShort(raw, p + 2);
      int vstart = p + 4;
      if (vstart + alen > total) {
        throw new StunParseException(TRUNCATED_ATTRIBUTE, p, "attribute 0x" + Integer.toHexString(at) + " of " + alen
            + " bytes runs past the message");
      }
      int next = vstart + ((alen + 3) & ~3);
      if (next > total) {
        throw new StunParseException(TRUNCATED_ATTRIBUTE, p, "attribute padding runs past the message");
      }
      if (fp >= 0) {
        break; // nothing counts after FINGERPRINT
      }
      boolean afterIntegrity = mi >= 0 || mi256 >= 0;
      if (at == StunAttribute.FINGERPRINT) {
        if (alen != 4) {
          throw new StunParseException(BAD_ATTRIBUTE, p, "FINGERPRINT must be 4 bytes");
        }
        fp = p;
        int expected = crc(raw, p, HEADER_LENGTH + (p + 8 - HEADER_LENGTH));
        int got = getInt(raw, vstart);
        if (expected != got) {
          throw new StunParseException(BAD_FINGERPRINT, p, "FINGERPRINT mismatch");
        }
        attrs.add(new StunAttribute.Fingerprint(got));
      } else if (at == StunAttribute.MESSAGE_INTEGRITY_SHA256) {
        if (alen < 16 || alen > 32 || (alen & 3) != 0) {
          throw new StunParseException(BAD_ATTRIBUTE, p, "MESSAGE-INTEGRITY-SHA256 must be 16..32 bytes");
        }
        if (mi256 < 0) {
          mi256 = p;
          attrs.add(new StunAttribute.MessageIntegritySha256(slice(raw, vstart, alen)));
        }
      } else if (afterIntegrity) {
        // RFC 8489 §14.5: ignored after MESSAGE-INTEGRITY
      } else if (at == StunAttribute.MESSAGE_INTEGRITY) {
        if (alen != 20) {
          throw new StunParseException(BAD_ATTRIBUTE, p, "MESSAGE-INTEGRITY must be 20 bytes");
        }
        mi = p;
        attrs.add(new StunAttribute.MessageIntegrity(slice(raw, vstart, alen)));
      } else {
        attrs.add(decodeAttribute(raw, at, vstart, alen, tid, p));
      }
      p = next;
    }
    return new StunMessage(method, cls, tid, attrs, raw, mi, mi256, fp);
  }

  private static StunAttribute decodeAttribute(byte[] raw, int type, int v, int len, byte[] tid, int p)
      throws StunParseException {
    switch (type) {
      case StunAttribute.MAPPED_ADDRESS:
        return new StunAttribute.MappedAddress(address(raw, v, len, false, p));
      case StunAttribute.XOR_PEER_ADDRESS:
        return new StunAttribute.XorPeerAddress(address(raw, v, len, true, p));
      case StunAttribute.XOR_RELAYED_ADDRESS:
        return new StunAttribute.XorRelayedAddress(address(raw, v, len, true, p));
      case StunAttribute.LIFETIME:
        expectLength(len, 4, "LIFETIME", p);
        return new StunAttribute.Lifetime(getInt(raw, v) & 0xFFFF_FFFFL);
      case StunAttribute.DATA:
        return new StunAttribute.Data(slice(raw, v, len));
      case StunAttribute.XOR_MAPPED_ADDRESS:
        return new StunAttribute.XorMappedAddress(address(raw, v, len, true, p));
      case StunAttribute.ALTERNATE_SERVER:
        return new StunAttribute.AlternateServer(address(raw, v, len, false, p));
      case StunAttribute.USERNAME:
        if (len > 513) {
          throw new StunParseException(BAD_ATTRIBUTE, p, "USERNAME longer than 513 bytes");
        }
        return new StunAttribute.Username(new String(raw, v, len, StandardCharsets.UTF_8));
      case StunAttribute.SOFTWARE:
        return new StunAttribute.Software(new String(raw, v, len, StandardCharsets.UTF_8));
      case StunAttribute.REALM:
        return new StunAttribute.Realm(new String(raw, v, len, StandardCharsets.UTF_8));
      case StunAttribute.NONCE:
        return new StunAttribute.Nonce(new String(raw, v, len, StandardCharsets.UTF_8));
      case StunAttribute.ERROR_CODE: {
        if (len < 4) {
          throw new StunParseException(BAD_ATTRIBUTE, p, "ERROR-CODE shorter than 4 bytes");
        }
        int cls = raw[v + 2] & 0x07;
        int number = raw[v + 3] & 0xFF;
        int code = cls * 100 + number;
        if (cls < 3 || cls > 6 || number > 99) {
          throw new StunParseException(BAD_ATTRIBUTE, p, "ERROR-CODE out of range: " + code);
        }
        return new StunAttribute.ErrorCode(code, new String(raw, v + 4, len - 4, StandardCharsets.UTF_8));
      }
      case StunAttribute.UNKNOWN_ATTRIBUTES: {
        if ((len & 1) != 0) {
          throw new StunParseException(BAD_ATTRIBUTE, p, "UNKNOWN-ATTRIBUTES length is odd");
        }
        List<Integer> types = new ArrayList<>(len / 2);
        for (int i = 0; i < len; i += 2) {
          types.add(getShort(raw, v + i));
        }
        return new StunAttribute.UnknownAttributes(types);
      }
      case StunAttribute.PRIORITY:
        expectLength(len, 4, "PRIORITY", p);
        return new StunAttribute.Priority(getInt(raw, v) & 0xFFFF_FFFFL);
      case StunAttribute.USE_CANDIDATE:
        expectLength(len, 0, "USE-CANDIDATE", p);
        return new StunAttribute.UseCandidate();
      case StunAttribute.ICE_CONTROLLED:
        expectLength(len, 8, "ICE-CONTROLLED", p);
        return new StunAttribute.IceControlled(getLong(raw, v));
      case StunAttribute.ICE_CONTROLLING:
        expectLength(len, 8, "ICE-CONTROLLING", p);
        return new StunAttribute.IceControlling(getLong(raw, v));
      default:
        return new StunAttribute.Unknown(type, slice(raw, v, len));
    }
  }

  private static void expectLength(int len, int expected, String name, int p) throws StunParseException {
    if (len != expected) {
      throw new StunParseException(BAD_ATTRIBUTE, p, name + " must be " + expected + " bytes, not " + len);
    }
  }

  private static InetSocketAddress address(byte[] raw, int v, int len, boolean xor, int p) throws StunParseException {
    if (len < 4) {
      throw new StunParseException(BAD_ATTRIBUTE, p, "address attribute shorter than 4 bytes");
    }
    int family = raw[v + 1] & 0xFF;
    int size = family == 1 ? 4 : family == 2 ? 16 : -1;
    if (size < 0) {
      throw new StunParseException(BAD_ATTRIBUTE, p, "unknown address family " + family);
    }
    if (len != 4 + size) {
      throw new StunParseException(BAD_ATTRIBUTE, p, "address attribute of " + len + " bytes for family " + family);
    }
    int port = getShort(raw, v + 2);
    byte[] a = new byte[size];
    for (int i = 0; i < size; i++) {
      a[i] = (byte) (xor ? raw[v + 4 + i] ^ raw[4 + i] : raw[v + 4 + i]);
    }
    if (xor) {
      port ^= MAGIC_COOKIE >>> 16;
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(a), port);
    } catch (UnknownHostException e) {
      throw new StunParseException(BAD_ATTRIBUTE, p, "bad address");
    }
  }

  private static int crc(byte[] raw, int end, int lengthWithFingerprint) {
    Macs macs = Macs.forThread();
    macs.crc.reset();
    macs.crc.update(raw, 0, 2);
    int l = lengthWithFingerprint - HEADER_LENGTH;
    macs.crc.update(l >>> 8);
    macs.crc.update(l & 0xFF);
    macs.crc.update(raw, 4, end - 4);
    return (int) macs.crc.getValue() ^ FINGERPRINT_XOR;
  }

  /**
   * Checks MESSAGE-INTEGRITY (HMAC-SHA1) and/or MESSAGE-INTEGRITY-SHA256 over the exact bytes
   * received, with the header length adjusted as RFC 8489 §14.5 requires. False when the message
   * was not decoded from bytes or carries neither attribute.
   */
  public boolean verifyIntegrity(byte[] key) {
    if (raw == null || (integrityOffset < 0 && integritySha256Offset < 0)) {
      return false;
    }
    Macs macs = Macs.forThread();
    if (integrityOffset >= 0 && !check(macs, macs.sha1(key), integrityOffset, 20)) {
      return false;
    }
    if (integritySha256Offset >= 0) {
      int size = getShort(raw, integritySha256Offset + 2);
      return check(macs, macs.sha256(key), integritySha256Offset, size);
    }
    return true;
  }

  private boolean check(Macs macs, Hmac mac, int at, int size) {
    int l = at + 4 + size - HEADER_LENGTH;
    mac.update(raw, 0, 2);
    mac.update((byte) (l >>> 8));
    mac.update((byte) l);
    macs.hmac(mac, raw, 4, at - 4);
    int diff = 0;
    for (int i = 0; i < size; i++) {
      diff |= macs.out[i] ^ raw[at + 4 + i];
    }
    return diff == 0; // constant time, like MessageDigest.isEqual, without copying
  }

  /** Whether the message carried MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256. */
  public boolean hasIntegrity() {
    return integrityOffset >= 0 || integritySha256Offset >= 0;
  }

  /** Whether the message carried a (valid: checked by {@link #parse}) FINGERPRINT. */
  public boolean hasFingerprint() {
    return fingerprintOffset >= 0;
  }

  public int method() {
    return method;
  }

  public StunClass messageClass() {
    return messageClass;
  }

  /** The transaction id (a copy). */
  public byte[] transactionId() {
    return transactionId.clone();
  }

  /** True if this message has the given transaction id. */
  public boolean hasTransactionId(byte[] tid) {
    return Arrays.equals(transactionId, tid);
  }

  public List<StunAttribute> attributes() {
    return attributes;
  }

  /** The first attribute of the given kind, or null. */
  public <T extends StunAttribute> T attribute(Class<T> kind) {
    for (StunAttribute a : attributes) {
      if (kind.isInstance(a)) {
        return kind.cast(a);
      }
    }
    return null;
  }

  /** Comprehension-required attributes (type below 0x8000) this codec does not know. */
  public List<Integer> unknownComprehensionRequired() {
    List<Integer> out = new ArrayList<>(0);
    for (StunAttribute a : attributes) {
      if (a instanceof StunAttribute.Unknown u && u.comprehensionRequired()) {
        out.add(u.type());
      }
    }
    return out;
  }

  /** The exact bytes this message was decoded from (a copy), or null for a message built locally. */
  public byte[] rawBytes() {
    return raw == null ? null : raw.clone();
  }

  /**
   * Encodes this message; its own MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT attributes are
   * skipped and recomputed: MESSAGE-INTEGRITY when {@code integrityKey} is non-null, FINGERPRINT
   * when asked.
   */
  public byte[] encode(byte[] integrityKey, boolean fingerprint) {
    byte[] out = new byte[encodedLength(integrityKey != null, fingerprint)];
    writeTo(new StunWriter(), out, 0, integrityKey, fingerprint);
    return out;
  }

  /** Encodes into {@code dst[off...]} with the given writer; returns the number of bytes written. */
  public int writeTo(StunWriter writer, byte[] dst, int off, byte[] integrityKey, boolean fingerprint) {
    writer.begin(dst, off, method, messageClass, transactionId);
    for (StunAttribute a : attributes) {
      if (!computed(a)) {
        writer.attribute(a);
      }
    }
    if (integrityKey != null) {
      writer.messageIntegrity(integrityKey);
    }
    if (fingerprint) {
      writer.fingerprint();
    }
    return writer.length();
  }

  /** The number of bytes {@link #writeTo} will write. */
  public int encodedLength(boolean integrity, boolean fingerprint) {
    int n = HEADER_LENGTH;
    for (StunAttribute a : attributes) {
      if (!computed(a)) {
        n += 4 + ((valueLength(a) + 3) & ~3);
      }
    }
    return n + (integrity ? 24 : 0) + (fingerprint ? 8 : 0);
  }

  private static boolean computed(StunAttribute a) {
    return a instanceof StunAttribute.Fingerprint || a instanceof StunAttribute.MessageIntegrity
        || a instanceof StunAttribute.MessageIntegritySha256;
  }

  private static int valueLength(StunAttribute a) {
    if (a instanceof StunAttribute.MappedAddress m) {
      return addressLength(m.address());
    } else if (a instanceof StunAttribute.XorMappedAddress m) {
      return addressLength(m.address());
    } else if (a instanceof StunAttribute.XorPeerAddress m) {
      return addressLength(m.address());
    } else if (a instanceof StunAttribute.XorRelayedAddress m) {
      return addressLength(m.address());
    } else if (a instanceof StunAttribute.Lifetime) {
      return 4;
    } else if (a instanceof StunAttribute.Data d) {
      return d.value().length;
    } else if (a instanceof StunAttribute.AlternateServer m) {
      return addressLength(m.address());
    } else if (a instanceof StunAttribute.Username s) {
      return utf8Length(s.value());
    } else if (a instanceof StunAttribute.Software s) {
      return utf8Length(s.value());
    } else if (a instanceof StunAttribute.Realm s) {
      return utf8Length(s.value());
    } else if (a instanceof StunAttribute.Nonce s) {
      return utf8Length(s.value());
    } else if (a instanceof StunAttribute.ErrorCode e) {
      return 4 + utf8Length(e.reason());
    } else if (a instanceof StunAttribute.UnknownAttributes u) {
      return 2 * u.types().size();
    } else if (a instanceof StunAttribute.Priority) {
      return 4;
    } else if (a instanceof StunAttribute.UseCandidate) {
      return 0;
    } else if (a instanceof StunAttribute.IceControlled || a instanceof StunAttribute.IceControlling) {
      return 8;
    } else if (a instanceof StunAttribute.Unknown u) {
      return u.value().length;
    }
    throw new IllegalArgumentException("unsupported attribute " + a);
  }

  private static int addressLength(InetSocketAddress a) {
    return a.getAddress() != null && a.getAddress().getAddress().length == 16 ? 20 : 8;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static byte[] slice(byte[] b, int off, int len) {
    byte[] out = new byte[len];
    System.arraycopy(b, off, out, 0, len);
    return out;
  }

  static int getShort(byte[] b, int off) {
    return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
  }

  static int getInt(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
  }

  static long getLong(byte[] b, int off) {
    return ((long) getInt(b, off) << 32) | (getInt(b, off + 4) & 0xFFFF_FFFFL);
  }

  @Override
  public String toString() {
    return "StunMessage[method=0x" + Integer.toHexString(method) + ", class=" + messageClass + ", tid="
        + HexFormat.of().formatHex(transactionId) + ", attributes=" + attributes + "]";
  }
}
