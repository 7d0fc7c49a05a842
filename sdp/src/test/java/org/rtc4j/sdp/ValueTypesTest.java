package org.rtc4j.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The typed attributes: grammar examples from their RFCs, parsed and written back. */
class ValueTypesTest {

  @Test
  void simulcastWithAlternativesAndPausedStreams() {
    // RFC 8853 §5.1 grammar: alternatives (,), paused streams (~), both directions
    Simulcast sc = Simulcast.parse("send 1;~4;2,3 recv c");
    assertEquals(3, sc.send().size());
    assertEquals(List.of(new Simulcast.Id("4", true)), sc.send().get(1));
    assertEquals(List.of(new Simulcast.Id("2", false), new Simulcast.Id("3", false)), sc.send().get(2));
    assertEquals(List.of("1", "4", "2"), sc.sendRids());
    assertEquals(List.of("c"), sc.recvRids());
    assertEquals("send 1;~4;2,3 recv c", sc.attributeValue());
    assertEquals("send c recv 1;~4;2,3", sc.reverse().attributeValue());
    assertEquals(sc, Simulcast.parse("recv c send 1;~4;2,3"), "order of send and recv does not matter");
  }

  @Test
  void ridWithPayloadTypesAndRestrictions() {
    // RFC 8851 §10 grammar
    Rid rid = Rid.parse("5 send pt=99,102;max-br=64000;max-width=1280;depend=1");
    assertEquals("5", rid.id());
    assertEquals(Rid.Direction.SEND, rid.direction());
    assertEquals(List.of(99, 102), rid.payloadTypes());
    assertEquals(Optional.of("64000"), rid.restriction("max-br"));
    assertEquals(Optional.of("1"), rid.restriction("depend"));
    assertEquals("5 send pt=99,102;max-br=64000;max-width=1280;depend=1", rid.attributeValue());
    assertEquals("r recv max-fps=30", Rid.parse("r recv max-fps=30").attributeValue());
  }

  @Test
  void extmapWithDirectionAndExtensionAttributes() {
    // RFC 8285 §8 grammar
    ExtMap e = ExtMap.parse("2/sendonly urn:ietf:params:rtp-hdrext:toffset some attributes");
    assertEquals(2, e.id());
    assertEquals(Direction.SENDONLY, e.direction());
    assertEquals("urn:ietf:params:rtp-hdrext:toffset", e.uri());
    assertEquals("some attributes", e.attributes());
    assertEquals("2/sendonly urn:ietf:params:rtp-hdrext:toffset some attributes", e.attributeValue());
    assertEquals(4096, ExtMap.parse("4096 urn:x").id());
  }

  @Test
  void fmtpKeyValues() {
    Fmtp f = Fmtp.of(102, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f");
    assertEquals(Optional.of("42001f"), f.get("profile-level-id"));
    assertTrue(f.get("sprop-parameter-sets").isEmpty());
    Fmtp changed = f.with("packetization-mode", "0").with("x-google-start-bitrate", "1000");
    assertEquals("102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f;x-google-start-bitrate=1000",
        changed.attributeValue());
    // '=' inside a value (base64) splits only at the first '='
    Fmtp h264 = Fmtp.parse("96 sprop-parameter-sets=Z0IAH5WoFAFuQA==,aM48gA==");
    assertEquals(Optional.of("Z0IAH5WoFAFuQA==,aM48gA=="), h264.get("sprop-parameter-sets"));
    assertEquals(Fmtp.of(97, "apt", "96"), Fmtp.parse("97 apt=96"));
  }

  @Test
  void rtcpFeedbackWildcard() {
    RtcpFb any = RtcpFb.parse("* nack");
    assertEquals(RtcpFb.ANY, any.payloadType());
    assertTrue(any.appliesTo(96));
    assertEquals("* nack", any.attributeValue());
    assertEquals(new RtcpFb(96, "ccm", "fir"), RtcpFb.parse("96 ccm fir"));
    assertFalse(RtcpFb.parse("96 nack").appliesTo(97));
  }

  @Test
  void fingerprintBytesRoundTrip() {
    byte[] digest = new byte[32];
    for (int i = 0; i < digest.length; i++) {
      digest[i] = (byte) (i * 37);
    }
    Fingerprint f = Fingerprint.of("sha-256", digest);
    assertEquals(32 * 3 - 1, f.fingerprint().length());
    assertTrue(f.fingerprint().startsWith("00:25:4A:6F"));
    assertArrayEquals(digest, f.bytes());
    assertThrows(IllegalArgumentException.class, () -> new Fingerprint("sha-256", "XY:ZZ").bytes());
  }

  @Test
  void rtpMapWithAndWithoutChannels() {
    assertEquals("111 opus/48000/2", new RtpMap(111, "opus", 48000, 2).attributeValue());
    assertEquals("0 PCMU/8000", RtpMap.parse("0 PCMU/8000").attributeValue());
    assertEquals(1, RtpMap.parse("9 G722/8000/1").channels());
  }

  @Test
  void directionsAndSetup() {
    assertEquals(Direction.RECVONLY, Direction.SENDONLY.reverse());
    assertEquals(Direction.INACTIVE, Direction.INACTIVE.reverse());
    assertTrue(Direction.SENDRECV.sends() && Direction.SENDRECV.receives());
    assertEquals(Direction.SENDONLY, Direction.fromSdp("sendonly"));
    assertEquals(Setup.PASSIVE, Setup.fromSdp("passive"));
    assertNull(Direction.SENDRECV.attributeValue());
    assertEquals("sendrecv", Direction.SENDRECV.attributeName());
  }

  @Test
  void sdpAttributeOfPicksTheTypedForm() {
    assertEquals(new Group("BUNDLE", List.of("0", "1")), SdpAttribute.of("group", "BUNDLE 0 1"));
    assertEquals(Setup.ACTPASS, SdpAttribute.of("setup", "actpass"));
    assertEquals(new Attribute("mid", "0"), SdpAttribute.of("mid", "0"));
    assertEquals(Attribute.flag("rtcp-mux"), SdpAttribute.of("rtcp-mux", null));
    assertEquals(new Rtcp(53020, null), SdpAttribute.of("rtcp", "53020"));
    assertEquals(SsrcGroup.of("SIM", 1, 2, 3), SdpAttribute.of("ssrc-group", "SIM 1 2 3"));
  }
}
