package org.rtc4j.peer.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.IceServer;
import org.rtc4j.peer.IceTransportPolicy;

/** The ICE servers of a configuration as the ICE agent takes them. */
final class IceServers {
  private IceServers() {}

  /** The resolved STUN server addresses; none under the relay-only policy. */
  static List<InetSocketAddress> stunAddresses(Configuration config) {
    List<InetSocketAddress> stun = new ArrayList<>();
    if (config.iceTransportPolicy() != IceTransportPolicy.ALL) {
      return stun;
    }
    for (IceServer server : config.iceServers()) {
      for (String url : server.urls()) {
        IceServer.Url u = IceServer.parse(url);
        if (u.isStun()) {
          InetSocketAddress a = u.resolve();
          if (!a.isUnresolved()) {
            stun.add(a);
          }
        }
      }
    }
    return stun;
  }
}
