package org.rtc4j.peer;

/**
 * W3C {@code RTCDataChannelInit}: how a data channel delivers (RFC 8831 §6.4, RFC 8832): reliable
 * and ordered by default; {@code maxRetransmits} or {@code maxPacketLifeTime} (not both) make it
 * partially reliable (RFC 3758); {@code negotiated} with an {@code id} skips DCEP, both sides making
 * the channel with the same id. Immutable; start from {@link #defaults()}.
 *
 * @param ordered deliver in order (default true)
 * @param maxPacketLifeTime milliseconds a message may be retransmitted for, or null
 * @param maxRetransmits how often a message may be retransmitted, or null
 * @param protocol the subprotocol name (default empty)
 * @param negotiated whether the application negotiates the channel itself (default false)
 * @param id the stream id of a negotiated channel, or null
 */
public record DataChannelInit(boolean ordered, Integer maxPacketLifeTime, Integer maxRetransmits, String protocol,
    boolean negotiated, Integer id) {

  private static final DataChannelInit DEFAULTS = new DataChannelInit(true, null, null, "", false, null);

  public DataChannelInit {
    protocol = protocol == null ? "" : protocol;
  }

  /** Reliable, ordered, in-band (DCEP). */
  public static DataChannelInit defaults() {
    return DEFAULTS;
  }

  public DataChannelInit withOrdered(boolean value) {
    return new DataChannelInit(value, maxPacketLifeTime, maxRetransmits, protocol, negotiated, id);
  }

  public DataChannelInit withMaxPacketLifeTime(Integer millis) {
    return new DataChannelInit(ordered, millis, maxRetransmits, protocol, negotiated, id);
  }

  public DataChannelInit withMaxRetransmits(Integer n) {
    return new DataChannelInit(ordered, maxPacketLifeTime, n, protocol, negotiated, id);
  }

  public DataChannelInit withProtocol(String value) {
    return new DataChannelInit(ordered, maxPacketLifeTime, maxRetransmits, value, negotiated, id);
  }

  /** A negotiated (out-of-band) channel on stream {@code streamId}. */
  public DataChannelInit withNegotiatedId(int streamId) {
    return new DataChannelInit(ordered, maxPacketLifeTime, maxRetransmits, protocol, true, streamId);
  }

  /** The sctp module's form, validated against {@code label} (TypeError on a bad combination). */
  org.rtc4j.sctp.dcep.DataChannelInit toDcep(String label) {
    org.rtc4j.sctp.dcep.DataChannelInit d = org.rtc4j.sctp.dcep.DataChannelInit.defaults().withOrdered(ordered)
        .withMaxPacketLifeTime(maxPacketLifeTime).withMaxRetransmits(maxRetransmits).withProtocol(protocol);
    if (negotiated) {
      if (id == null) {
        throw new IllegalArgumentException("TypeError: a negotiated channel needs an id");
      }
      d = d.withNegotiatedId(id);
    }
    d.validate(label);
    return d;
  }
}
