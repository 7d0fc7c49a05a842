package org.rtc4j.ice.mdns;

/** A DNS message (RFC 1035 §4, as multicast DNS uses it) could not be decoded. */
public final class MdnsParseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why decoding failed. */
  public enum Reason {
    /** The message ends before a header, name, question or record it announces. */
    TRUNCATED,
    /** A label longer than 63 bytes, a name longer than 255, or an unknown label type. */
    BAD_NAME,
    /** A compression pointer that points forward or loops (RFC 1035 §4.1.4). */
    BAD_POINTER,
    /** More questions or records than any real mDNS message carries (a cheap DoS guard). */
    TOO_MANY_RECORDS
  }

  private final Reason reason;

  public MdnsParseException(Reason reason, String message) {
    super(message + " (" + reason + ")");
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
