package org.rtc4j.sdp;

import java.util.List;

/** Writes canonical SDP: RFC 8866 line order, attributes as stored (canonical order), CRLF. */
final class SdpWriter {
  /** Builders above this capacity are not kept, so one huge description does not pin memory. */
  private static final int MAX_KEPT_CAPACITY = 64 * 1024;
  /**
   * One reusable builder per thread: writing then allocates only the resulting String (the
   * builder's array would double the bytes per write). Taken out of the slot while in use.
   */
  private static final ThreadLocal<StringBuilder[]> SCRATCH = ThreadLocal.withInitial(() -> new StringBuilder[1]);

  private SdpWriter() {}

  static String write(SessionDescription sd) {
    StringBuilder[] slot = SCRATCH.get();
    StringBuilder sb = slot[0];
    slot[0] = null;
    if (sb == null) {
      sb = new StringBuilder(256 + 2048 * sd.media().size());
    } else {
      sb.setLength(0);
    }
    write(sb, sd);
    String text = sb.toString();
    if (sb.capacity() <= MAX_KEPT_CAPACITY) {
      slot[0] = sb;
    }
    return text;
  }

  private static void write(StringBuilder sb, SessionDescription sd) {
    sb.append("v=0\r\no=");
    sd.origin().appendTo(sb);
    sb.append("\r\ns=").append(sd.sessionName()).append("\r\n");
    line(sb, 'i', sd.information().orElse(null));
    line(sb, 'u', sd.uri().orElse(null));
    for (String e : sd.emails()) {
      line(sb, 'e', e);
    }
    for (String p : sd.phones()) {
      line(sb, 'p', p);
    }
    if (sd.connection().isPresent()) {
      sb.append("c=");
      sd.connection().get().appendTo(sb);
      sb.append("\r\n");
    }
    bandwidths(sb, sd.bandwidths());
    for (Timing t : sd.timings()) {
      sb.append("t=").append(t.start()).append(' ').append(t.stop()).append("\r\n");
      for (String r : t.repeats()) {
        line(sb, 'r', r);
      }
    }
    line(sb, 'z', sd.zone().orElse(null));
    line(sb, 'k', sd.key().orElse(null));
    for (String other : sd.otherLines()) {
      sb.append(other).append("\r\n");
    }
    attributes(sb, sd.attributes());
    for (MediaDescription m : sd.media()) {
      writeMedia(sb, m);
    }
  }

  static void writeMedia(StringBuilder sb, MediaDescription m) {
    sb.append("m=").append(m.kind()).append(' ').append(m.port());
    if (m.numberOfPorts() != 0) {
      sb.append('/').append(m.numberOfPorts());
    }
    sb.append(' ').append(m.proto());
    for (String f : m.formats()) {
      sb.append(' ').append(f);
    }
    sb.append("\r\n");
    line(sb, 'i', m.information().orElse(null));
    for (Connection c : m.connections()) {
      sb.append("c=");
      c.appendTo(sb);
      sb.append("\r\n");
    }
    bandwidths(sb, m.bandwidths());
    line(sb, 'k', m.key().orElse(null));
    for (String other : m.otherLines()) {
      sb.append(other).append("\r\n");
    }
    attributes(sb, m.attributes());
  }

  /** Writes {@code <type>=<value>}; nothing when the value is {@code null}. */
  private static void line(StringBuilder sb, char type, String value) {
    if (value == null) {
      return;
    }
    sb.append(type).append('=').append(value).append("\r\n");
  }

  private static void bandwidths(StringBuilder sb, List<Bandwidth> bandwidths) {
    for (Bandwidth b : bandwidths) {
      sb.append("b=").append(b.type()).append(':').append(b.value()).append("\r\n");
    }
  }

  /** Parsed attributes write their canonical lines straight from the text. */
  private static void attributes(StringBuilder sb, List<SdpAttribute> attributes) {
    if (attributes instanceof ParsedAttributes parsed) {
      parsed.appendTo(sb);
      return;
    }
    for (int i = 0, n = attributes.size(); i < n; i++) {
      appendAttribute(sb, attributes.get(i));
    }
  }

  /**
   * Writes {@code a=<name>[:<value>]} and CRLF. Dispatches on the exact class of the common types
   * first: a class compare is one load, while {@code instanceof ValueWriter} and the interface
   * calls of the generic path go through the secondary-supers check and itable stubs, which a mix
   * of attribute types keeps missing.
   */
  static void appendAttribute(StringBuilder sb, SdpAttribute a) {
    Class<?> c = a.getClass();
    if (c == RtcpFb.class) {
      sb.append("a=rtcp-fb:");
      ((RtcpFb) a).appendValue(sb);
    } else if (c == RtpMap.class) {
      sb.append("a=rtpmap:");
      ((RtpMap) a).appendValue(sb);
    } else if (c == Fmtp.class) {
      sb.append("a=fmtp:");
      ((Fmtp) a).appendValue(sb);
    } else if (c == ExtMap.class) {
      sb.append("a=extmap:");
      ((ExtMap) a).appendValue(sb);
    } else if (c == Attribute.class) {
      Attribute g = (Attribute) a;
      sb.append("a=").append(g.name());
      if (g.value() != null) {
        sb.append(':').append(g.value());
      }
    } else if (c == Ssrc.class) {
      sb.append("a=ssrc:");
      ((Ssrc) a).appendValue(sb);
    } else {
      other(sb, a);
    }
    sb.append("\r\n");
  }

  private static void other(StringBuilder sb, SdpAttribute a) {
    sb.append("a=").append(a.attributeName());
    if (a instanceof ValueWriter) {
      sb.append(':');
      ((ValueWriter) a).appendValue(sb);
    } else {
      String value = a.attributeValue();
      if (value != null) {
        sb.append(':').append(value);
      }
    }
  }
}
