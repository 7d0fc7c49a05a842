package org.rtc4j.sdp;

/**
 * Thrown when text is not a session description this module can read without losing meaning.
 * Carries the 1-based line number, the offending line and a {@link Reason}; the message says all
 * three in words. Tests and callers should branch on {@link #reason()}, not on the message.
 */
public final class SdpParseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What is wrong. */
  public enum Reason {
    /** The text is null, empty or only blank lines. */
    EMPTY,
    /** The first line is not {@code v=} (RFC 8866 §5). */
    MISSING_VERSION,
    /** {@code v=} is not 0 (RFC 8866 §5.1). */
    UNSUPPORTED_VERSION,
    /** A line is not {@code <type>=<value>} with a lower-case letter type. */
    MALFORMED_LINE,
    /** A NUL or a carriage return in the middle of a line. */
    INVALID_CHARACTER,
    /**
     * A required line is absent: {@code o=}, {@code s=} or {@code t=} (RFC 8866 §5), a {@code c=}
     * for an {@code m=} section when the session has none (§5.7), {@code a=rtcp-mux} beside
     * {@code a=rtcp-mux-only} (RFC 8858 §4). The exception names the line where it was due.
     */
    MISSING_LINE,
    /**
     * A line that may appear once appears again: {@code v=}, {@code o=}, {@code s=}, ..., an
     * attribute JSEP allows once per section (RFC 9429 §5.8: {@code ice-ufrag}, {@code mid},
     * a direction, {@code rtcp-mux}, ...), a second {@code rtpmap} for one payload type.
     */
    DUPLICATE_LINE,
    /**
     * A line out of the RFC 8866 §5 order ({@code c=} after {@code t=}, {@code r=} without
     * {@code t=}, {@code z=} without {@code r=}, a session line after {@code m=}, any line after
     * the attributes of its section), or an attribute at the wrong level ({@code a=rtpmap} in the
     * session, {@code a=group} in a media section).
     */
    MISPLACED_LINE,
    /** An {@code o=} line that breaks its grammar. */
    INVALID_ORIGIN,
    /** A {@code c=} line that breaks its grammar. */
    INVALID_CONNECTION,
    /** A {@code b=} line that breaks its grammar. */
    INVALID_BANDWIDTH,
    /** A {@code t=}, {@code r=} or {@code z=} line that breaks its grammar (RFC 8866 §5.9-5.11). */
    INVALID_TIMING,
    /** An {@code i=}, {@code u=}, {@code e=}, {@code p=} or {@code k=} line that breaks its grammar (RFC 8866 §5.4-5.6, §5.12). */
    INVALID_FIELD,
    /**
     * An {@code m=} line that breaks its grammar (RFC 8866 §5.14): no port, a proto that is not
     * {@code token *("/" token)}, no format, an RTP format that is not a payload type 0-127.
     */
    INVALID_MEDIA,
    /**
     * A known attribute whose value breaks its grammar (an {@code rtpmap} without a payload type,
     * a candidate or ICE password that breaks RFC 8839, ...), or one that contradicts its section
     * (a {@code simulcast} rid without an {@code a=rid} line, a {@code mid} used twice).
     */
    INVALID_ATTRIBUTE,
    /**
     * The text is longer than {@link SessionDescription#MAX_LENGTH} characters: refused before it is
     * read, so a peer cannot make the parser hold or scan any amount of text.
     */
    TOO_LARGE,
  }

  private final Reason reason;
  private final int lineNumber;
  private final String line;

  public SdpParseException(Reason reason, int lineNumber, String line, String detail) {
    super(message(reason, lineNumber, line, detail));
    this.reason = reason;
    this.lineNumber = lineNumber;
    this.line = line;
  }

  private static String message(Reason reason, int lineNumber, String line, String detail) {
    StringBuilder sb = new StringBuilder(96);
    if (lineNumber > 0) {
      sb.append("line ").append(lineNumber).append(": ");
    }
    sb.append(detail);
    if (line != null && line.startsWith("a=ice-pwd")) {
      // Messages end up in logs; an ICE password must not (the line is still in line()).
      sb.append(" in 'a=ice-pwd:(redacted)'");
    } else if (line != null) {
      sb.append(" in '");
      if (line.length() > 100) {
        sb.append(line, 0, 100).append("...");
      } else {
        sb.append(line);
      }
      sb.append('\'');
    }
    return sb.append(" (").append(reason).append(')').toString();
  }

  public Reason reason() {
    return reason;
  }

  /** The 1-based line number, or 0 when the problem is not on one line (e.g. a missing line). */
  public int lineNumber() {
    return lineNumber;
  }

  /** The offending line without its line end, or {@code null} when not on one line. */
  public String line() {
    return line;
  }
}
