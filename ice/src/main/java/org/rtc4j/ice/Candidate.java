package org.rtc4j.ice;

import static org.rtc4j.ice.CandidateParseException.Reason.BAD_ADDRESS;
import static org.rtc4j.ice.CandidateParseException.Reason.BAD_COMPONENT;
import static org.rtc4j.ice.CandidateParseException.Reason.BAD_EXTENSION;
import static org.rtc4j.ice.CandidateParseException.Reason.BAD_FOUNDATION;
import static org.rtc4j.ice.CandidateParseException.Reason.BAD_PORT;
import static org.rtc4j.ice.CandidateParseException.Reason.BAD_PRIORITY;
import static org.rtc4j.ice.CandidateParseException.Reason.BAD_TRANSPORT;
import static org.rtc4j.ice.CandidateParseException.Reason.BAD_TYPE;
import static org.rtc4j.ice.CandidateParseException.Reason.MISSING_FIELD;
import static org.rtc4j.ice.CandidateParseException.Reason.NOT_A_CANDIDATE;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An ICE candidate as exchanged in SDP and trickle ICE (RFC 8839 §5.1, RFC 8838):
 *
 * <pre>
 * candidate-attribute   = "candidate" ":" foundation SP component-id SP
 *                         transport SP priority SP connection-address SP port SP
 *                         cand-type [SP rel-addr] [SP rel-port] *(SP cand-extension)
 * foundation            = 1*32ice-char
 * component-id          = 1*3DIGIT
 * transport             = "UDP" / transport-extension
 * priority              = 1*10DIGIT
 * cand-type             = "typ" SP candidate-types
 * candidate-types       = "host" / "srflx" / "prflx" / "relay" / token
 * rel-addr              = "raddr" SP connection-address
 * rel-port              = "rport" SP port
 * cand-extension        = extension-att-name SP extension-att-value
 * ice-char              = ALPHA / DIGIT / "+" / "/"
 * </pre>
 *
 * The address is an IPv4 or IPv6 literal or a hostname (browsers hide host addresses behind mDNS
 * {@code <uuid>.local} names). Extension attributes ({@code tcptype}, {@code generation},
 * {@code ufrag}, {@code network-id}, {@code network-cost}, ...) are kept in their original order
 * and written back as they came, so {@code parse(c.toString())} equals {@code c}. Immutable.
 */
public final class Candidate {
  private final String foundation;
  private final int component;
  private final String transport;
  private final long priority;
  private final String address;
  private final int port;
  private final CandidateType type;
  private final String relatedAddress;
  private final int relatedPort;
  private final List<Map.Entry<String, String>> extensions;

  /**
   * Builds a candidate. {@code relatedAddress} may be null (then {@code relatedPort} is -1);
   * {@code extensions} are name/value pairs in order.
   */
  public Candidate(String foundation, int component, String transport, long priority, String address, int port,
      CandidateType type, String relatedAddress, int relatedPort, List<Map.Entry<String, String>> extensions) {
    this.foundation = Objects.requireNonNull(foundation, "foundation");
    this.component = component;
    this.transport = Objects.requireNonNull(transport, "transport");
    this.priority = priority;
    this.address = Objects.requireNonNull(address, "address");
    this.port = port;
    this.type = Objects.requireNonNull(type, "type");
    this.relatedAddress = relatedAddress;
    this.relatedPort = relatedAddress == null && relatedPort < 0 ? -1 : relatedPort;
    List<Map.Entry<String, String>> ext = new ArrayList<>(extensions.size());
    for (Map.Entry<String, String> e : extensions) {
      ext.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
    }
    this.extensions = List.copyOf(ext);
    if (foundation.isEmpty() || foundation.length() > 32 || !foundation.chars().allMatch(Candidate::iceChar)) {
      throw new IllegalArgumentException("foundation must be 1 to 32 ice-chars: " + foundation);
    }
    if (component < 1 || component > 256) {
      throw new IllegalArgumentException("component must be 1..256: " + component);
    }
    if (priority < 1 || priority > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("priority must be 1..2^32-1: " + priority);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** A host, server-reflexive or peer-reflexive UDP candidate for an IP address. */
  public static Candidate udp(String foundation, int component, long priority, InetSocketAddress address,
      CandidateType type, InetSocketAddress related) {
    return new Candidate(foundation, component, "udp", priority, literal(address.getAddress()), address.getPort(), type,
        related == null ? null : literal(related.getAddress()), related == null ? -1 : related.getPort(), List.of());
  }

  /**
   * Parses one candidate line, with or without the {@code a=} prefix (and a trailing CRLF).
   *
   * @throws CandidateParseException with a {@link CandidateParseException.Reason} if the line is
   *     not valid
   */
  public static Candidate parse(String line) throws CandidateParseException {
    if (line == null) {
      throw new CandidateParseException(NOT_A_CANDIDATE, "null", "no line");
    }
    String s = line.strip();
    if (s.startsWith("a=")) {
      s = s.substring(2);
    }
    if (!s.regionMatches(true, 0, "candidate:", 0, 10)) {
      throw new CandidateParseException(NOT_A_CANDIDATE, line, "missing \"candidate:\" prefix");
    }
    String[] f = s.substring(10).split(" ", -1);
    if (f.length < 8) {
      throw new CandidateParseException(MISSING_FIELD, line, "expected at least 8 fields, found " + f.length);
    }
    String foundation = f[0];
    if (foundation.isEmpty() || foundation.length() > 32 || !foundation.chars().allMatch(Candidate::iceChar)) {
      throw new CandidateParseException(BAD_FOUNDATION, line, "foundation must be 1 to 32 ice-chars");
    }
    int component = (int) number(f[1], 3, BAD_COMPONENT, line, "component-id");
    if (component < 1 || component > 256) {
      throw new CandidateParseException(BAD_COMPONENT, line, "component-id out of range");
    }
    String transport = f[2];
    if (transport.isEmpty() || !transport.chars().allMatch(Candidate::tokenChar)) {
      throw new CandidateParseException(BAD_TRANSPORT, line, "bad transport");
    }
    long priority = number(f[3], 10, BAD_PRIORITY, line, "priority");
    if (priority < 1 || priority > 0xFFFF_FFFFL) {
      throw new CandidateParseException(BAD_PRIORITY, line, "priority out of range");
    }
    String address = f[4];
    checkAddress(address, line);
    int port = port(f[5], line);
    if (!f[6].equalsIgnoreCase("typ")) {
      throw new CandidateParseException(BAD_TYPE, line, "expected \"typ\", found \"" + f[6] + "\"");
    }
    CandidateType type = CandidateType.fromSdp(f[7]);
    if (type == null) {
      throw new CandidateParseException(BAD_TYPE, line, "unknown candidate type \"" + f[7] + "\"");
    }
    String raddr = null;
    int rport = -1;
    List<Map.Entry<String, String>> ext = new ArrayList<>();
    int i = 8;
    if (i < f.length && f[i].equalsIgnoreCase("raddr")) {
      if (i + 1 >= f.length) {
        throw new CandidateParseException(BAD_EXTENSION, line, "raddr without an address");
      }
      raddr = f[i + 1];
      checkAddress(raddr, line);
      i += 2;
    }
    if (i < f.length && f[i].equalsIgnoreCase("rport")) {
      if (i + 1 >= f.length) {
        throw new CandidateParseException(BAD_EXTENSION, line, "rport without a port");
      }
      rport = port(f[i + 1], line);
      i += 2;
    }
    for (; i < f.length; i += 2) {
      String name = f[i];
      if (name.isEmpty() || !name.chars().allMatch(Candidate::tokenChar)) {
        throw new CandidateParseException(BAD_EXTENSION, line, "bad extension name \"" + name + "\"");
      }
      if (i + 1 >= f.length || f[i + 1].isEmpty()) {
        throw new CandidateParseException(BAD_EXTENSION, line, "extension \"" + name + "\" without a value");
      }
      ext.add(new AbstractMap.SimpleImmutableEntry<>(name, f[i + 1]));
    }
    if (transport.equalsIgnoreCase("tcp") && ext.stream().noneMatch(e -> e.getKey().equals("tcptype"))) {
      throw new CandidateParseException(BAD_TRANSPORT, line, "TCP candidate without tcptype (RFC 6544)");
    }
    return new Candidate(foundation, component, transport, priority, address, port, type, raddr, rport, ext);
  }

  private static long number(String s, int maxDigits, CandidateParseException.Reason r, String line, String what)
      throws CandidateParseException {
    if (s.isEmpty() || s.length() > maxDigits || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new CandidateParseException(r, line, what + " must be 1 to " + maxDigits + " digits: \"" + s + "\"");
    }
    return Long.parseLong(s);
  }

  private static int port(String s, String line) throws CandidateParseException {
    long p = number(s, 5, BAD_PORT, line, "port");
    if (p > 65535) {
      throw new CandidateParseException(BAD_PORT, line, "port out of range: " + p);
    }
    return (int) p;
  }

  private static void checkAddress(String a, String line) throws CandidateParseException {
    if (a.isEmpty()) {
      throw new CandidateParseException(BAD_ADDRESS, line, "empty address");
    }
    if (a.indexOf(':') >= 0) {
      if (!a.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
        throw new CandidateParseException(BAD_ADDRESS, line, "bad IPv6 address \"" + a + "\"");
      }
      try {
        InetAddress.getByName(a); // a literal: no lookup
      } catch (UnknownHostException e) {
        throw new CandidateParseException(BAD_ADDRESS, line, "bad IPv6 address \"" + a + "\"");
      }
    } else if (a.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')) {
      if (ipv4(a) == null) {
        throw new CandidateParseException(BAD_ADDRESS, line, "bad IPv4 address \"" + a + "\"");
      }
    } else if (!a.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) {
      throw new CandidateParseException(BAD_ADDRESS, line, "bad hostname \"" + a + "\"");
    }
  }

  private static byte[] ipv4(String a) {
    String[] p = a.split("\\.", -1);
    if (p.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      // digits only: a hostname such as r03.0.113.141 is not an IPv4 literal, and parseInt would
      // take a sign (found by CandidateFuzzTest)
      if (p[i].isEmpty() || p[i].length() > 3 || !p[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p[i]);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static boolean iceChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
  }

  private static boolean tokenChar(int c) {
    return c > 0x20 && c < 0x7F && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }

  static String literal(InetAddress a) {
    if (a instanceof Inet6Address) {
      String s = a.getHostAddress();
      int pct = s.indexOf('%');
      return pct < 0 ? s : s.substring(0, pct);
    }
    return a.getHostAddress();
  }

  public String foundation() {
    return foundation;
  }

  public int component() {
    return component;
  }

  /** The transport as written ({@code UDP}, {@code udp}, {@code TCP}...). */
  public String transport() {
    return transport;
  }

  public boolean isUdp() {
    return transport.equalsIgnoreCase("udp");
  }

  public long priority() {
    return priority;
  }

  /** The connection address as written: an IP literal or a hostname. */
  public String address() {
    return address;
  }

  public int port() {
    return port;
  }

  public CandidateType type() {
    return type;
  }

  /** {@code raddr}, or null. */
  public String relatedAddress() {
    return relatedAddress;
  }

  /** {@code rport}, or -1. */
  public int relatedPort() {
    return relatedPort;
  }

  /** Extension attributes in order. */
  public List<Map.Entry<String, String>> extensions() {
    return extensions;
  }

  /** The value of the first extension attribute with this name, or null. */
  public String extension(String name) {
    for (Map.Entry<String, String> e : extensions) {
      if (e.getKey().equals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** {@code tcptype} (active, passive, so) for TCP candidates, or null. */
  public String tcpType() {
    return extension("tcptype");
  }

  /** {@code ufrag} extension (trickle ICE uses it to tie a candidate to a generation), or null. */
  public String ufrag() {
    return extension("ufrag");
  }

  /** True if the address is a multicast DNS name ({@code *.local}, RFC 6762). */
  public boolean isMdns() {
    return address.toLowerCase(Locale.ROOT).endsWith(".local");
  }

  /** True if the address is an IPv4 or IPv6 literal. */
  public boolean hasIpAddress() {
    return isIpLiteral(address);
  }

  /** Whether {@code host} is an IPv4 or IPv6 literal (using it needs no name lookup). */
  static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || ipv4(host) != null;
  }

  /** The transport address for an IP-literal candidate; null for a hostname (no DNS lookup is done). */
  public InetSocketAddress socketAddress() {
    if (!hasIpAddress()) {
      return null;
    }
    try {
      byte[] v4 = ipv4(address);
      InetAddress ip = v4 != null ? InetAddress.getByAddress(v4) : InetAddress.getByName(address);
      return new InetSocketAddress(ip, port);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** A copy with another priority (used for peer-reflexive candidates and role changes). */
  public Candidate withPriority(long newPriority) {
    return new Candidate(foundation, component, transport, newPriority, address, port, type, relatedAddress,
        relatedPort, extensions);
  }

  /** A copy with another connection address (e.g. an mDNS name replaced by the address it resolved to). */
  public Candidate withAddress(String newAddress) {
    return new Candidate(foundation, component, transport, priority, newAddress, port, type, relatedAddress,
        relatedPort, extensions);
  }

  /** A copy with extension attributes appended (e.g. {@code generation 0}, {@code ufrag abcd}). */
  public Candidate withExtension(String name, String value) {
    List<Map.Entry<String, String>> ext = new ArrayList<>(extensions);
    ext.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
    return new Candidate(foundation, component, transport, priority, address, port, type, relatedAddress,
        relatedPort, ext);
  }

  /** The SDP form without {@code a=}: {@code candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(96).append("candidate:").append(foundation).append(' ').append(component)
        .append(' ').append(transport).append(' ').append(priority).append(' ').append(address).append(' ')
        .append(port).append(" typ ").append(type.sdpName());
    if (relatedAddress != null) {
      sb.append(" raddr ").append(relatedAddress);
    }
    if (relatedPort >= 0) {
      sb.append(" rport ").append(relatedPort);
    }
    for (Map.Entry<String, String> e : extensions) {
      sb.append(' ').append(e.getKey()).append(' ').append(e.getValue());
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Candidate c && c.component == component && c.priority == priority && c.port == port
        && c.relatedPort == relatedPort && c.foundation.equals(foundation) && c.transport.equals(transport)
        && c.address.equals(address) && c.type == type && Objects.equals(c.relatedAddress, relatedAddress)
        && c.extensions.equals(extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(foundation, component, transport, priority, address, port, type, relatedAddress, relatedPort,
        extensions);
  }
}
