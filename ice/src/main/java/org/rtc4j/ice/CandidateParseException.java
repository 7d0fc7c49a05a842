package org.rtc4j.ice;

/** A candidate line does not follow the RFC 8839 §5.1 grammar. */
public final class CandidateParseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the line. */
  public enum Reason {
    /** The line does not start with {@code candidate:} (optionally {@code a=candidate:}). */
    NOT_A_CANDIDATE,
    /** Fewer than the eight mandatory fields. */
    MISSING_FIELD,
    BAD_FOUNDATION,
    BAD_COMPONENT,
    BAD_TRANSPORT,
    BAD_PRIORITY,
    BAD_ADDRESS,
    BAD_PORT,
    /** {@code typ} missing or an unknown candidate type. */
    BAD_TYPE,
    /** {@code raddr}/{@code rport} or an extension attribute without its value. */
    BAD_EXTENSION
  }

  private final Reason reason;

  public CandidateParseException(Reason reason, String line, String detail) {
    super(detail + " in candidate line \"" + line + "\"");
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
