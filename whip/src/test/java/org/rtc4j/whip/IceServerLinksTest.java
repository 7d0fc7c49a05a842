package org.rtc4j.whip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtc4j.peer.IceServer;

class IceServerLinksTest {

  @Test
  void parsesTheRfc9725Examples() {
    // RFC 9725 §4.6, the example response's Link fields.
    List<IceServer> servers = IceServerLinks.parse(List.of(
        "<stun:stun.example.net>; rel=\"ice-server\"",
        "<turn:turn.example.net?transport=udp>; rel=\"ice-server\"; username=\"user\"; credential=\"myPassword\"; "
            + "credential-type=\"password\"",
        "<turn:turn.example.net?transport=tcp>; rel=\"ice-server\"; username=\"user\"; credential=\"myPassword\"; "
            + "credential-type=\"password\"",
        "<turns:turn.example.net?transport=tcp>; rel=\"ice-server\"; username=\"user\"; credential=\"myPassword\"; "
            + "credential-type=\"password\""));
    assertEquals(List.of(IceServer.of("stun:stun.example.net"),
        IceServer.of("turn:turn.example.net?transport=udp", "user", "myPassword"),
        IceServer.of("turn:turn.example.net?transport=tcp", "user", "myPassword"),
        IceServer.of("turns:turn.example.net?transport=tcp", "user", "myPassword")), servers);
  }

  @Test
  void severalLinksInOneFieldOtherRelationsAndBadOnesSkipped() {
    List<IceServer> servers = IceServerLinks.parse(List.of(
        "<https://example.net/a, b>; rel=\"alternate\", <stun:a.example.net:3479>; REL=ice-server, "
            + "<turn:t.example.net>; rel=\"ice-server\"; credential-type=\"oauth\"; credential=\"x\", "
            + "<http://not-ice>; rel=\"ice-server\", "
            + "<turn:q.example.net>; rel=\"ice-server\"; username=\"u\\\"1\"; credential=\"p,;2\""));
    assertEquals(List.of(IceServer.of("stun:a.example.net:3479"), IceServer.of("turn:q.example.net", "u\"1", "p,;2")), servers);
  }

  @Test
  void formatRoundTrips() {
    List<IceServer> servers = List.of(new IceServer(List.of("stun:s1.example.net", "stun:s2.example.net"), null, null),
        IceServer.of("turn:t.example.net?transport=udp", "us\"er", "pa\\ss"));
    List<String> links = IceServerLinks.format(servers);
    assertEquals(List.of("<stun:s1.example.net>; rel=\"ice-server\"", "<stun:s2.example.net>; rel=\"ice-server\"",
        "<turn:t.example.net?transport=udp>; rel=\"ice-server\"; username=\"us\\\"er\"; credential=\"pa\\\\ss\"; "
            + "credential-type=\"password\""), links);
    assertEquals(List.of(IceServer.of("stun:s1.example.net"), IceServer.of("stun:s2.example.net"), servers.get(1)),
        IceServerLinks.parse(links));
  }
}
