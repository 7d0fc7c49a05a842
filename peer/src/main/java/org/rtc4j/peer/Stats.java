package org.rtc4j.peer;

import java.util.Map;
import java.util.Objects;

/**
 * One W3C stats object ({@code RTCStats} and its subtypes in the webrtc-stats spec): its id, its
 * type ({@code "inbound-rtp"}, {@code "outbound-rtp"}, {@code "remote-inbound-rtp"},
 * {@code "candidate-pair"}, {@code "local-candidate"}, {@code "remote-candidate"},
 * {@code "transport"}, {@code "certificate"}, {@code "codec"}, {@code "peer-connection"}) and its
 * members under their W3C names ({@code packetsReceived}, {@code bytesSent}, {@code jitter},
 * {@code roundTripTime}, ...). Values are {@link Long}, {@link Double}, {@link String} or
 * {@link Boolean}.
 *
 * @param id unique within a report, stable across reports
 * @param type the W3C {@code RTCStatsType}
 * @param timestamp milliseconds, as the W3C {@code DOMHighResTimeStamp} (here: since the epoch)
 * @param members the other members by W3C name
 */
public record Stats(String id, String type, double timestamp, Map<String, Object> members) {

  public Stats {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    members = Map.copyOf(members);
  }

  /** A member, or null. */
  public Object get(String name) {
    return members.get(name);
  }

  /** A numeric member as a long, or {@code fallback} when absent. */
  public long getLong(String name, long fallback) {
    Object v = members.get(name);
    return v instanceof Number n ? n.longValue() : fallback;
  }

  /** A numeric member as a double, or {@code fallback} when absent. */
  public double getDouble(String name, double fallback) {
    Object v = members.get(name);
    return v instanceof Number n ? n.doubleValue() : fallback;
  }

  /** A member as a string, or null. */
  public String getString(String name) {
    Object v = members.get(name);
    return v == null ? null : v.toString();
  }
}
