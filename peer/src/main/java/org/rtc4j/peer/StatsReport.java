package org.rtc4j.peer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** W3C {@code RTCStatsReport}: every {@link Stats} object of a connection at one moment, by id. */
public final class StatsReport {
  private final Map<String, Stats> byId;

  /** A report of these objects (ids must be unique). */
  public StatsReport(Collection<Stats> stats) {
    Map<String, Stats> m = new LinkedHashMap<>();
    for (Stats s : stats) {
      if (m.put(s.id(), s) != null) {
        throw new IllegalArgumentException("duplicate stats id " + s.id());
      }
    }
    this.byId = java.util.Collections.unmodifiableMap(m);
  }

  /** Every object by id, in a stable order. */
  public Map<String, Stats> asMap() {
    return byId;
  }

  /** The object with this id, or null. */
  public Stats get(String id) {
    return byId.get(id);
  }

  /** Every object of one W3C type, e.g. {@code "inbound-rtp"}. */
  public List<Stats> ofType(String type) {
    List<Stats> out = new ArrayList<>();
    for (Stats s : byId.values()) {
      if (s.type().equals(type)) {
        out.add(s);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Stats s : byId.values()) {
      sb.append(s.type()).append(' ').append(s.id()).append(' ').append(s.members()).append('\n');
    }
    return sb.toString();
  }
}
