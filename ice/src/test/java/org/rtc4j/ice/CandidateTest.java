package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CandidateTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "candidate:1 1 udp 2130706431 10.0.1.1 8998 typ host",
      "candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 192.168.1.5 rport 61665 generation 0 "
          + "ufrag abCD network-id 1 network-cost 10",
      "candidate:3 1 UDP 1686052607 2001:db8::1 9 typ prflx raddr :: rport 0",
      "candidate:abc+/ 2 udp 41885439 198.51.100.2 3478 typ relay raddr 203.0.113.7 rport 50000",
      "candidate:1467250027 1 tcp 1518280447 192.168.1.5 9 typ host tcptype active generation 0",
      "candidate:4 1 udp 2122260223 3f8c6a1e-8bb2-4a4d-9b4e-0b3cc8c7a0a1.local 54400 typ host generation 0",
      "candidate:5 1 udp 2122260223 10.0.0.1 5000 typ host raddr 0.0.0.0",
  })
  void roundTrips(String line) throws Exception {
    Candidate c = Candidate.parse(line);
    assertEquals(line, c.toString());
    assertEquals(c, Candidate.parse("a=" + line + "\r\n"));
  }

  @Test
  void exposesEveryField() throws Exception {
    Candidate c = Candidate.parse("a=candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr "
        + "192.168.1.5 rport 61666 generation 0 ufrag abCD network-id 1 network-cost 10");
    assertEquals("842163049", c.foundation());
    assertEquals(1, c.component());
    assertTrue(c.isUdp());
    assertEquals(1677729535L, c.priority());
    assertEquals(new InetSocketAddress("203.0.113.7", 61665), c.socketAddress());
    assertEquals(CandidateType.SRFLX, c.type());
    assertEquals("192.168.1.5", c.relatedAddress());
    assertEquals(61666, c.relatedPort());
    assertEquals("abCD", c.ufrag());
    assertEquals("10", c.extension("network-cost"));
    assertEquals(4, c.extensions().size());
    assertEquals("generation", c.extensions().get(0).getKey());
    assertNull(c.tcpType());
  }

  @Test
  void abnfLiteralsAreCaseInsensitive() throws Exception {
    // RFC 5234 §2.3: quoted ABNF strings match case-insensitively.
    Candidate c = Candidate.parse("candidate:1 1 UDP 1677729535 203.0.113.7 61665 TYP SRFLX RADDR 10.0.0.1 RPORT 5");
    assertEquals(CandidateType.SRFLX, c.type());
    assertEquals("10.0.0.1", c.relatedAddress());
    assertEquals(5, c.relatedPort());
    assertEquals("candidate:1 1 UDP 1677729535 203.0.113.7 61665 typ srflx raddr 10.0.0.1 rport 5", c.toString());
  }

  @Test
  void tcpAndMdns() throws Exception {
    Candidate tcp = Candidate.parse("candidate:1 1 TCP 1518280447 192.168.1.5 9 typ host tcptype passive");
    assertEquals("passive", tcp.tcpType());
    Candidate mdns = Candidate.parse("candidate:4 1 udp 2122260223 abc-def.local 54400 typ host");
    assertTrue(mdns.isMdns());
    assertNull(mdns.socketAddress(), "hostnames are never resolved through DNS");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1 1 udp 1 10.0.0.1 1 typ host|NOT_A_CANDIDATE",
      "candidate:1 1 udp 1 10.0.0.1 1 typ|MISSING_FIELD",
      "candidate:a_b 1 udp 1 10.0.0.1 1 typ host|BAD_FOUNDATION",
      "candidate:123456789012345678901234567890123 1 udp 1 10.0.0.1 1 typ host|BAD_FOUNDATION",
      "candidate:1 0 udp 1 10.0.0.1 1 typ host|BAD_COMPONENT",
      "candidate:1 x udp 1 10.0.0.1 1 typ host|BAD_COMPONENT",
      "candidate:1 1 u(p 1 10.0.0.1 1 typ host|BAD_TRANSPORT",
      "candidate:1 1 tcp 1 10.0.0.1 1 typ host|BAD_TRANSPORT",
      "candidate:1 1 udp 4294967296 10.0.0.1 1 typ host|BAD_PRIORITY",
      "candidate:1 1 udp 0 10.0.0.1 1 typ host|BAD_PRIORITY",
      "candidate:1 1 udp 1 10.0.0.256 1 typ host|BAD_ADDRESS",
      "candidate:1 1 udp 1 2001:db8::zz 1 typ host|BAD_ADDRESS",
      "candidate:1 1 udp 1 10.0.0.1 65536 typ host|BAD_PORT",
      "candidate:1 1 udp 1 10.0.0.1 -1 typ host|BAD_PORT",
      "candidate:1 1 udp 1 10.0.0.1 1 type host|BAD_TYPE",
      "candidate:1 1 udp 1 10.0.0.1 1 typ foo|BAD_TYPE",
      "candidate:1 1 udp 1 10.0.0.1 1 typ srflx raddr|BAD_EXTENSION",
      "candidate:1 1 udp 1 10.0.0.1 1 typ srflx raddr 1.2.3.4 rport|BAD_EXTENSION",
      "candidate:1 1 udp 1 10.0.0.1 1 typ host generation|BAD_EXTENSION",
      "candidate:1  1 udp 1 10.0.0.1 1 typ host|BAD_COMPONENT",
  })
  void rejectsBadLinesWithAReason(String line, CandidateParseException.Reason reason) {
    CandidateParseException e = assertThrows(CandidateParseException.class, () -> Candidate.parse(line));
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(line), "the message quotes the line");
  }

  @ParameterizedTest
  @ValueSource(strings = {"r03.0.113.141", "1.2.3.-4"})
  void aHostnameThatLooksLikeIpv4IsNoIpAddress(String address) throws CandidateParseException {
    // Found by CandidateFuzzTest: hasIpAddress() threw NumberFormatException on r03.0.113.141.
    Candidate c = Candidate.parse("candidate:1 1 udp 2130706431 " + address + " 8998 typ host");
    assertTrue(!c.hasIpAddress());
    assertNull(c.socketAddress());
  }
}
