package org.rtc4j.sdp;

import java.util.List;

/** Test helpers for the two forms of a parsed description's attributes: lines of text, and built values. */
final class Typed {
  private Typed() {}

  /** Builds every attribute of {@code sd} (a parsed description builds them on first access). */
  static int buildAll(SessionDescription sd) {
    int n = touch(sd.attributes());
    for (MediaDescription m : sd.media()) {
      n += touch(m.attributes());
    }
    return n;
  }

  private static int touch(List<SdpAttribute> attributes) {
    int n = 0;
    for (SdpAttribute a : attributes) {
      n += a.attributeName().length();
      String value = a.attributeValue();
      n += value == null ? 0 : value.length();
    }
    return n;
  }

  /**
   * A copy of {@code sd} whose attributes are plain lists of built values, as a builder makes
   * them, so writing it goes through the values rather than the parsed text.
   */
  static SessionDescription copy(SessionDescription sd) {
    // Setting the attributes (to the same ones) makes the builders copy them into plain lists.
    SessionDescription.Builder b = sd.toBuilder().attributes(sd.attributes());
    for (int i = 0; i < sd.media().size(); i++) {
      List<SdpAttribute> attributes = sd.media().get(i).attributes();
      b.updateMedia(i, m -> m.attributes(attributes));
    }
    SessionDescription copy = b.build();
    if (copy.attributes() instanceof ParsedAttributes) {
      throw new AssertionError("the copy still holds parsed session attributes");
    }
    for (MediaDescription m : copy.media()) {
      if (m.attributes() instanceof ParsedAttributes) {
        throw new AssertionError("the copy still holds parsed media attributes");
      }
    }
    return copy;
  }
}
