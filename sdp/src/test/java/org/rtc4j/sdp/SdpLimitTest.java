package org.rtc4j.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link SessionDescription#MAX_LENGTH} holds: text up to it parses, one character more is refused unread. */
class SdpLimitTest {
  private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

  /** A valid SDP of exactly {@code length} characters: the head and one long attribute. */
  private static String sdpOf(int length) {
    String prefix = HEAD + "a=x-pad:";
    return prefix + "p".repeat(length - prefix.length() - 2) + "\r\n";
  }

  @Test
  void anSdpOfTheMaximumLengthParses() throws SdpParseException {
    String text = sdpOf(SessionDescription.MAX_LENGTH);
    assertEquals(SessionDescription.MAX_LENGTH, text.length());
    assertEquals(1, SessionDescription.parse(text).attributes().size());
  }

  @Test
  void oneCharacterMoreIsTooLarge() {
    SdpParseException e = assertThrows(SdpParseException.class,
        () -> SessionDescription.parse(sdpOf(SessionDescription.MAX_LENGTH + 1)));
    assertEquals(SdpParseException.Reason.TOO_LARGE, e.reason());
  }
}
