package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code a=rid}: an RTP stream identifier with its restrictions (RFC 8851 §4, §10).
 *
 * <pre>
 * a=rid:&lt;rid-id&gt; &lt;send|recv&gt; [pt=&lt;fmt&gt;,...;][&lt;restriction&gt;=&lt;value&gt;;...]
 * a=rid:h send pt=96;max-width=1280;max-height=720
 * </pre>
 *
 * @param id           the rid-id: letters, digits, {@code -} and {@code _}
 * @param direction    send or recv
 * @param payloadTypes the {@code pt=} list, empty when absent
 * @param restrictions the other {@code key=value} restrictions, in order
 */
public record Rid(String id, Direction direction, List<Integer> payloadTypes, List<Parameter> restrictions)
    implements SdpAttribute, ValueWriter {

  /** The direction of a rid, seen from the side that writes the description. */
  public enum Direction {
    SEND("send"),
    RECV("recv");

    private final String sdp;

    Direction(String sdp) {
      this.sdp = sdp;
    }

    public String sdp() {
      return sdp;
    }

    public Direction reverse() {
      return this == SEND ? RECV : SEND;
    }
  }

  public Rid {
    Check.require(id != null && isRidId(id, 0, id.length()),
        "rid id must be letters, digits, '-' or '_': '", id, "'");
    Check.require(direction != null, "rid direction must not be null");
    payloadTypes = List.copyOf(payloadTypes);
    for (Integer pt : payloadTypes) {
      Check.range("payload type", pt, 0, 127);
    }
    restrictions = List.copyOf(restrictions);
  }

  public Rid(String id, Direction direction) {
    this(id, direction, List.of(), List.of());
  }

  /** The value of restriction {@code name} (e.g. {@code max-width}). */
  public Optional<String> restriction(String name) {
    for (Parameter p : restrictions) {
      if (p.name().equals(name)) {
        return Optional.ofNullable(p.value());
      }
    }
    return Optional.empty();
  }

  static boolean isRidId(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** Parses the value of an {@code a=rid} line. */
  public static Rid parse(String value) {
    return parse(value, 0, value.length());
  }

  static Rid parse(String s, int from, int to) {
    int idEnd = Chars.tokenEnd(s, from, to);
    Check.require(isRidId(s, from, idEnd), "rid id must be letters, digits, '-' or '_'");
    int a = Chars.skipSpaces(s, idEnd, to);
    int b = Chars.tokenEnd(s, a, to);
    Direction dir;
    if (b - a == 4 && s.startsWith("send", a)) {
      dir = Direction.SEND;
    } else if (b - a == 4 && s.startsWith("recv", a)) {
      dir = Direction.RECV;
    } else {
      throw new IllegalArgumentException("rid direction must be send or recv, was '" + s.substring(a, b) + "'");
    }
    List<Integer> pts = List.of();
    List<Parameter> params = Parameter.parseList(s, Chars.skipSpaces(s, b, to), to);
    if (!params.isEmpty() && params.get(0).name().equals("pt")) {
      String list = params.get(0).value();
      Check.require(list != null && !list.isEmpty(), "rid pt= needs payload types");
      pts = new ArrayList<>(4);
      int i = 0;
      while (i <= list.length()) {
        int comma = list.indexOf(',', i);
        int end = comma < 0 ? list.length() : comma;
        pts.add(Check.payloadType(list, i, end));
        i = end + 1;
      }
      params = params.subList(1, params.size());
    }
    return new Rid(Tokens.intern(s, from, idEnd), dir, pts, params);
  }

  @Override
  public String attributeName() {
    return "rid";
  }

  @Override
  public String attributeValue() {
    return ValueWriter.valueOf(this);
  }

  @Override
  public void appendValue(StringBuilder sb) {
    sb.append(id).append(' ').append(direction.sdp);
    if (!payloadTypes.isEmpty() || !restrictions.isEmpty()) {
      sb.append(' ');
    }
    if (!payloadTypes.isEmpty()) {
      sb.append("pt=");
      for (int i = 0; i < payloadTypes.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(payloadTypes.get(i).intValue());
      }
      if (!restrictions.isEmpty()) {
        sb.append(';');
      }
    }
    Parameter.appendList(sb, restrictions);
  }

  @Override
  public String toString() {
    return "rid:" + attributeValue();
  }
}
