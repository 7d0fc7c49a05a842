package org.rtc4j.sctp.dcep;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * W3C {@code RTCDataChannelInit}: how a channel delivers (ordered, maxPacketLifeTime or
 * maxRetransmits), its sub-protocol, and whether it is negotiated out of band with a fixed id.
 * Immutable; the {@code with*} methods return modified copies. The checks of W3C
 * {@code createDataChannel} (TypeError) are made by {@link #validate}.
 */
public final class DataChannelInit {
  /** W3C priority "very-low" as the DCEP priority value (RFC 8832 §6.4 / W3C webrtc-priority). */
  public static final int PRIORITY_VERY_LOW = 128;
  /** "low", the default. */
  public static final int PRIORITY_LOW = 256;
  /** "medium". */
  public static final int PRIORITY_MEDIUM = 512;
  /** "high". */
  public static final int PRIORITY_HIGH = 1024;

  private static final DataChannelInit DEFAULTS = new DataChannelInit(true, null, null, "", false, null, PRIORITY_LOW);

  private final boolean ordered;
  private final Integer maxPacketLifeTime;
  private final Integer maxRetransmits;
  private final String protocol;
  private final boolean negotiated;
  private final Integer id;
  private final int priority;

  private DataChannelInit(boolean ordered, Integer maxPacketLifeTime, Integer maxRetransmits, String protocol,
      boolean negotiated, Integer id, int priority) {
    this.ordered = ordered;
    this.maxPacketLifeTime = maxPacketLifeTime;
    this.maxRetransmits = maxRetransmits;
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.negotiated = negotiated;
    this.id = id;
    this.priority = priority;
  }

  /** Ordered, reliable, in-band (DCEP), no protocol, priority low. */
  public static DataChannelInit defaults() {
    return DEFAULTS;
  }

  public DataChannelInit withOrdered(boolean ordered) {
    return new DataChannelInit(ordered, maxPacketLifeTime, maxRetransmits, protocol, negotiated, id, priority);
  }

  /** Lifetime in milliseconds (0..65535 per W3C "unsigned short"); null for none. */
  public DataChannelInit withMaxPacketLifeTime(Integer millis) {
    return new DataChannelInit(ordered, millis, maxRetransmits, protocol, negotiated, id, priority);
  }

  /** Retransmissions (0..65535); null for none. */
  public DataChannelInit withMaxRetransmits(Integer n) {
    return new DataChannelInit(ordered, maxPacketLifeTime, n, protocol, negotiated, id, priority);
  }

  public DataChannelInit withProtocol(String protocol) {
    return new DataChannelInit(ordered, maxPacketLifeTime, maxRetransmits, protocol, negotiated, id, priority);
  }

  /** A channel both sides create with the same {@code id}, without DCEP. */
  public DataChannelInit withNegotiatedId(int id) {
    return new DataChannelInit(ordered, maxPacketLifeTime, maxRetransmits, protocol, true, id, priority);
  }

  /** DCEP priority: {@link #PRIORITY_VERY_LOW} .. {@link #PRIORITY_HIGH}. */
  public DataChannelInit withPriority(int priority) {
    return new DataChannelInit(ordered, maxPacketLifeTime, maxRetransmits, protocol, negotiated, id, priority);
  }

  public boolean ordered() {
    return ordered;
  }

  public Integer maxPacketLifeTime() {
    return maxPacketLifeTime;
  }

  public Integer maxRetransmits() {
    return maxRetransmits;
  }

  public String protocol() {
    return protocol;
  }

  public boolean negotiated() {
    return negotiated;
  }

  public Integer id() {
    return id;
  }

  public int priority() {
    return priority;
  }

  /** The W3C createDataChannel checks; {@link IllegalArgumentException} says "TypeError: ...". */
  public void validate(String label) {
    Objects.requireNonNull(label, "label");
    if (label.getBytes(StandardCharsets.UTF_8).length > 65535) {
      throw new IllegalArgumentException("TypeError: label longer than 65535 bytes");
    }
    if (protocol.getBytes(StandardCharsets.UTF_8).length > 65535) {
      throw new IllegalArgumentException("TypeError: protocol longer than 65535 bytes");
    }
    if (maxPacketLifeTime != null && maxRetransmits != null) {
      throw new IllegalArgumentException("TypeError: both maxPacketLifeTime and maxRetransmits are set");
    }
    if (maxPacketLifeTime != null && (maxPacketLifeTime < 0 || maxPacketLifeTime > 65535)) {
      throw new IllegalArgumentException("TypeError: maxPacketLifeTime " + maxPacketLifeTime + " outside 0..65535");
    }
    if (maxRetransmits != null && (maxRetransmits < 0 || maxRetransmits > 65535)) {
      throw new IllegalArgumentException("TypeError: maxRetransmits " + maxRetransmits + " outside 0..65535");
    }
    if (negotiated && (id == null || id < 0 || id > 65534)) {
      throw new IllegalArgumentException("TypeError: a negotiated channel needs an id in 0..65534");
    }
  }
}
