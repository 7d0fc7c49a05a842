package org.rtc4j.sctp.chunk;

import java.util.List;

/**
 * ABORT (RFC 9260 §3.3.7): optional error causes; the T flag says the verification tag is the
 * sender's own (reflected) rather than the receiver's.
 */
public record AbortChunk(boolean reflectedTag, List<ErrorCause> causes) implements Chunk {
  /** T: the packet carries the sender's own verification tag. */
  public static final int FLAG_T = 1;

  public AbortChunk {
    causes = List.copyOf(causes);
  }

  @Override
  public int type() {
    return ChunkType.ABORT;
  }

  @Override
  public int flags() {
    return reflectedTag ? FLAG_T : 0;
  }

  @Override
  public int valueLength() {
    return ErrorCause.listLength(causes);
  }

  @Override
  public void writeValue(byte[] dst, int off) {
    ErrorCause.writeList(causes, dst, off);
  }

  /** The causes, readable, for events. */
  public String describe() {
    if (causes.isEmpty()) {
      return "no cause given";
    }
    StringBuilder sb = new StringBuilder();
    for (ErrorCause c : causes) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(c.describe());
    }
    return sb.toString();
  }

  static AbortChunk parse(int flags, byte[] b, int off, int len) throws SctpParseException {
    return new AbortChunk((flags & FLAG_T) != 0, ErrorCause.parseList(b, off, len));
  }
}
