package org.rtc4j.peer;

/**
 * W3C {@code RTCRtpTransceiverDirection}: whether a transceiver sends, receives, both or neither.
 * {@code STOPPED} is only ever reported, never set.
 */
public enum Direction {
  SENDRECV,
  SENDONLY,
  RECVONLY,
  INACTIVE,
  STOPPED;

  public boolean sends() {
    return this == SENDRECV || this == SENDONLY;
  }

  public boolean receives() {
    return this == SENDRECV || this == RECVONLY;
  }

  /** The SDP attribute name, e.g. {@code "sendrecv"} ({@code "inactive"} for STOPPED). */
  public String sdpName() {
    return this == STOPPED ? "inactive" : name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The direction from the attribute name. */
  public static Direction fromSdp(String name) {
    return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
  }

  /** The direction with sending and receiving exchanged. */
  public Direction reverse() {
    return this == SENDONLY ? RECVONLY : this == RECVONLY ? SENDONLY : this;
  }

  /** This direction with sending switched on or off. */
  public Direction withSend(boolean send) {
    return of(send, receives());
  }

  /** This direction with receiving switched on or off. */
  public Direction withReceive(boolean receive) {
    return of(sends(), receive);
  }

  /** The direction that sends and receives as given. */
  public static Direction of(boolean send, boolean receive) {
    return send ? (receive ? SENDRECV : SENDONLY) : (receive ? RECVONLY : INACTIVE);
  }
}
