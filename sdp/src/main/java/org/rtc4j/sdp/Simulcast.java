package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code a=simulcast}: the simulcast streams sent and received, by rid (RFC 8853 §5.1).
 *
 * <pre>
 * sc-value     = ( sc-send [SP sc-recv] ) / ( sc-recv [SP sc-send] )
 * sc-send      = %s"send" SP sc-str-list
 * sc-recv      = %s"recv" SP sc-str-list
 * sc-str-list  = sc-alt-list *( ";" sc-alt-list )
 * sc-alt-list  = sc-id *( "," sc-id )
 * sc-id        = [ "~" ] rid-id
 *
 * a=simulcast:send q;h;f
 * a=simulcast:recv 1;~2,3 send 4
 * </pre>
 *
 * Each stream is a list of alternative rids (usually one). Written {@code send} first.
 *
 * @param send streams sent, each a list of alternatives; empty when there is no send part
 * @param recv streams received; empty when there is no recv part
 */
public record Simulcast(List<List<Id>> send, List<List<Id>> recv) implements SdpAttribute, ValueWriter {
  /** One rid in a simulcast stream list; {@code paused} is the {@code ~} prefix. */
  public record Id(String rid, boolean paused) {
    public Id {
      Check.require(rid != null && Rid.isRidId(rid, 0, rid.length()), "simulcast rid must be a rid-id: '", rid, "'");
    }

    @Override
    public String toString() {
      return paused ? "~" + rid : rid;
    }
  }

  public Simulcast {
    send = copy(send);
    recv = copy(recv);
    Check.require(!send.isEmpty() || !recv.isEmpty(), "simulcast needs a send or recv list");
  }

  private static List<List<Id>> copy(List<List<Id>> streams) {
    List<List<Id>> out = new ArrayList<>(streams.size());
    for (List<Id> alternatives : streams) {
      Check.require(!alternatives.isEmpty(), "a simulcast stream needs at least one rid");
      out.add(List.copyOf(alternatives));
    }
    return List.copyOf(out);
  }

  /** {@code a=simulcast:send r0;r1;r2}: one rid per stream, none paused. */
  public static Simulcast send(String... rids) {
    return new Simulcast(single(rids), List.of());
  }

  /** {@code a=simulcast:recv r0;r1;r2}. */
  public static Simulcast recv(String... rids) {
    return new Simulcast(List.of(), single(rids));
  }

  private static List<List<Id>> single(String... rids) {
    List<List<Id>> out = new ArrayList<>(rids.length);
    for (String rid : rids) {
      out.add(List.of(new Id(rid, false)));
    }
    return out;
  }

  /** The first alternative of every sent stream, in order. */
  public List<String> sendRids() {
    return firsts(send);
  }

  /** The first alternative of every received stream, in order. */
  public List<String> recvRids() {
    return firsts(recv);
  }

  private static List<String> firsts(List<List<Id>> streams) {
    List<String> out = new ArrayList<>(streams.size());
    for (List<Id> alternatives : streams) {
      out.add(alternatives.get(0).rid());
    }
    return List.copyOf(out);
  }

  /** This description as the other side sees it: send and recv swapped. */
  public Simulcast reverse() {
    return new Simulcast(recv, send);
  }

  /** Parses the value of an {@code a=simulcast} line. */
  public static Simulcast parse(String value) {
    return parse(value, 0, value.length());
  }

  static Simulcast parse(String s, int from, int to) {
    List<List<Id>> send = null;
    List<List<Id>> recv = null;
    int i = Chars.skipSpaces(s, from, to);
    while (i < to) {
      int dirEnd = Chars.tokenEnd(s, i, to);
      boolean isSend = dirEnd - i == 4 && s.startsWith("send", i);
      boolean isRecv = dirEnd - i == 4 && s.startsWith("recv", i);
      Check.require(isSend || isRecv, "simulcast expects send or recv, found '", s, i, dirEnd, "'");
      Check.require(isSend ? send == null : recv == null, "simulcast repeats ", s, i, dirEnd, "");
      int a = Chars.skipSpaces(s, dirEnd, to);
      int b = Chars.tokenEnd(s, a, to);
      Check.require(a < b, "simulcast ", s, i, dirEnd, " needs a stream list");
      List<List<Id>> streams = parseStreams(s, a, b);
      if (isSend) {
        send = streams;
      } else {
        recv = streams;
      }
      i = Chars.skipSpaces(s, b, to);
    }
    return new Simulcast(send == null ? List.of() : send, recv == null ? List.of() : recv);
  }

  private static List<List<Id>> parseStreams(String s, int from, int to) {
    List<List<Id>> streams = new ArrayList<>(3);
    int i = from;
    while (i <= to) {
      int semi = Chars.indexOf(s, ';', i, to);
      int end = semi < 0 ? to : semi;
      List<Id> alternatives = new ArrayList<>(1);
      int j = i;
      while (j <= end) {
        int comma = Chars.indexOf(s, ',', j, end);
        int e = comma < 0 ? end : comma;
        boolean paused = j < e && s.charAt(j) == '~';
        int r = paused ? j + 1 : j;
        Check.require(Rid.isRidId(s, r, e), "simulcast stream '", s, j, e, "' is not a rid-id");
        alternatives.add(new Id(Tokens.intern(s, r, e), paused));
        j = e + 1;
      }
      streams.add(alternatives);
      i = end + 1;
    }
    return streams;
  }

  @Override
  public String attributeName() {
    return "simulcast";
  }

  @Override
  public String attributeValue() {
    return ValueWriter.valueOf(this);
  }

  @Override
  public void appendValue(StringBuilder sb) {
    if (!send.isEmpty()) {
      sb.append("send ");
      appendStreams(sb, send);
    }
    if (!recv.isEmpty()) {
      if (!send.isEmpty()) {
        sb.append(' ');
      }
      sb.append("recv ");
      appendStreams(sb, recv);
    }
  }

  private static void appendStreams(StringBuilder sb, List<List<Id>> streams) {
    for (int i = 0; i < streams.size(); i++) {
      if (i > 0) {
        sb.append(';');
      }
      List<Id> alternatives = streams.get(i);
      for (int j = 0; j < alternatives.size(); j++) {
        if (j > 0) {
          sb.append(',');
        }
        Id id = alternatives.get(j);
        if (id.paused()) {
          sb.append('~');
        }
        sb.append(id.rid());
      }
    }
  }

  @Override
  public String toString() {
    return "simulcast:" + attributeValue();
  }
}
