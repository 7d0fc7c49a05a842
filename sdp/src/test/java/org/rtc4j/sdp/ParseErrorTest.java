package org.rtc4j.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.rtc4j.sdp.SdpParseException.Reason;

/** Strict where meaning would be lost: each case names the line, its number and a Reason. */
class ParseErrorTest {
  private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
  /** v=, o= and s=: what may come next is i= to t=. */
  private static final String NAMED = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n";
  private static final String AUDIO = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n";

  static Stream<Arguments> badInput() {
    return Stream.of(
        // text, reason, line number, line
        Arguments.of("", Reason.EMPTY, 0, null),
        Arguments.of("\r\n\r\n", Reason.EMPTY, 0, null),
        Arguments.of("o=- 1 2 IN IP4 127.0.0.1\r\n", Reason.MISSING_VERSION, 1, "o=- 1 2 IN IP4 127.0.0.1"),
        Arguments.of("v=1\r\n", Reason.UNSUPPORTED_VERSION, 1, "v=1"),
        Arguments.of("v=0\r\ns=-\r\n", Reason.MISSING_LINE, 2, "s=-"),
        Arguments.of(HEAD + "v=0\r\n", Reason.DUPLICATE_LINE, 5, "v=0"),
        Arguments.of(HEAD + "o=- 1 2 IN IP4 127.0.0.1\r\n", Reason.DUPLICATE_LINE, 5, "o=- 1 2 IN IP4 127.0.0.1"),
        Arguments.of(HEAD + "s=again\r\n", Reason.DUPLICATE_LINE, 5, "s=again"),
        Arguments.of(NAMED + "c=IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.5\r\n", Reason.DUPLICATE_LINE, 5, "c=IN IP4 1.2.3.5"),
        Arguments.of("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nr=7d 1h 0 25h\r\n", Reason.MISPLACED_LINE, 4, "r=7d 1h 0 25h"),
        Arguments.of(HEAD + AUDIO + "t=0 0\r\n", Reason.MISPLACED_LINE, 7, "t=0 0"),
        Arguments.of(HEAD + "this is not sdp\r\n", Reason.MALFORMED_LINE, 5, "this is not sdp"),
        Arguments.of(HEAD + "A=foo\r\n", Reason.MALFORMED_LINE, 5, "A=foo"),
        Arguments.of(HEAD + "a=\r\n", Reason.MALFORMED_LINE, 5, "a="),
        Arguments.of(HEAD + "a=:value\r\n", Reason.MALFORMED_LINE, 5, "a=:value"),
        Arguments.of(HEAD + "a=na me:value\r\n", Reason.MALFORMED_LINE, 5, "a=na me:value"),
        Arguments.of(HEAD + "a=foo\rbar\r\n", Reason.INVALID_CHARACTER, 5, "a=foo\rbar"),
        Arguments.of(HEAD + "a=foo\0bar\r\n", Reason.INVALID_CHARACTER, 5, "a=foo\0bar"),
        // the same inside lines the parser's fast path reads (canonical rtcp-fb, rtpmap, fmtp, ssrc)
        Arguments.of(HEAD + AUDIO + "a=rtcp-fb:111 nack\rpli\r\n", Reason.INVALID_CHARACTER, 7, "a=rtcp-fb:111 nack\rpli"),
        Arguments.of(HEAD + AUDIO + "a=rtcp-fb:111 nack pli\rx\n", Reason.INVALID_CHARACTER, 7, "a=rtcp-fb:111 nack pli\rx"),
        Arguments.of(HEAD + AUDIO + "a=rtpmap:111 opus/48000/2\ra=x\n", Reason.INVALID_CHARACTER, 7, "a=rtpmap:111 opus/48000/2\ra=x"),
        Arguments.of(HEAD + AUDIO + "a=fmtp:111 minptime=10\0\r\n", Reason.INVALID_CHARACTER, 7, "a=fmtp:111 minptime=10\0"),
        Arguments.of(HEAD + AUDIO + "a=ssrc:1 cname:x\ry\r\n", Reason.INVALID_CHARACTER, 7, "a=ssrc:1 cname:x\ry"),
        Arguments.of("v=0\r\no=- 1 2 IN IP4\r\n", Reason.INVALID_ORIGIN, 2, "o=- 1 2 IN IP4"),
        Arguments.of("v=0\r\no=- 1 x IN IP4 127.0.0.1\r\n", Reason.INVALID_ORIGIN, 2, "o=- 1 x IN IP4 127.0.0.1"),
        Arguments.of(NAMED + "c=IN IP4\r\n", Reason.INVALID_CONNECTION, 4, "c=IN IP4"),
        Arguments.of(NAMED + "b=AS\r\n", Reason.INVALID_BANDWIDTH, 4, "b=AS"),
        Arguments.of(NAMED + "b=AS:lots\r\n", Reason.INVALID_BANDWIDTH, 4, "b=AS:lots"),
        Arguments.of(HEAD + "t=now later\r\n", Reason.INVALID_TIMING, 5, "t=now later"),
        Arguments.of(HEAD + "m=audio\r\n", Reason.INVALID_MEDIA, 5, "m=audio"),
        Arguments.of(HEAD + "m=audio UDP/TLS/RTP/SAVPF 111\r\n", Reason.INVALID_MEDIA, 5, "m=audio UDP/TLS/RTP/SAVPF 111"),
        Arguments.of(HEAD + "m=audio 70000 RTP/AVP 0\r\n", Reason.INVALID_MEDIA, 5, "m=audio 70000 RTP/AVP 0"),
        Arguments.of(HEAD + "m=audio 9\r\n", Reason.INVALID_MEDIA, 5, "m=audio 9"),
        Arguments.of(HEAD + AUDIO + "a=rtpmap:abc opus/48000/2\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=rtpmap:abc opus/48000/2"),
        Arguments.of(HEAD + AUDIO + "a=rtpmap:128 opus/48000/2\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=rtpmap:128 opus/48000/2"),
        Arguments.of(HEAD + AUDIO + "a=rtpmap:111 opus\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=rtpmap:111 opus"),
        Arguments.of(HEAD + AUDIO + "a=rtpmap:111 opus/fast\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=rtpmap:111 opus/fast"),
        Arguments.of(HEAD + AUDIO + "a=rtpmap\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=rtpmap"),
        Arguments.of(HEAD + AUDIO + "a=fmtp:111\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=fmtp:111"),
        Arguments.of(HEAD + AUDIO + "a=fmtp:111 =10\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=fmtp:111 =10"),
        Arguments.of(HEAD + AUDIO + "a=rtcp-fb:111\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=rtcp-fb:111"),
        Arguments.of(HEAD + AUDIO + "a=extmap:0 urn:x\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=extmap:0 urn:x"),
        Arguments.of(HEAD + AUDIO + "a=extmap:1/sideways urn:x\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=extmap:1/sideways urn:x"),
        Arguments.of(HEAD + AUDIO + "a=extmap:1\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=extmap:1"),
        Arguments.of(HEAD + AUDIO + "a=ssrc:4294967296 cname:x\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=ssrc:4294967296 cname:x"),
        Arguments.of(HEAD + AUDIO + "a=ssrc:1\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=ssrc:1"),
        Arguments.of(HEAD + AUDIO + "a=ssrc-group:FID 1 x\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=ssrc-group:FID 1 x"),
        Arguments.of(HEAD + AUDIO + "a=rid:q sideways\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=rid:q sideways"),
        Arguments.of(HEAD + AUDIO + "a=rid:q! send\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=rid:q! send"),
        Arguments.of(HEAD + AUDIO + "a=rid:q send pt=x\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=rid:q send pt=x"),
        Arguments.of(HEAD + AUDIO + "a=simulcast:up q;h\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=simulcast:up q;h"),
        Arguments.of(HEAD + AUDIO + "a=simulcast:send q;;h\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=simulcast:send q;;h"),
        Arguments.of(HEAD + AUDIO + "a=simulcast:send q send h\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=simulcast:send q send h"),
        Arguments.of(HEAD + AUDIO + "a=fingerprint:sha-256\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=fingerprint:sha-256"),
        Arguments.of(HEAD + AUDIO + "a=setup:maybe\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=setup:maybe"),
        Arguments.of(HEAD + AUDIO + "a=sendrecv:yes\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=sendrecv:yes"),
        Arguments.of(HEAD + AUDIO + "a=mid\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=mid"),
        Arguments.of(HEAD + AUDIO + "a=mid:a b\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=mid:a b"),
        Arguments.of(HEAD + AUDIO + "a=ice-ufrag:\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=ice-ufrag:"),
        Arguments.of(HEAD + AUDIO + "a=sctp-port:sixty\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=sctp-port:sixty"),
        Arguments.of(HEAD + AUDIO + "a=max-message-size:-1\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=max-message-size:-1"),
        Arguments.of(HEAD + AUDIO + "a=rtcp:port\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=rtcp:port"),
        Arguments.of(HEAD + AUDIO + "a=msid:a b c\r\n", Reason.INVALID_ATTRIBUTE, 7, "a=msid:a b c"),
        Arguments.of(HEAD + "a=group\r\n", Reason.INVALID_ATTRIBUTE, 5, "a=group"),
        Arguments.of(HEAD + "a=candidate:\r\n", Reason.INVALID_ATTRIBUTE, 5, "a=candidate:"));
  }

  @ParameterizedTest(name = "{1} line {2}: {3}")
  @MethodSource("badInput")
  void rejects(String text, Reason reason, int lineNumber, String line) {
    SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(text));
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(lineNumber, e.lineNumber(), e.getMessage());
    assertEquals(line, e.line(), e.getMessage());
    if (lineNumber > 0) {
      assertTrue(e.getMessage().startsWith("line " + lineNumber + ": "), e.getMessage());
    }
    assertTrue(e.getMessage().endsWith("(" + reason + ")"), e.getMessage());
  }

  @Test
  void nullIsEmpty() {
    SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(null));
    assertEquals(Reason.EMPTY, e.reason());
  }

  @Test
  void messageSaysWhatIsWrong() {
    SdpParseException e = assertThrows(SdpParseException.class,
        () -> SessionDescription.parse(HEAD + AUDIO + "a=rtpmap:abc opus/48000/2\r\n"));
    assertEquals("line 7: payload type 'abc' is not a number 0-127 in 'a=rtpmap:abc opus/48000/2' (INVALID_ATTRIBUTE)",
        e.getMessage());
  }

  @Test
  void messageNeverShowsAnIcePassword() {
    SdpParseException e = assertThrows(SdpParseException.class,
        () -> SessionDescription.parse(HEAD + AUDIO + "a=ice-pwd:secret but spaced\r\n"));
    assertEquals(Reason.INVALID_ATTRIBUTE, e.reason());
    assertTrue(!e.getMessage().contains("secret"), e.getMessage());
    assertEquals("a=ice-pwd:secret but spaced", e.line());
  }

  @Test
  void lineNumbersCountLfOnlyAndBlankLines() {
    SdpParseException e = assertThrows(SdpParseException.class,
        () -> SessionDescription.parse("v=0\no=- 1 2 IN IP4 127.0.0.1\n\ns=-\nt=0 0\nm=video x RTP/AVP 96\n"));
    assertEquals(6, e.lineNumber());
    assertEquals(Reason.INVALID_MEDIA, e.reason());
  }
}
