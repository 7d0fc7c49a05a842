package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;

/** What the shared socket reads of a first datagram to route it (RFC 8445 §7.2.2, RFC 8489 §14.3). */
class UdpMuxTest {
  private static byte[] binding(StunClass cls, String username) {
    List<StunAttribute> attrs = username == null ? List.of()
        : List.of(new StunAttribute.Software("rtc4j test"), new StunAttribute.Username(username));
    return new StunMessage(StunMessage.BINDING, cls, StunMessage.newTransactionId(new Random(7)), attrs)
        .encode("key".getBytes(), true);
  }

  @Test
  void theFirstPartOfABindingRequestsUsernameIsTheReceiversUfrag() {
    byte[] b = binding(StunClass.REQUEST, "serverUfrag:clientUfrag");
    assertEquals("serverUfrag", UdpMux.localUfrag(b, 0, b.length));
    byte[] at = new byte[b.length + 5];
    System.arraycopy(b, 0, at, 5, b.length);
    assertEquals("serverUfrag", UdpMux.localUfrag(at, 5, b.length), "read at an offset");
  }

  @Test
  void anythingElseRoutesNowhere() {
    assertNull(UdpMux.localUfrag(binding(StunClass.SUCCESS_RESPONSE, "a:b"), 0, binding(StunClass.SUCCESS_RESPONSE, "a:b").length),
        "a response");
    byte[] noUser = binding(StunClass.REQUEST, null);
    assertNull(UdpMux.localUfrag(noUser, 0, noUser.length), "no USERNAME");
    byte[] noColon = binding(StunClass.REQUEST, "justone");
    assertNull(UdpMux.localUfrag(noColon, 0, noColon.length), "no colon");
    byte[] truncated = binding(StunClass.REQUEST, "a:b");
    assertNull(UdpMux.localUfrag(truncated, 0, 30), "cut inside an attribute");
    byte[] rtp = {(byte) 0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertNull(UdpMux.localUfrag(rtp, 0, rtp.length), "RTP");
    assertNull(UdpMux.localUfrag(new byte[10], 0, 10), "too short");
  }
}
