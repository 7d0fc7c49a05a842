package org.rtc4j.sctp.chunk;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rtc4j.sctp.SctpState;
import org.rtc4j.sctp.dcep.DcepMessage;
import org.rtc4j.sctp.dcep.DcepParseException;
import org.rtc4j.sctp.testing.FakePeer;
import org.rtc4j.sctp.testing.Sctp;

/**
 * Property tests over mutated inputs (a stand-in until the Jazzer targets exist): the chunk and
 * DCEP parsers throw nothing but their checked exception, what they accept re-encodes to input
 * that parses to the same, and an association fed mutated packets with valid checksums never
 * throws.
 */
class ParserPropertyTest {
  private static final int ROUNDS = 40_000;

  static List<byte[]> corpus() {
    List<byte[]> c = new ArrayList<>();
    c.add(SctpChecksumTest.USRSCTP_INIT);
    ChunkCodecTest.golden().forEach(a -> {
      Chunk chunk = (Chunk) a.get()[1];
      c.add(SctpPacket.encode(5000, 5000, 0x01020304, List.of(chunk)));
    });
    c.add(SctpPacket.encode(5000, 5000, 7, List.of(
        new SackChunk(5, 100, List.of(new SackChunk.GapAckBlock(2, 4)), List.of(3)),
        new DataChunk(9, 1, 1, 51, 3, new byte[40]), new DataChunk(10, 1, 2, 51, 2, new byte[100]))));
    return c;
  }

  static byte[] mutate(byte[] in, SplittableRandom r) {
    byte[] b = in.clone();
    switch (r.nextInt(6)) {
      case 0: // flip bits
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      case 1: // random byte, biased to length fields
        int at = r.nextBoolean() ? 12 + 2 + 4 * r.nextInt(Math.max(1, (b.length - 12) / 4)) : r.nextInt(b.length);
        b[Math.min(at, b.length - 1)] = (byte) r.nextInt(256);
        return b;
      case 2: // truncate
        return Arrays.copyOf(b, r.nextInt(b.length + 1));
      case 3: // extend with garbage
        byte[] e = Arrays.copyOf(b, b.length + 1 + r.nextInt(40));
        for (int i = b.length; i < e.length; i++) {
          e[i] = (byte) r.nextInt(256);
        }
        return e;
      case 4: // interesting 16-bit values in a random place
        int p = r.nextInt(Math.max(1, b.length - 1));
        int[] values = {0, 1, 3, 4, 5, 0xFFFF, 0x8000, 0x7FFF, b.length, b.length + 4};
        Bytes.put16(b, Math.min(p, b.length - 2), values[r.nextInt(values.length)]);
        return b;
      default: // splice two corpus entries
        return b;
    }
  }

  @Test
  void chunkParserThrowsOnlyItsCheckedExceptionAndRoundTrips() {
    List<byte[]> corpus = corpus();
    SplittableRandom r = new SplittableRandom(42);
    int parsed = 0;
    int rejected = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] in = mutate(corpus.get(r.nextInt(corpus.size())), r);
      SctpPacket p;
      try {
        p = SctpPacket.parse(in, 0, in.length);
      } catch (SctpParseException e) {
        assertNotNull(e.reason());
        rejected++;
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError("unchecked " + e + " for " + Hex.of(in), e);
      }
      parsed++;
      byte[] again = SctpPacket.encode(p.sourcePort(), p.destinationPort(), p.verificationTag(), p.chunks());
      try {
        SctpPacket q = SctpPacket.parse(again, 0, again.length);
        assertEquals(p.chunks().size(), q.chunks().size());
        for (int k = 0; k < p.chunks().size(); k++) {
          byte[] x = new byte[Bytes.pad4(p.chunks().get(k).encodedLength())];
          byte[] y = new byte[Bytes.pad4(q.chunks().get(k).encodedLength())];
          p.chunks().get(k).writeTo(x, 0);
          q.chunks().get(k).writeTo(y, 0);
          assertArrayEquals(x, y, "chunk " + k + " of " + Hex.of(in));
        }
      } catch (SctpParseException e) {
        throw new AssertionError("re-encoded packet does not parse: " + Hex.of(in), e);
      }
    }
    assertTrue(parsed > ROUNDS / 10 && rejected > ROUNDS / 10, parsed + " parsed, " + rejected + " rejected");
  }

  @Test
  void dcepParserThrowsOnlyItsCheckedExceptionAndRoundTrips() {
    List<byte[]> corpus = List.of(
        new DcepMessage.Open(0x00, 256, 0, "chat", "").encode(),
        new DcepMessage.Open(0x81, 1024, 3, "ünïcode", "proto").encode(),
        new DcepMessage.Open(0x02, 128, 150, "", "x").encode(),
        new DcepMessage.Ack().encode());
    SplittableRandom r = new SplittableRandom(43);
    int parsed = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] in = corpus.get(r.nextInt(corpus.size()));
      in = in.length > 1 ? mutate(in, r) : (r.nextBoolean() ? new byte[] {(byte) r.nextInt(256)} : new byte[0]);
      try {
        DcepMessage m = DcepMessage.parse(in, 0, in.length);
        parsed++;
        assertEquals(m, DcepMessage.parse(m.encode(), 0, m.encode().length));
      } catch (DcepParseException e) {
        assertNotNull(e.reason());
      } catch (RuntimeException e) {
        throw new AssertionError("unchecked " + e + " for " + Hex.of(in), e);
      }
    }
    assertTrue(parsed > 100, "some mutants still parse: " + parsed);
  }

  @Test
  void anAssociationFedMutatedPacketsNeverThrows() throws Exception {
    List<byte[]> corpus = corpus();
    SplittableRandom r = new SplittableRandom(44);
    SctpChecksum crc = new SctpChecksum();
    FakePeer peer = null;
    int associations = 0;
    for (int i = 0; i < ROUNDS / 4; i++) {
      if (peer == null || peer.sut.state() == SctpState.TERMINATED) {
        peer = new FakePeer(Sctp.association(i)).establish(new byte[] {(byte) 130, (byte) 192});
        associations++;
      }
      byte[] in = mutate(corpus.get(r.nextInt(corpus.size())), r);
      if (in.length >= 12) {
        Bytes.put32(in, 4, r.nextInt(8) == 0 ? r.nextInt() : peer.sutTag); // mostly the right tag
        crc.seal(in, 0, in.length); // get past the checksum to the chunk handling
      }
      peer.now += 1_000_000;
      try {
        peer.sendRaw(in);
        peer.receiveAll();
        peer.advanceTo(peer.now);
      } catch (SctpParseException e) {
        throw new AssertionError("the association sent a packet that does not parse", e);
      } catch (RuntimeException e) {
        throw new AssertionError("unchecked " + e + " for " + Hex.of(in), e);
      }
    }
    assertTrue(associations >= 1);
  }
}
