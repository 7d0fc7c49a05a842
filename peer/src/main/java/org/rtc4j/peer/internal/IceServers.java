package org.rtc4j.peer.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rtc4j.net.Resolver;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.IceServer;
import org.rtc4j.peer.IceTransportPolicy;
import org.rtc4j.ice.turn.TurnServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ICE servers of a configuration as the ICE agent takes them. */
final class IceServers {
  private static final Logger LOG = LoggerFactory.getLogger(IceServers.class);
  private IceServers() {}

  /**
   * The STUN server addresses; none under the relay-only policy. IP literals come resolved; a host
   * name comes unresolved, for the sockets to resolve off the event loop.
   */
  static List<InetSocketAddress> stunAddresses(Configuration config) {
    List<InetSocketAddress> stun = new ArrayList<>();
    if (config.iceTransportPolicy() != IceTransportPolicy.ALL) {
      return stun;
    }
    for (IceServer server : config.iceServers()) {
      for (String url : server.urls()) {
        IceServer.Url u = IceServer.parse(url);
        if (u.isStun()) {
          stun.add(Resolver.isLiteral(u.host()) ? u.resolve() : InetSocketAddress.createUnresolved(u.host(), u.port()));
        }
      }
    }
    return stun;
  }

  /**
   * The TURN servers ({@code turn:}, {@code turns:}) with their credentials; a URL that does not
   * parse is skipped (logged without its credentials).
   */
  static List<TurnServer> turnServers(Configuration config) {
    List<TurnServer> turn = new ArrayList<>();
    for (IceServer server : config.iceServers()) {
      for (String url : server.urls()) {
        String scheme = url.length() < 5 ? "" : url.substring(0, 5).toLowerCase(Locale.ROOT);
        if (!scheme.startsWith("turn")) {
          continue;
        }
        try {
          turn.add(TurnServer.parse(url, server.username(), server.credential()));
        } catch (IllegalArgumentException e) {
          LOG.warn("ignoring TURN server: {}", e.getMessage());
        }
      }
    }
    return turn;
  }
}
