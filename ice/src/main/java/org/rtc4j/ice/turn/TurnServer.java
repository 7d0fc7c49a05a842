package org.rtc4j.ice.turn;

import java.util.Locale;
import java.util.Objects;

/**
 * A TURN server with long-term credentials (W3C {@code RTCIceServer} with a {@code turn:} or
 * {@code turns:} URL, RFC 7065). The host may be a name: it is resolved off the event loop before
 * use (the socket owner's resolver); for TLS it is also the name the certificate must match.
 * The password never appears in {@link #toString()}.
 *
 * @param host host name or IP literal (no brackets)
 * @param port server port (3478 for turn:, 5349 for turns: unless given)
 * @param transport UDP, TCP or TLS
 * @param username long-term credential username
 * @param password long-term credential password
 */
public record TurnServer(String host, int port, TurnTransport transport, String username, String password) {

  public TurnServer {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (host.isEmpty() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("bad TURN server address " + host + ":" + port);
    }
  }

  /**
   * Parses {@code turn:host[:port][?transport=udp|tcp]} or {@code turns:host[:port][?transport=tcp]}
   * (RFC 7065 §3.1).
   *
   * @throws IllegalArgumentException with the reason if the URL is not a TURN URL
   */
  public static TurnServer parse(String url, String username, String password) {
    Objects.requireNonNull(url, "url");
    int colon = url.indexOf(':');
    String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!scheme.equals("turn") && !scheme.equals("turns")) {
      throw new IllegalArgumentException("not a turn: or turns: URL: " + url);
    }
    boolean secure = scheme.equals("turns");
    String rest = url.substring(colon + 1);
    String transport = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      String query = rest.substring(q + 1).toLowerCase(Locale.ROOT);
      rest = rest.substring(0, q);
      if (!query.startsWith("transport=")) {
        throw new IllegalArgumentException("unknown TURN URL query: " + url);
      }
      transport = query.substring("transport=".length());
    }
    int port = secure ? 5349 : 3478;
    String host = rest;
    int portColon = rest.startsWith("[") ? rest.indexOf(':', rest.indexOf(']')) : rest.lastIndexOf(':');
    if (portColon > 0 && (rest.startsWith("[") || rest.indexOf(':') == portColon)) {
      host = rest.substring(0, portColon);
      try {
        port = Integer.parseInt(rest.substring(portColon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad port in TURN URL: " + url, e);
      }
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    TurnTransport t;
    if (transport == null) {
      t = secure ? TurnTransport.TLS : TurnTransport.UDP;
    } else if (transport.equals("udp") && !secure) {
      t = TurnTransport.UDP;
    } else if (transport.equals("tcp")) {
      t = secure ? TurnTransport.TLS : TurnTransport.TCP;
    } else {
      throw new IllegalArgumentException("unsupported TURN transport in " + url);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("TURN URL without a host: " + url);
    }
    return new TurnServer(host, port, t, username, password);
  }

  @Override
  public String toString() {
    return (transport == TurnTransport.TLS ? "turns:" : "turn:") + host + ":" + port + "?transport="
        + (transport == TurnTransport.UDP ? "udp" : "tcp") + " (user " + username + ")";
  }
}
