package org.rtc4j.sctp.chunk;

import java.util.ArrayList;
import java.util.List;

/** A parameter of RE-CONFIG (RFC 6525 §4). */
public sealed interface ReConfigParameter
    permits ReConfigParameter.OutgoingResetRequest,
        ReConfigParameter.IncomingResetRequest,
        ReConfigParameter.Response,
        ReConfigParameter.Other {

  /** Outgoing SSN Reset Request Parameter type. */
  int OUTGOING_SSN_RESET_REQUEST = 13;
  /** Incoming SSN Reset Request Parameter type. */
  int INCOMING_SSN_RESET_REQUEST = 14;
  /** SSN/TSN Reset Request Parameter type. */
  int SSN_TSN_RESET_REQUEST = 15;
  /** Re-configuration Response Parameter type. */
  int RECONFIGURATION_RESPONSE = 16;
  /** Add Outgoing Streams Request Parameter type. */
  int ADD_OUTGOING_STREAMS_REQUEST = 17;
  /** Add Incoming Streams Request Parameter type. */
  int ADD_INCOMING_STREAMS_REQUEST = 18;

  /** Parameter type. */
  int type();

  /** Value length without header and padding. */
  int valueLength();

  /** Writes the value at {@code off}. */
  void writeValue(byte[] dst, int off);

  /**
   * Outgoing SSN Reset Request (RFC 6525 §4.1): the sender resets the listed outgoing streams
   * (all when the list is empty) once the receiver has everything up to {@code lastTsn}.
   */
  record OutgoingResetRequest(int requestSeq, int responseSeq, int lastTsn, List<Integer> streams) implements ReConfigParameter {
    public OutgoingResetRequest {
      streams = List.copyOf(streams);
    }

    @Override
    public int type() {
      return OUTGOING_SSN_RESET_REQUEST;
    }

    @Override
    public int valueLength() {
      return 12 + 2 * streams.size();
    }

    @Override
    public void writeValue(byte[] dst, int off) {
      Bytes.put32(dst, off, requestSeq);
      Bytes.put32(dst, off + 4, responseSeq);
      Bytes.put32(dst, off + 8, lastTsn);
      int p = off + 12;
      for (int s : streams) {
        Bytes.put16(dst, p, s);
        p += 2;
      }
    }
  }

  /** Incoming SSN Reset Request (RFC 6525 §4.2): asks the peer to reset its outgoing streams. */
  record IncomingResetRequest(int requestSeq, List<Integer> streams) implements ReConfigParameter {
    public IncomingResetRequest {
      streams = List.copyOf(streams);
    }

    @Override
    public int type() {
      return INCOMING_SSN_RESET_REQUEST;
    }

    @Override
    public int valueLength() {
      return 4 + 2 * streams.size();
    }

    @Override
    public void writeValue(byte[] dst, int off) {
      Bytes.put32(dst, off, requestSeq);
      int p = off + 4;
      for (int s : streams) {
        Bytes.put16(dst, p, s);
        p += 2;
      }
    }
  }

  /**
   * Re-configuration Response (RFC 6525 §4.4). The next-TSN fields are present only for SSN/TSN
   * reset responses ({@code hasNextTsns}).
   */
  record Response(int responseSeq, int result, boolean hasNextTsns, int senderNextTsn, int receiverNextTsn)
      implements ReConfigParameter {
    /** Success - Nothing to do. */
    public static final int SUCCESS_NOTHING_TO_DO = 0;
    /** Success - Performed. */
    public static final int SUCCESS_PERFORMED = 1;
    /** Denied. */
    public static final int DENIED = 2;
    /** Error - Wrong SSN. */
    public static final int ERROR_WRONG_SSN = 3;
    /** Error - Request already in progress. */
    public static final int ERROR_REQUEST_IN_PROGRESS = 4;
    /** Error - Bad Sequence Number. */
    public static final int ERROR_BAD_SEQUENCE_NUMBER = 5;
    /** In progress. */
    public static final int IN_PROGRESS = 6;

    /** A response without next-TSN fields. */
    public static Response of(int responseSeq, int result) {
      return new Response(responseSeq, result, false, 0, 0);
    }

    @Override
    public int type() {
      return RECONFIGURATION_RESPONSE;
    }

    @Override
    public int valueLength() {
      return hasNextTsns ? 16 : 8;
    }

    @Override
    public void writeValue(byte[] dst, int off) {
      Bytes.put32(dst, off, responseSeq);
      Bytes.put32(dst, off + 4, result);
      if (hasNextTsns) {
        Bytes.put32(dst, off + 8, senderNextTsn);
        Bytes.put32(dst, off + 12, receiverNextTsn);
      }
    }
  }

  /**
   * Any other parameter (SSN/TSN reset, add streams, unknown), kept raw; rtc4j answers the request
   * ones with {@code Denied}. The first four bytes of every request are its sequence number.
   */
  record Other(int type, byte[] value) implements ReConfigParameter {
    @Override
    public int valueLength() {
      return value.length;
    }

    @Override
    public void writeValue(byte[] dst, int off) {
      System.arraycopy(value, 0, dst, off, value.length);
    }
  }

  /** Parses one parameter from its type and value. */
  static ReConfigParameter parse(int type, byte[] v, int at) throws SctpParseException {
    switch (type) {
      case OUTGOING_SSN_RESET_REQUEST: {
        if (v.length < 12 || (v.length - 12) % 2 != 0) {
          throw new SctpParseException(SctpParseException.Reason.BAD_LENGTH, at, "Outgoing SSN Reset Request length " + (v.length + 4));
        }
        return new OutgoingResetRequest(Bytes.i32(v, 0), Bytes.i32(v, 4), Bytes.i32(v, 8), streams(v, 12));
      }
      case INCOMING_SSN_RESET_REQUEST: {
        if (v.length < 4 || (v.length - 4) % 2 != 0) {
          throw new SctpParseException(SctpParseException.Reason.BAD_LENGTH, at, "Incoming SSN Reset Request length " + (v.length + 4));
        }
        return new IncomingResetRequest(Bytes.i32(v, 0), streams(v, 4));
      }
      case RECONFIGURATION_RESPONSE: {
        if (v.length != 8 && v.length != 16) {
          throw new SctpParseException(SctpParseException.Reason.BAD_LENGTH, at, "Re-configuration Response length " + (v.length + 4));
        }
        boolean tsns = v.length == 16;
        return new Response(Bytes.i32(v, 0), Bytes.i32(v, 4), tsns, tsns ? Bytes.i32(v, 8) : 0, tsns ? Bytes.i32(v, 12) : 0);
      }
      default:
        return new Other(type, v);
    }
  }

  private static List<Integer> streams(byte[] v, int from) {
    List<Integer> out = new ArrayList<>((v.length - from) / 2);
    for (int p = from; p < v.length; p += 2) {
      out.add(Bytes.u16(v, p));
    }
    return out;
  }
}
