package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;

/**
 * An attribute kept as its name and verbatim value: unknown attributes, and the known ones whose
 * value is a plain string ({@code mid}, {@code ice-ufrag}, {@code ice-pwd}, {@code ice-options},
 * {@code candidate}, {@code sctp-port}, ...) or that are flags ({@code rtcp-mux},
 * {@code end-of-candidates}, ...).
 *
 * @param name  the name before the colon
 * @param value the value after the colon, verbatim, or {@code null} for a property attribute
 */
public record Attribute(String name, String value) implements SdpAttribute {
  public Attribute {
    Check.require(name != null && !name.isEmpty() && Chars.isToken(name) && name.indexOf(':') < 0,
        "attribute name must be a non-empty token without ':': '", name, "'");
    Check.optionalText("attribute value", value);
  }

  /** A property attribute such as {@code a=rtcp-mux}. */
  public static Attribute flag(String name) {
    return new Attribute(name, null);
  }

  @Override
  public String attributeName() {
    return name;
  }

  @Override
  public String attributeValue() {
    return value;
  }

  @Override
  public String toString() {
    return value == null ? name : name + ':' + value;
  }
}
