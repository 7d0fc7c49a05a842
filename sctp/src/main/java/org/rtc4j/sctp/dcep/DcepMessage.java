package org.rtc4j.sctp.dcep;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.rtc4j.sctp.chunk.Bytes;

/**
 * A Data Channel Establishment Protocol message (RFC 8832 §5), carried with PPID 50 on the
 * channel's stream. {@link #parse} is the static entry point for tests and fuzzers: it throws only
 * {@link DcepParseException}.
 */
public sealed interface DcepMessage permits DcepMessage.Open, DcepMessage.Ack {
  /** DATA_CHANNEL_ACK message type. */
  int TYPE_ACK = 0x02;
  /** DATA_CHANNEL_OPEN message type. */
  int TYPE_OPEN = 0x03;

  /** Encodes the message. */
  byte[] encode();

  /**
   * DATA_CHANNEL_OPEN (RFC 8832 §5.1):
   *
   * <pre>
   * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   * |  Message Type |  Channel Type |            Priority           |
   * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   * |                    Reliability Parameter                      |
   * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   * |         Label Length          |       Protocol Length         |
   * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   * \                             Label                             \
   * \                            Protocol                           \
   * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   * </pre>
   *
   * @param channelType one of {@link ChannelType}'s codes (ordering in the high bit)
   * @param reliabilityParameter retransmissions (REXMIT) or lifetime in ms (TIMED), else ignored
   */
  record Open(int channelType, int priority, int reliabilityParameter, String label, String protocol) implements DcepMessage {
    public Open {
      channelType &= 0xFF;
      priority &= 0xFFFF;
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(protocol, "protocol");
    }

    @Override
    public byte[] encode() {
      byte[] l = label.getBytes(StandardCharsets.UTF_8);
      byte[] p = protocol.getBytes(StandardCharsets.UTF_8);
      if (l.length > 0xFFFF || p.length > 0xFFFF) {
        throw new IllegalArgumentException("label or protocol longer than 65535 bytes");
      }
      byte[] out = new byte[12 + l.length + p.length];
      out[0] = TYPE_OPEN;
      out[1] = (byte) channelType;
      Bytes.put16(out, 2, priority);
      Bytes.put32(out, 4, reliabilityParameter);
      Bytes.put16(out, 8, l.length);
      Bytes.put16(out, 10, p.length);
      System.arraycopy(l, 0, out, 12, l.length);
      System.arraycopy(p, 0, out, 12 + l.length, p.length);
      return out;
    }

    /** True if the high bit of the channel type asks for unordered delivery. */
    public boolean unordered() {
      return (channelType & ChannelType.UNORDERED_BIT) != 0;
    }
  }

  /** DATA_CHANNEL_ACK (RFC 8832 §5.2): one byte. */
  record Ack() implements DcepMessage {
    @Override
    public byte[] encode() {
      return new byte[] {TYPE_ACK};
    }
  }

  /** Parses a DCEP message. */
  static DcepMessage parse(byte[] buf, int off, int len) throws DcepParseException {
    if (buf == null || off < 0 || len < 1 || off > buf.length - len) {
      throw new DcepParseException(DcepParseException.Reason.TRUNCATED, Math.max(0, off), "empty or outside the buffer");
    }
    int type = buf[off] & 0xFF;
    if (type == TYPE_ACK) {
      if (len != 1) {
        // RFC 8832 §5.2 defines one byte; tolerate nothing else so a malformed ACK is visible.
        throw new DcepParseException(DcepParseException.Reason.TRAILING_BYTES, off + 1, "DATA_CHANNEL_ACK of " + len + " bytes");
      }
      return new Ack();
    }
    if (type != TYPE_OPEN) {
      throw new DcepParseException(DcepParseException.Reason.UNKNOWN_TYPE, off, "message type " + type);
    }
    if (len < 12) {
      throw new DcepParseException(DcepParseException.Reason.TRUNCATED, off, "DATA_CHANNEL_OPEN shorter than 12 bytes");
    }
    int channelType = buf[off + 1] & 0xFF;
    if (!ChannelType.valid(channelType)) {
      throw new DcepParseException(DcepParseException.Reason.BAD_CHANNEL_TYPE, off + 1, "channel type " + channelType);
    }
    int labelLength = Bytes.u16(buf, off + 8);
    int protocolLength = Bytes.u16(buf, off + 10);
    if (12 + labelLength + protocolLength > len) {
      throw new DcepParseException(DcepParseException.Reason.TRUNCATED, off + 8,
          "label " + labelLength + " and protocol " + protocolLength + " exceed " + len);
    }
    if (12 + labelLength + protocolLength < len) {
      throw new DcepParseException(DcepParseException.Reason.TRAILING_BYTES, off + 12 + labelLength + protocolLength,
          (len - 12 - labelLength - protocolLength) + " bytes after the protocol");
    }
    String label = utf8(buf, off + 12, labelLength);
    String protocol = utf8(buf, off + 12 + labelLength, protocolLength);
    return new Open(channelType, Bytes.u16(buf, off + 2), Bytes.i32(buf, off + 4), label, protocol);
  }

  private static String utf8(byte[] b, int off, int len) throws DcepParseException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len)).toString();
    } catch (CharacterCodingException e) {
      throw new DcepParseException(DcepParseException.Reason.BAD_UTF8, off, "label or protocol is not UTF-8");
    }
  }
}
