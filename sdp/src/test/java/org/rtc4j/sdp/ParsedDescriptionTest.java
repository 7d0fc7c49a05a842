package org.rtc4j.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A parsed description keeps its attributes as checked lines of the text and builds each value
 * on first access ({@link ParsedAttributes}); it must behave exactly like a description built
 * from values.
 */
class ParsedDescriptionTest {
  private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

  @Test
  void everyCorpusFileEqualsItsCopyBuiltFromValues() throws SdpParseException {
    for (String name : Corpus.names()) {
      SessionDescription parsed = Corpus.parse(name);
      SessionDescription typed = Typed.copy(Corpus.parse(name));
      assertEquals(typed, parsed, name);
      assertEquals(parsed, typed, name);
      assertEquals(typed.hashCode(), parsed.hashCode(), name);
      assertEquals(typed.toString(), Corpus.parse(name).toString(), name); // one written from the text
      assertEquals(typed.toString(), parsed.toString(), name); // one whose values are all built
    }
  }

  @Test
  void accessorsBuildOnlyWhatTheyReturn() throws SdpParseException {
    MediaDescription video = Corpus.parse("chromium-live-offer.sdp").media().get(1);
    ParsedAttributes attributes = assertInstanceOf(ParsedAttributes.class, video.attributes());
    assertEquals(0, attributes.builtCount());
    assertEquals("1", video.mid().orElseThrow());
    assertTrue(video.rtcpMux());
    assertEquals(1, attributes.builtCount(), "mid is built; rtcp-mux is found by its name alone");
    int rtpmaps = video.rtpMaps().size();
    assertTrue(rtpmaps > 10, "rtpmaps " + rtpmaps);
    assertEquals(1 + rtpmaps, attributes.builtCount());
    assertEquals(Direction.SENDRECV, video.direction().orElseThrow());
    assertEquals(2 + rtpmaps, attributes.builtCount());
    // Writing copies canonical lines from the text and builds nothing.
    assertTrue(video.toString().contains("a=rtcp-fb:96 goog-remb\r\n"));
    assertEquals(2 + rtpmaps, attributes.builtCount());
  }

  @Test
  void buildersKeepParsedAttributesUntilTheyChangeThem() throws SdpParseException {
    SessionDescription offer = Corpus.parse("chromium-live-offer.sdp");
    // A new version and a rejected data section: no attribute changes, nothing is built.
    SessionDescription next = offer.toBuilder()
        .origin(offer.origin().nextVersion())
        .updateMedia(2, m -> m.port(0))
        .build();
    for (int i = 0; i < next.media().size(); i++) {
      ParsedAttributes kept = assertInstanceOf(ParsedAttributes.class, next.media().get(i).attributes());
      assertEquals(0, kept.builtCount(), "section " + i);
    }
    assertInstanceOf(ParsedAttributes.class, next.attributes());
    assertEquals(offer.toString().replace(" 2 IN IP4 127.0.0.1", " 3 IN IP4 127.0.0.1")
        .replace("m=application 9 ", "m=application 0 "), next.toString());
    // Changing an attribute copies that section's list; reordering the payload types re-sorts it.
    SessionDescription changed = offer.toBuilder()
        .updateMedia(0, m -> m.mid("audio"))
        .updateMedia(1, m -> m.formats(List.of("97", "96")))
        .build();
    assertEquals("audio", changed.media().get(0).mid().orElseThrow());
    assertTrue(!(changed.media().get(0).attributes() instanceof ParsedAttributes));
    List<RtpMap> maps = changed.media().get(1).rtpMaps();
    assertEquals(97, maps.get(0).payloadType());
    assertEquals(96, maps.get(1).payloadType());
    assertEquals(changed, SessionDescription.parse(changed.toString()));
  }

  @Test
  void linesThatAreNotCanonicalAreWrittenFromTheirValues() throws SdpParseException {
    SessionDescription sd = SessionDescription.parse(HEAD
        + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n"
        + "c=IN IP4 0.0.0.0\r\n"
        + "a=rtcp-fb:97  nack\r\n"          // two spaces
        + "a=rtpmap:097 rtx/90000\r\n"      // leading zero
        + "a=fmtp:97 apt=96; x=1\r\n"       // space after ';'
        + "a=rtpmap:96 VP8/90000\r\n"       // out of order
        + "a=mid:\t0\r\n"                   // tab after the colon
        + "a=x-unknown: kept as is \r\n");  // trailing space dropped, the rest kept
    assertEquals(HEAD
        + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n"
        + "c=IN IP4 0.0.0.0\r\n"
        + "a=mid:0\r\n"
        + "a=x-unknown: kept as is\r\n"   // stays right after the attribute it followed
        + "a=rtpmap:96 VP8/90000\r\n"
        + "a=rtpmap:97 rtx/90000\r\n"
        + "a=rtcp-fb:97 nack\r\n"
        + "a=fmtp:97 apt=96;x=1\r\n", sd.toString());
    assertEquals(Typed.copy(sd).toString(), sd.toString());
  }

  @Test
  void threadsBuildingTheSameDescriptionSeeTheSameValues() throws Exception {
    String text = Corpus.load("chromium-live-offer.sdp");
    String expected = Typed.copy(SessionDescription.parse(text)).toString();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 20; round++) {
        SessionDescription shared = SessionDescription.parse(text);
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          results.add(pool.submit(() -> {
            StringBuilder sb = new StringBuilder();
            for (MediaDescription m : shared.media()) {
              for (SdpAttribute a : m.attributes()) {
                SdpWriter.appendAttribute(sb, a);
              }
            }
            return sb.toString();
          }));
        }
        StringBuilder fromValues = new StringBuilder();
        for (MediaDescription m : SessionDescription.parse(expected).media()) {
          for (SdpAttribute a : m.attributes()) {
            SdpWriter.appendAttribute(fromValues, a);
          }
        }
        for (Future<String> r : results) {
          assertEquals(fromValues.toString(), r.get(10, TimeUnit.SECONDS));
        }
        assertEquals(expected, shared.toString());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
