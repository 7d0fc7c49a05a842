package org.rtc4j.peer;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A STUN or TURN server (W3C {@code RTCIceServer}, URIs of RFC 7064 and RFC 7065). {@code stun:}
 * servers are used for server-reflexive gathering; {@code turn:}/{@code turns:} URLs are parsed and
 * kept, but relayed candidates are not gathered yet.
 *
 * @param urls one or more {@code stun:host[:port]}, {@code turn:host[:port][?transport=udp|tcp]} URLs
 * @param username TURN username, or null
 * @param credential TURN password, or null (never logged)
 */
public record IceServer(List<String> urls, String username, String credential) {

  public IceServer {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("an ICE server needs at least one URL");
    }
    for (String url : urls) {
      parse(url);
    }
  }

  /** A server without credentials (STUN). */
  public static IceServer of(String... urls) {
    return new IceServer(List.of(urls), null, null);
  }

  /** A server with credentials (TURN). */
  public static IceServer of(String url, String username, String credential) {
    return new IceServer(List.of(url), username, credential);
  }

  /** One parsed URL. */
  public record Url(String scheme, String host, int port, String transport) {
    /** Whether this is a {@code stun:} or {@code stuns:} URL. */
    public boolean isStun() {
      return scheme.startsWith("stun");
    }

    /** The address, resolved now. */
    public InetSocketAddress resolve() {
      return new InetSocketAddress(host, port);
    }
  }

  /** Parses {@code scheme:host[:port][?transport=...]} (RFC 7064 §3.1, RFC 7065 §3.1). */
  public static Url parse(String url) {
    Objects.requireNonNull(url, "url");
    int colon = url.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("ICE server URL without a scheme: " + url);
    }
    String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!scheme.equals("stun") && !scheme.equals("stuns") && !scheme.equals("turn") && !scheme.equals("turns")) {
      throw new IllegalArgumentException("ICE server URL scheme must be stun, stuns, turn or turns: " + url);
    }
    String rest = url.substring(colon + 1);
    String transport = null;
    int q = rest.indexOf('?');
    if (q >= 0) {
      String query = rest.substring(q + 1);
      rest = rest.substring(0, q);
      if (!query.startsWith("transport=")) {
        throw new IllegalArgumentException("unknown ICE server URL query: " + url);
      }
      transport = query.substring("transport=".length()).toLowerCase(Locale.ROOT);
    }
    String host = rest;
    int port = scheme.endsWith("s") ? 5349 : 3478;
    int portColon = rest.startsWith("[") ? rest.indexOf(':', rest.indexOf(']')) : rest.lastIndexOf(':');
    if (portColon > 0) {
      host = rest.substring(0, portColon);
      try {
        port = Integer.parseInt(rest.substring(portColon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad port in ICE server URL: " + url, e);
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("bad port in ICE server URL: " + url);
      }
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("ICE server URL without a host: " + url);
    }
    return new Url(scheme, host, port, transport);
  }

  @Override
  public String toString() {
    return "IceServer[urls=" + urls + ", username=" + username + ", credential=" + (credential == null ? null : "<redacted>") + "]";
  }
}
