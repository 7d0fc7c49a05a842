package org.rtc4j.sdp;

import java.util.List;

/** Writes canonical SDP: RFC 8866 line order, attributes as stored (canonical order), CRLF. */
final class SdpWriter {
  private SdpWriter() {}

  static String write(SessionDescription sd) {
    StringBuilder sb = new StringBuilder(256 + 2048 * sd.media().size());
    sb.append("v=0\r\no=");
    sd.origin().appendTo(sb);
    sb.append("\r\ns=").append(sd.sessionName()).append("\r\n");
    sd.information().ifPresent(i -> line(sb, 'i', i));
    sd.uri().ifPresent(u -> line(sb, 'u', u));
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
    sd.zone().ifPresent(z -> line(sb, 'z', z));
    sd.key().ifPresent(k -> line(sb, 'k', k));
    for (String other : sd.otherLines()) {
      sb.append(other).append("\r\n");
    }
    attributes(sb, sd.attributes());
    for (MediaDescription m : sd.media()) {
      writeMedia(sb, m);
    }
    return sb.toString();
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
    m.information().ifPresent(i -> line(sb, 'i', i));
    for (Connection c : m.connections()) {
      sb.append("c=");
      c.appendTo(sb);
      sb.append("\r\n");
    }
    bandwidths(sb, m.bandwidths());
    m.key().ifPresent(k -> line(sb, 'k', k));
    for (String other : m.otherLines()) {
      sb.append(other).append("\r\n");
    }
    attributes(sb, m.attributes());
  }

  private static void line(StringBuilder sb, char type, String value) {
    sb.append(type).append('=').append(value).append("\r\n");
  }

  private static void bandwidths(StringBuilder sb, List<Bandwidth> bandwidths) {
    for (Bandwidth b : bandwidths) {
      sb.append("b=").append(b.type()).append(':').append(b.value()).append("\r\n");
    }
  }

  private static void attributes(StringBuilder sb, List<SdpAttribute> attributes) {
    for (SdpAttribute a : attributes) {
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
      sb.append("\r\n");
    }
  }
}
