package org.rtc4j.sdp;

/**
 * One {@code a=} line of a session or media description, in the order it is written.
 *
 * <p>Attributes WebRTC needs are typed ({@link RtpMap}, {@link Fmtp}, {@link ExtMap}, ...); every
 * other attribute, including the ones whose value is a plain string ({@code mid},
 * {@code ice-ufrag}, {@code candidate}, {@code rtcp-mux}, ...), is an {@link Attribute} with its
 * value kept verbatim.
 */
public sealed interface SdpAttribute
    permits Attribute, Direction, Setup, RtpMap, Fmtp, RtcpFb, ExtMap, Ssrc, SsrcGroup, Rid,
        Simulcast, Fingerprint, Group, Msid, MsidSemantic, Rtcp {

  /** The attribute name, e.g. {@code "rtpmap"}. */
  String attributeName();

  /** The value as written after the colon, or {@code null} for a property attribute. */
  String attributeValue();

  /**
   * Makes the attribute that {@code a=name:value} denotes: a typed one for the names this module
   * knows ({@code rtpmap} gives a {@link RtpMap}), an {@link Attribute} for all others.
   *
   * @param value the value after the colon, or {@code null} for a property attribute
   * @throws IllegalArgumentException if a known attribute's value does not follow its grammar
   */
  static SdpAttribute of(String name, String value) {
    Check.token("attribute name", name);
    if (value == null) {
      return AttributeParser.parse(name, null, 0, 0);
    }
    Check.text("attribute value", value);
    return AttributeParser.parse(name, value, 0, value.length());
  }
}
