package org.rtc4j.sctp.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.rtc4j.sctp.SctpState;
import org.rtc4j.sctp.testing.FakePeer;
import org.rtc4j.sctp.testing.Sctp;

/**
 * Coverage-guided fuzzing of the SCTP chunk codec and of an association fed hostile packets
 * (FUZZING.md). Seeds in {@code SctpFuzzTestInputs/<method>/}: real packets of every chunk type.
 */
class SctpFuzzTest {

  /**
   * Any bytes: {@link SctpPacket#parse} throws nothing but {@link SctpParseException} (with a
   * reason and an offset inside the input); what parses re-encodes to a packet that parses to
   * chunks encoding to the same bytes, and no chunk encodes longer than the input it came from
   * (plus padding).
   */
  @FuzzTest(maxDuration = "5m")
  void parse(byte[] data) {
    SctpPacket p;
    try {
      p = SctpPacket.parse(data, 0, data.length);
    } catch (SctpParseException e) {
      assertNotNull(e.reason());
      return;
    }
    int total = SctpPacket.COMMON_HEADER_LENGTH;
    for (Chunk c : p.chunks()) {
      total += Bytes.pad4(c.encodedLength());
    }
    assertTrue(total <= Bytes.pad4(data.length) + 4 * p.chunks().size(), "lengths never exceed the input");
    byte[] again = SctpPacket.encode(p.sourcePort(), p.destinationPort(), p.verificationTag(), p.chunks());
    SctpPacket q;
    try {
      q = SctpPacket.parse(again, 0, again.length);
    } catch (SctpParseException e) {
      throw new AssertionError("a re-encoded packet does not parse", e);
    }
    assertEquals(p.chunks().size(), q.chunks().size());
    assertEquals(p.verificationTag(), q.verificationTag());
    for (int k = 0; k < p.chunks().size(); k++) {
      byte[] x = new byte[Bytes.pad4(p.chunks().get(k).encodedLength())];
      byte[] y = new byte[Bytes.pad4(q.chunks().get(k).encodedLength())];
      p.chunks().get(k).writeTo(x, 0);
      q.chunks().get(k).writeTo(y, 0);
      assertArrayEquals(x, y, "chunk " + k + " writes back the same");
    }
  }

  /**
   * An established association fed packets the fuzzer writes (with the association's verification
   * tag and a valid checksum, so they reach the chunk handling), with time moving: nothing throws,
   * and everything it sends parses.
   */
  @FuzzTest(maxDuration = "5m")
  void association(FuzzedDataProvider in) throws SctpParseException {
    FakePeer peer = new FakePeer(Sctp.association(in.consumeInt(0, 1000)))
        .establish(new byte[] {(byte) 130, (byte) 192});
    SctpChecksum crc = new SctpChecksum();
    for (int i = in.consumeInt(1, 16); i > 0 && in.remainingBytes() > 0; i--) {
      byte[] packet = in.consumeBytes(in.consumeInt(0, 1500));
      if (packet.length >= SctpPacket.COMMON_HEADER_LENGTH) {
        if (in.consumeBoolean()) {
          Bytes.put32(packet, 4, peer.sutTag);
        }
        crc.seal(packet, 0, packet.length);
      }
      peer.now += in.consumeLong(0, 5_000_000_000L);
      peer.sendRaw(packet);
      peer.receiveAll(); // throws SctpParseException if the association wrote something unparsable
      peer.advanceTo(peer.now);
      if (peer.sut.state() == SctpState.TERMINATED) {
        return;
      }
    }
  }
}
