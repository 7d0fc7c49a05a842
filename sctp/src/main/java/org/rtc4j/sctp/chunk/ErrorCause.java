package org.rtc4j.sctp.chunk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An error cause of ABORT and ERROR (RFC 9260 §3.3.10), kept as raw bytes. */
public record ErrorCause(int code, byte[] info) {
  /** Invalid Stream Identifier. */
  public static final int INVALID_STREAM_IDENTIFIER = 1;
  /** Missing Mandatory Parameter. */
  public static final int MISSING_MANDATORY_PARAMETER = 2;
  /** Stale Cookie Error: info is the staleness in microseconds. */
  public static final int STALE_COOKIE = 3;
  /** Out of Resource. */
  public static final int OUT_OF_RESOURCE = 4;
  /** Unrecognized Chunk Type: info is the whole unrecognized chunk. */
  public static final int UNRECOGNIZED_CHUNK_TYPE = 6;
  /** Invalid Mandatory Parameter. */
  public static final int INVALID_MANDATORY_PARAMETER = 7;
  /** Unrecognized Parameters. */
  public static final int UNRECOGNIZED_PARAMETERS = 8;
  /** No User Data: info is the TSN. */
  public static final int NO_USER_DATA = 9;
  /** Cookie Received While Shutting Down. */
  public static final int COOKIE_WHILE_SHUTTING_DOWN = 10;
  /** User-Initiated Abort: info is the upper layer's reason. */
  public static final int USER_INITIATED_ABORT = 12;
  /** Protocol Violation: info is additional text. */
  public static final int PROTOCOL_VIOLATION = 13;

  public ErrorCause {
    code &= 0xFFFF;
  }

  /** A cause whose info is UTF-8 text. */
  public static ErrorCause withText(int code, String text) {
    return new ErrorCause(code, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A readable form for events and logs. */
  public String describe() {
    String name;
    switch (code) {
      case INVALID_STREAM_IDENTIFIER: name = "Invalid Stream Identifier"; break;
      case MISSING_MANDATORY_PARAMETER: name = "Missing Mandatory Parameter"; break;
      case STALE_COOKIE: name = "Stale Cookie"; break;
      case OUT_OF_RESOURCE: name = "Out of Resource"; break;
      case UNRECOGNIZED_CHUNK_TYPE: name = "Unrecognized Chunk Type"; break;
      case INVALID_MANDATORY_PARAMETER: name = "Invalid Mandatory Parameter"; break;
      case UNRECOGNIZED_PARAMETERS: name = "Unrecognized Parameters"; break;
      case NO_USER_DATA: name = "No User Data"; break;
      case COOKIE_WHILE_SHUTTING_DOWN: name = "Cookie Received While Shutting Down"; break;
      case USER_INITIATED_ABORT: name = "User-Initiated Abort"; break;
      case PROTOCOL_VIOLATION: name = "Protocol Violation"; break;
      default: name = "cause " + code;
    }
    if ((code == USER_INITIATED_ABORT || code == PROTOCOL_VIOLATION) && info.length > 0) {
      return name + ": " + new String(info, StandardCharsets.UTF_8);
    }
    return name;
  }

  int encodedLength() {
    return 4 + info.length;
  }

  int writeTo(byte[] dst, int off) {
    return Parameter.writeTlv(dst, off, code, info);
  }

  static int listLength(List<ErrorCause> causes) {
    int n = 0;
    for (ErrorCause c : causes) {
      n += Bytes.pad4(c.encodedLength());
    }
    return causes.isEmpty() ? 0 : n - Bytes.pad4(causes.get(causes.size() - 1).encodedLength())
        + causes.get(causes.size() - 1).encodedLength();
  }

  static void writeList(List<ErrorCause> causes, byte[] dst, int off) {
    int p = off;
    for (ErrorCause c : causes) {
      p += c.writeTo(dst, p);
    }
  }

  static List<ErrorCause> parseList(byte[] b, int off, int len) throws SctpParseException {
    List<Parameter> tlvs = Parameter.parseList(b, off, len);
    List<ErrorCause> out = new ArrayList<>(tlvs.size());
    for (Parameter p : tlvs) {
      out.add(new ErrorCause(p.type(), p.value()));
    }
    return out;
  }
}
