package org.rtc4j.sctp.chunk;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * CRC32c as SCTP uses it (RFC 9260 §6.8, Appendix A), against the iSCSI test vectors of
 * RFC 3720 §B.4 (the CRC that RFC 3309 brought to SCTP) and packets captured from usrsctp.
 */
class SctpChecksumTest {
  private final SctpChecksum crc = new SctpChecksum();

  /** RFC 3720 §B.4 lists each CRC as the four bytes it is sent as. */
  private void assertVector(byte[] data, String sentAs) {
    int value = crc.crc32c(data, 0, data.length);
    byte[] le = new byte[4];
    Bytes.put32le(le, 0, value);
    assertEquals(sentAs, Hex.of(le));
  }

  @Test
  void rfc3720Vectors() {
    assertVector(new byte[32], "aa36918a");
    byte[] ones = new byte[32];
    Arrays.fill(ones, (byte) 0xFF);
    assertVector(ones, "43aba862");
    byte[] inc = new byte[32];
    byte[] dec = new byte[32];
    for (int i = 0; i < 32; i++) {
      inc[i] = (byte) i;
      dec[i] = (byte) (31 - i);
    }
    assertVector(inc, "4e79dd46");
    assertVector(dec, "5cdb3f11");
    // An iSCSI SCSI Read (10) Command PDU.
    assertVector(Hex.bytes("01c00000 00000000 00000000 00000000 14000000 00000400 00000014 00000018"
        + "28000000 00000000 02000000 00000000"), "563a96d9");
  }

  /** An INIT sent by usrsctp, as captured and decoded by Wireshark (checksum 0xaa019d33 on the wire). */
  static final byte[] USRSCTP_INIT = Hex.bytes(
      "13881388 00000000 aa019d33 0100005a 0eddca08 00020000 03e803e8 55083637 80000004 c0000004"
          + "80080009 c00fc180 82000000 80020024 c5a86155 090e6f42 0050634c c8d6b908 dfd53e17 c99cb143"
          + "284eaf64 682ac297 80040006 00010000 80030006 80c10000");

  @Test
  void capturedPacketsVerify() {
    assertTrue(crc.verify(USRSCTP_INIT, 0, USRSCTP_INIT.length));
    byte[] twoChunks = Hex.bytes("04d210e1 697e3a4e c06e8b36 0b000004 03000010 aea95252 00020000 00000000");
    assertTrue(crc.verify(twoChunks, 0, twoChunks.length));
    byte[] wrong = Hex.bytes("13881388 0eddca08 2a81f531 03000010 55083640 00020000 00000000");
    assertFalse(crc.verify(wrong, 0, wrong.length), "a capture whose checksum is known to be wrong");
  }

  @Test
  void sealThenVerifyAndEveryBitFlipIsCaught() {
    byte[] p = USRSCTP_INIT.clone();
    p[8] = p[9] = p[10] = p[11] = 0;
    crc.seal(p, 0, p.length);
    assertArrayEquals(USRSCTP_INIT, p, "sealing reproduces the captured checksum");
    for (int bit = 0; bit < p.length * 8; bit++) {
      p[bit / 8] ^= (byte) (1 << (bit % 8));
      assertFalse(crc.verify(p, 0, p.length), "bit " + bit);
      p[bit / 8] ^= (byte) (1 << (bit % 8));
    }
    assertTrue(crc.verify(p, 0, p.length));
  }

  @Test
  void worksAtAnOffset() {
    byte[] buf = new byte[USRSCTP_INIT.length + 7];
    System.arraycopy(USRSCTP_INIT, 0, buf, 5, USRSCTP_INIT.length);
    assertTrue(crc.verify(buf, 5, USRSCTP_INIT.length));
    assertFalse(crc.verify(buf, 0, 11), "shorter than a header");
  }
}
