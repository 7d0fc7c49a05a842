package org.rtc4j.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Lenient where browsers are and nothing is lost: line ends, spacing, attribute order, unknown attributes and line types. */
class LenientParseTest {
  private static final String CANONICAL = "v=0\r\n"
      + "o=- 1 2 IN IP4 127.0.0.1\r\n"
      + "s=-\r\n"
      + "t=0 0\r\n"
      + "a=group:BUNDLE 0\r\n"
      + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
      + "c=IN IP4 0.0.0.0\r\n"
      + "a=mid:0\r\n"
      + "a=sendrecv\r\n"
      + "a=rtcp-mux\r\n"
      + "a=rtpmap:111 opus/48000/2\r\n"
      + "a=fmtp:111 minptime=10;useinbandfec=1\r\n";

  @Test
  void lfOnlyAndTrailingBlankLines() throws SdpParseException {
    SessionDescription crlf = SessionDescription.parse(CANONICAL);
    assertEquals(crlf, SessionDescription.parse(CANONICAL.replace("\r\n", "\n")));
    assertEquals(crlf, SessionDescription.parse(CANONICAL + "\r\n\r\n"));
    assertEquals(crlf, SessionDescription.parse(CANONICAL.replace("\r\n", "\n") + "\n"));
    assertEquals(crlf, SessionDescription.parse(CANONICAL.substring(0, CANONICAL.length() - 2)), "no final line end");
    assertEquals(CANONICAL, crlf.toString());
  }

  @Test
  void extraSpacesAndTrailingWhitespace() throws SdpParseException {
    String sloppy = CANONICAL.replace("a=rtpmap:111 opus", "a=rtpmap:111   opus")
        .replace("a=fmtp:111 minptime=10;useinbandfec=1", "a=fmtp:111 minptime=10; useinbandfec=1;")
        .replace("a=rtcp-mux\r\n", "a=rtcp-mux \t\r\n")
        .replace("o=- 1 2", "o=-  1 2");
    SessionDescription sd = SessionDescription.parse(sloppy);
    assertEquals(SessionDescription.parse(CANONICAL), sd);
    assertEquals(CANONICAL, sd.toString());
  }

  @Test
  void attributesInAnyOrderComeOutInJsepOrder() throws SdpParseException {
    String shuffled = "v=0\r\n"
        + "o=- 1 2 IN IP4 127.0.0.1\r\n"
        + "s=-\r\n"
        + "t=0 0\r\n"
        + "a=group:BUNDLE 0\r\n"
        + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
        + "c=IN IP4 0.0.0.0\r\n"
        + "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
        + "a=rtpmap:111 opus/48000/2\r\n"
        + "a=rtcp-mux\r\n"
        + "a=sendrecv\r\n"
        + "a=mid:0\r\n";
    SessionDescription sd = SessionDescription.parse(shuffled);
    assertEquals(CANONICAL, sd.toString());
    assertEquals(SessionDescription.parse(CANONICAL), sd);
  }

  @Test
  void unknownAttributesAndLinesAreKeptVerbatim() throws SdpParseException {
    String text = CANONICAL.replace("a=rtcp-mux\r\n", "a=rtcp-mux\r\na=x-google-flag:conference\r\na=Weird: Value  \r\n")
        + "x=unknown line type\r\n";
    SessionDescription sd = SessionDescription.parse(text);
    MediaDescription m = sd.media().get(0);
    assertEquals(Optional.of("conference"), m.attribute("x-google-flag"));
    assertEquals(Optional.of(" Value"), m.attribute("Weird"), "value kept verbatim, minus trailing whitespace");
    assertEquals(List.of("x=unknown line type"), m.otherLines());
    String written = sd.toString();
    assertTrue(written.contains("a=rtcp-mux\r\na=x-google-flag:conference\r\na=Weird: Value\r\na=rtpmap"), written);
    assertTrue(written.contains("c=IN IP4 0.0.0.0\r\nx=unknown line type\r\n"), written);
    assertEquals(sd, SessionDescription.parse(written));
  }

  @Test
  void attributeNamesAreCaseSensitive() throws SdpParseException {
    // RFC 8866 §5.13: "a=RTPMAP" is not rtpmap; keep it as an unknown attribute.
    MediaDescription m = SessionDescription.parse(CANONICAL + "a=RTPMAP:whatever\r\n").media().get(0);
    assertEquals(1, m.rtpMaps().size());
    assertEquals(Optional.of("whatever"), m.attribute("RTPMAP"));
  }

  @Test
  void msidSemanticWithAndWithoutSpace() throws SdpParseException {
    String head = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    SessionDescription chrome = SessionDescription.parse(head + "a=msid-semantic: WMS stream\r\n");
    SessionDescription firefox = SessionDescription.parse(head + "a=msid-semantic:WMS stream\r\n");
    assertEquals(chrome, firefox);
    assertEquals(MsidSemantic.of("WMS", "stream"), chrome.msidSemantic().orElseThrow());
    assertTrue(firefox.toString().endsWith("a=msid-semantic: WMS stream\r\n"));
    SessionDescription empty = SessionDescription.parse(head + "a=msid-semantic: WMS\r\n");
    assertTrue(empty.msidSemantic().orElseThrow().identifiers().isEmpty());
  }

  @Test
  void portCountAndMultipleConnections() throws SdpParseException {
    String text = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
        + "m=video 49170/2 RTP/AVP 31\r\nc=IN IP4 233.252.0.1/127\r\nc=IN IP4 233.252.0.2/127\r\n";
    MediaDescription m = SessionDescription.parse(text).media().get(0);
    assertEquals(49170, m.port());
    assertEquals(2, m.numberOfPorts());
    assertEquals(List.of(Connection.ip4("233.252.0.1/127"), Connection.ip4("233.252.0.2/127")), m.connections());
    assertEquals(text, SessionDescription.parse(text).toString());
  }
}
