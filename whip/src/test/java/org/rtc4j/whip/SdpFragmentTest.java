package org.rtc4j.whip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtc4j.peer.IceCandidate;

class SdpFragmentTest {

  /** The trickle PATCH body of RFC 9725 §4.3.1 (Figure 5), credentials at session level. */
  private static final String RFC_9725_TRICKLE = "a=group:BUNDLE 0\r\n"
      + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
      + "a=mid:0\r\n"
      + "a=ice-ufrag:EsAw\r\n"
      + "a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\n"
      + "a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1\r\n"
      + "a=candidate:3471623853 1 udp 2122194687 198.51.100.2 61765 typ host generation 0 ufrag EsAw network-id 2\r\n"
      + "a=candidate:473322822 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active generation 0 ufrag EsAw network-id 1\r\n"
      + "a=candidate:2154773085 1 tcp 1518214911 198.51.100.2 9 typ host tcptype active generation 0 ufrag EsAw network-id 2\r\n"
      + "a=end-of-candidates\r\n";

  @Test
  void parsesRfc9725TrickleFragment() {
    SdpFragment f = SdpFragment.parse(RFC_9725_TRICKLE);
    assertEquals("EsAw", f.iceUfrag());
    assertEquals("P2uYro0UCOQ4zxjKXaWCBui1", f.icePwd());
    assertEquals("m=audio 9 UDP/TLS/RTP/SAVPF 111", f.mediaLine());
    assertEquals("0", f.mid());
    assertEquals(4, f.candidates().size());
    assertEquals("candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1",
        f.candidates().get(0).candidate());
    assertEquals("0", f.candidates().get(0).sdpMid());
    assertTrue(f.endOfCandidates());
    // and back: the same lines, minus the group line this class does not model
    assertEquals(RFC_9725_TRICKLE.replace("a=group:BUNDLE 0\r\n", "").replace("a=ice-ufrag:EsAw\r\na=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\n", ""),
        f.toSdp().replace("a=ice-ufrag:EsAw\r\na=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\n", ""));
    assertEquals(f, SdpFragment.parse(f.toSdp()));
  }

  @Test
  void onlyTheFirstMediaSectionCounts() {
    SdpFragment f = SdpFragment.parse("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:a\r\na=candidate:1 1 udp 1 10.0.0.1 1 typ host\r\n"
        + "m=video 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:v\r\na=candidate:2 1 udp 1 10.0.0.2 2 typ host\r\n");
    assertEquals("a", f.mid());
    assertEquals(1, f.candidates().size());
    assertFalse(f.hasCredentials());
    assertFalse(f.endOfCandidates());
  }

  @Test
  void badFragmentsSayWhichLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SdpFragment.parse("a=candidate:1 1 udp 1 10.0.0.1 1 typ host\r\n"));
    assertTrue(e.getMessage().startsWith("line 1: a candidate before any m= line"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SdpFragment.parse("m=audio 9 X 0\r\nnot sdp\r\n"));
    assertTrue(e.getMessage().startsWith("line 2: not an SDP fragment line"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SdpFragment.parse("a=ice-ufrag:abcd\r\nm=audio 9 X 0\r\n"));
    assertTrue(e.getMessage().contains("ice-ufrag without ice-pwd"), e.getMessage());
  }

  @Test
  void fragmentOfADescriptionAndCredentialsReplaced() {
    String sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
        + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:old1\r\na=ice-pwd:oldpasswordoldpassword\r\na=mid:0\r\n"
        + "a=candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host\r\na=end-of-candidates\r\n"
        + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:old1\r\na=ice-pwd:oldpasswordoldpassword\r\na=mid:1\r\n"
        + "a=bundle-only\r\n";
    SdpFragment f = SdpFragment.of(sdp);
    assertEquals("old1", f.iceUfrag());
    assertEquals("0", f.mid());
    assertEquals(List.of(new IceCandidate("candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host", "0", null)), f.candidates());
    assertTrue(f.endOfCandidates());

    SdpFragment restart = new SdpFragment("new2", "newpasswordnewpassword", null, "0", List.of(), false);
    String replaced = restart.replaceCredentials(sdp);
    assertFalse(replaced.contains("old1") || replaced.contains("oldpassword") || replaced.contains("a=candidate")
        || replaced.contains("end-of-candidates"), replaced);
    assertEquals(2, replaced.split("a=ice-ufrag:new2\r\n", -1).length - 1, "both sections: " + replaced);
    assertTrue(replaced.contains("a=bundle-only\r\n"), "everything else stays");
    assertNull(SdpFragment.parse("m=audio 9 X 0\r\n").iceUfrag());
  }
}
