package org.rtc4j.ice;

import java.util.Locale;

/** Candidate types (RFC 8445 §5.1.1, RFC 8839 §5.1) with their recommended type preferences (§5.1.2.2). */
public enum CandidateType {
  HOST("host", 126),
  SRFLX("srflx", 100),
  PRFLX("prflx", 110),
  RELAY("relay", 0);

  private final String sdpName;
  private final int typePreference;

  CandidateType(String sdpName, int typePreference) {
    this.sdpName = sdpName;
    this.typePreference = typePreference;
  }

  /** The token used after {@code typ} in SDP. */
  public String sdpName() {
    return sdpName;
  }

  public int typePreference() {
    return typePreference;
  }

  static CandidateType fromSdp(String token) {
    String t = token.toLowerCase(Locale.ROOT);
    for (CandidateType c : values()) {
      if (c.sdpName.equals(t)) {
        return c;
      }
    }
    return null;
  }
}
