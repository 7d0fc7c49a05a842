package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One media description: an {@code m=} line and the lines up to the next one (RFC 8866 §5.14).
 * Immutable; change it through {@link #toBuilder()}.
 *
 * <pre>
 * m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; ...
 * i=, c=*, b=*, k=, a=*
 * </pre>
 *
 * Attribute accessors look at this media description only; session-level defaults (a session
 * {@code a=fingerprint}, say) are the caller's to apply, as JSEP says how.
 */
public final class MediaDescription {
  /** The proto of RTP media in WebRTC (RFC 9429 §5.2.1). */
  public static final String PROTO_RTP = "UDP/TLS/RTP/SAVPF";
  /** The proto of the data channel m= line (RFC 8841 §4.1). */
  public static final String PROTO_SCTP = "UDP/DTLS/SCTP";

  private final String kind;
  private final int port;
  private final int numberOfPorts;
  private final String proto;
  private final List<String> formats;
  private final String information;
  private final List<Connection> connections;
  private final List<Bandwidth> bandwidths;
  private final String key;
  private final List<String> otherLines;
  private final List<SdpAttribute> attributes;

  /** Trusted constructor: the lists must not be shared with anyone who changes them. */
  MediaDescription(String kind, int port, int numberOfPorts, String proto, List<String> formats,
      String information, List<Connection> connections, List<Bandwidth> bandwidths, String key,
      List<String> otherLines, List<SdpAttribute> attributes) {
    this(kind, port, numberOfPorts, proto, formats, information, connections, bandwidths, key, otherLines,
        attributes, false);
  }

  /** Trusted constructor; {@code canonical} says the attributes are known to be in canonical order. */
  MediaDescription(String kind, int port, int numberOfPorts, String proto, List<String> formats,
      String information, List<Connection> connections, List<Bandwidth> bandwidths, String key,
      List<String> otherLines, List<SdpAttribute> attributes, boolean canonical) {
    this.kind = kind;
    this.port = port;
    this.numberOfPorts = numberOfPorts;
    this.proto = proto;
    this.formats = formats;
    this.information = information;
    this.connections = connections;
    this.bandwidths = bandwidths;
    this.key = key;
    this.otherLines = otherLines;
    this.attributes = Attributes.canonical(attributes, canonical, true, formats);
  }

  /** A new media description of {@code kind} ({@code audio}, {@code video}, {@code application}). */
  public static Builder builder(String kind, int port, String proto) {
    return new Builder(kind, port, proto);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  // ---- m= line and other lines ----

  /** The media type: {@code audio}, {@code video}, {@code application}, ... */
  public String kind() {
    return kind;
  }

  /** The port; 0 marks a rejected or removed media description (RFC 9429 §5.2.2). */
  public int port() {
    return port;
  }

  /** The {@code /<number of ports>} of the m= line, or 0 when absent. */
  public int numberOfPorts() {
    return numberOfPorts;
  }

  public String proto() {
    return proto;
  }

  /** The formats: payload types for RTP, {@code webrtc-datachannel} for SCTP. */
  public List<String> formats() {
    return formats;
  }

  /** The {@code i=} line. */
  public Optional<String> information() {
    return Optional.ofNullable(information);
  }

  public List<Connection> connections() {
    return connections;
  }

  /** The first {@code c=} line. */
  public Optional<Connection> connection() {
    return connections.isEmpty() ? Optional.empty() : Optional.of(connections.get(0));
  }

  public List<Bandwidth> bandwidths() {
    return bandwidths;
  }

  /** The {@code k=} line (obsolete, kept verbatim). */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** Lines of types this module does not know (e.g. {@code x=...}), verbatim and in order. */
  public List<String> otherLines() {
    return otherLines;
  }

  public boolean isRejected() {
    return port == 0 && !bundleOnly();
  }

  // ---- attributes ----

  /** All attributes, in canonical order. */
  public List<SdpAttribute> attributes() {
    return attributes;
  }

  /** All attributes called {@code name}. */
  public List<SdpAttribute> attributes(String name) {
    return Attributes.named(attributes, name);
  }

  /** The value of the first attribute called {@code name} (empty also for a property attribute). */
  public Optional<String> attribute(String name) {
    return Attributes.value(attributes, name);
  }

  public boolean hasAttribute(String name) {
    return Attributes.has(attributes, name);
  }

  public Optional<String> mid() {
    return Attributes.value(attributes, "mid");
  }

  public Optional<Direction> direction() {
    return Attributes.direction(attributes);
  }

  public List<Msid> msids() {
    return Attributes.all(attributes, Msid.class);
  }

  public Optional<String> iceUfrag() {
    return Attributes.value(attributes, "ice-ufrag");
  }

  public Optional<String> icePwd() {
    return Attributes.value(attributes, "ice-pwd");
  }

  /** The {@code a=ice-options} tokens, e.g. {@code [trickle, ice2]}. */
  public List<String> iceOptions() {
    return Attributes.iceOptions(attributes);
  }

  public List<Fingerprint> fingerprints() {
    return Attributes.all(attributes, Fingerprint.class);
  }

  public Optional<Setup> setup() {
    return Attributes.first(attributes, Setup.class);
  }

  /** The {@code a=candidate} values, verbatim and in order (the ice module parses them). */
  public List<String> candidates() {
    return Attributes.values(attributes, "candidate");
  }

  public boolean endOfCandidates() {
    return Attributes.has(attributes, "end-of-candidates");
  }

  public List<RtpMap> rtpMaps() {
    return Attributes.all(attributes, RtpMap.class);
  }

  public Optional<RtpMap> rtpMap(int payloadType) {
    for (SdpAttribute a : attributes) {
      if (a instanceof RtpMap && ((RtpMap) a).payloadType() == payloadType) {
        return Optional.of((RtpMap) a);
      }
    }
    return Optional.empty();
  }

  public List<Fmtp> fmtps() {
    return Attributes.all(attributes, Fmtp.class);
  }

  public Optional<Fmtp> fmtp(int payloadType) {
    for (SdpAttribute a : attributes) {
      if (a instanceof Fmtp && ((Fmtp) a).payloadType() == payloadType) {
        return Optional.of((Fmtp) a);
      }
    }
    return Optional.empty();
  }

  public List<RtcpFb> rtcpFbs() {
    return Attributes.all(attributes, RtcpFb.class);
  }

  /** The feedback for {@code payloadType}, including {@code a=rtcp-fb:*} lines. */
  public List<RtcpFb> rtcpFbs(int payloadType) {
    List<RtcpFb> out = new ArrayList<>();
    for (SdpAttribute a : attributes) {
      if (a instanceof RtcpFb && ((RtcpFb) a).appliesTo(payloadType)) {
        out.add((RtcpFb) a);
      }
    }
    return List.copyOf(out);
  }

  public List<ExtMap> extMaps() {
    return Attributes.all(attributes, ExtMap.class);
  }

  public boolean extmapAllowMixed() {
    return Attributes.has(attributes, "extmap-allow-mixed");
  }

  public List<Ssrc> ssrcs() {
    return Attributes.all(attributes, Ssrc.class);
  }

  public List<SsrcGroup> ssrcGroups() {
    return Attributes.all(attributes, SsrcGroup.class);
  }

  public List<Rid> rids() {
    return Attributes.all(attributes, Rid.class);
  }

  public Optional<Simulcast> simulcast() {
    return Attributes.first(attributes, Simulcast.class);
  }

  public Optional<Rtcp> rtcp() {
    return Attributes.first(attributes, Rtcp.class);
  }

  public boolean rtcpMux() {
    return Attributes.has(attributes, "rtcp-mux");
  }

  public boolean rtcpMuxOnly() {
    return Attributes.has(attributes, "rtcp-mux-only");
  }

  public boolean rtcpRsize() {
    return Attributes.has(attributes, "rtcp-rsize");
  }

  public boolean bundleOnly() {
    return Attributes.has(attributes, "bundle-only");
  }

  /** {@code a=sctp-port} (RFC 8841 §5). */
  public OptionalInt sctpPort() {
    Optional<String> v = Attributes.value(attributes, "sctp-port");
    return v.isPresent() ? OptionalInt.of(Integer.parseInt(v.get())) : OptionalInt.empty();
  }

  /** {@code a=max-message-size} (RFC 8841 §6). */
  public OptionalLong maxMessageSize() {
    Optional<String> v = Attributes.value(attributes, "max-message-size");
    return v.isPresent() ? OptionalLong.of(Long.parseLong(v.get())) : OptionalLong.empty();
  }

  /**
   * The RTP payload types with their rtpmap, fmtp and feedback, in m= line order. Formats that
   * are not numbers are skipped; a payload type without rtpmap has a {@code null} one.
   */
  public List<Codec> codecs() {
    List<Codec> out = new ArrayList<>(formats.size());
    for (String f : formats) {
      int pt;
      try {
        pt = Integer.parseInt(f);
      } catch (NumberFormatException e) {
        continue;
      }
      out.add(new Codec(pt, rtpMap(pt).orElse(null), fmtp(pt).orElse(null), rtcpFbs(pt)));
    }
    return List.copyOf(out);
  }

  /** One payload type of an RTP media description with everything the description says of it. */
  public record Codec(int payloadType, RtpMap rtpMap, Fmtp fmtp, List<RtcpFb> feedback) {
    public Codec {
      feedback = List.copyOf(feedback);
    }
  }

  // ---- writing, equality ----

  /** This media description as canonical SDP, from {@code m=} to the last attribute, CRLF ends. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(1024);
    SdpWriter.writeMedia(sb, this);
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MediaDescription)) {
      return false;
    }
    MediaDescription m = (MediaDescription) o;
    return port == m.port && numberOfPorts == m.numberOfPorts && kind.equals(m.kind)
        && proto.equals(m.proto) && formats.equals(m.formats)
        && Objects.equals(information, m.information) && connections.equals(m.connections)
        && bandwidths.equals(m.bandwidths) && Objects.equals(key, m.key)
        && otherLines.equals(m.otherLines) && attributes.equals(m.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, port, proto, formats, attributes);
  }

  /** Builds and changes media descriptions. Not thread-safe. */
  public static final class Builder {
    private String kind;
    private int port;
    private int numberOfPorts;
    private String proto;
    private final List<String> formats;
    private String information;
    private final List<Connection> connections;
    private final List<Bandwidth> bandwidths;
    private String key;
    private final List<String> otherLines;
    private final AttributeList attrs;
    /** The formats of the description this builder started from. */
    private final List<String> initialFormats;

    Builder(String kind, int port, String proto) {
      kind(kind).port(port).proto(proto);
      formats = new ArrayList<>();
      connections = new ArrayList<>(1);
      bandwidths = new ArrayList<>(1);
      otherLines = new ArrayList<>(0);
      attrs = new AttributeList(List.of());
      initialFormats = List.of();
    }

    Builder(MediaDescription m) {
      kind = m.kind;
      port = m.port;
      numberOfPorts = m.numberOfPorts;
      proto = m.proto;
      formats = new ArrayList<>(m.formats);
      information = m.information;
      connections = new ArrayList<>(m.connections);
      bandwidths = new ArrayList<>(m.bandwidths);
      key = m.key;
      otherLines = new ArrayList<>(m.otherLines);
      attrs = new AttributeList(m.attributes);
      initialFormats = m.formats;
    }

    public Builder kind(String kind) {
      this.kind = Check.token("media", kind);
      return this;
    }

    public Builder port(int port) {
      this.port = Check.range("port", port, 0, 65535);
      return this;
    }

    /** The {@code /<number of ports>} suffix; 0 for none. */
    public Builder numberOfPorts(int n) {
      this.numberOfPorts = Check.range("number of ports", n, 0, 65535);
      return this;
    }

    public Builder proto(String proto) {
      this.proto = Check.token("proto", proto);
      return this;
    }

    public Builder formats(List<String> formats) {
      this.formats.clear();
      formats.forEach(this::addFormat);
      return this;
    }

    public Builder addFormat(String format) {
      this.formats.add(Check.token("format", format));
      return this;
    }

    public Builder addFormat(int payloadType) {
      return addFormat(Integer.toString(Check.range("payload type", payloadType, 0, 127)));
    }

    public Builder information(String information) {
      this.information = Check.optionalText("information", information);
      return this;
    }

    /** Sets the one {@code c=} line (or none for {@code null}). */
    public Builder connection(Connection connection) {
      connections.clear();
      if (connection != null) {
        connections.add(connection);
      }
      return this;
    }

    public Builder addConnection(Connection connection) {
      connections.add(Objects.requireNonNull(connection, "connection"));
      return this;
    }

    public Builder addBandwidth(Bandwidth bandwidth) {
      bandwidths.add(Objects.requireNonNull(bandwidth, "bandwidth"));
      return this;
    }

    public Builder clearBandwidths() {
      bandwidths.clear();
      return this;
    }

    public Builder key(String key) {
      this.key = Check.optionalText("key", key);
      return this;
    }

    /** Adds a line of a type this module does not know, e.g. {@code "x=foo"}. */
    public Builder addOtherLine(String line) {
      Check.require(line != null && line.length() >= 2 && line.charAt(1) == '='
          && line.charAt(0) >= 'a' && line.charAt(0) <= 'z' && Check.text("line", line) != null,
          "a line must be <letter>=<value>");
      otherLines.add(line);
      return this;
    }

    // ---- attributes ----

    /**
     * Adds an attribute; it takes its canonical place when built. An {@link Attribute} with a
     * known name becomes its typed form ({@code new Attribute("rtpmap", "96 VP8/90000")} is
     * added as a {@link RtpMap}).
     */
    public Builder addAttribute(SdpAttribute attribute) {
      attrs.add(attribute);
      return this;
    }

    /** Adds {@code a=name:value} ({@code value} null for a property attribute). */
    public Builder addAttribute(String name, String value) {
      attrs.add(SdpAttribute.of(name, value));
      return this;
    }

    /** Removes every attribute called {@code name}. */
    public Builder removeAttributes(String name) {
      attrs.removeIf(a -> a.attributeName().equals(name));
      return this;
    }

    /** Replaces all attributes. */
    public Builder attributes(List<? extends SdpAttribute> attributes) {
      attrs.replaceAll(attributes);
      return this;
    }

    public Builder mid(String mid) {
      attrs.setValue("mid", mid == null ? null : Check.token("mid", mid));
      return this;
    }

    /** Sets the direction ({@code null} removes it; sendrecv is the default then). */
    public Builder direction(Direction direction) {
      attrs.set(a -> a instanceof Direction, direction);
      return this;
    }

    public Builder addMsid(Msid msid) {
      attrs.add(msid);
      return this;
    }

    public Builder clearMsids() {
      attrs.removeIf(a -> a instanceof Msid);
      return this;
    }

    public Builder iceUfrag(String ufrag) {
      attrs.iceUfrag(ufrag);
      return this;
    }

    public Builder icePwd(String pwd) {
      attrs.icePwd(pwd);
      return this;
    }

    /** Sets {@code a=ice-options} to these tokens; none removes it. */
    public Builder iceOptions(String... options) {
      attrs.iceOptions(options);
      return this;
    }

    public Builder addFingerprint(Fingerprint fingerprint) {
      attrs.add(fingerprint);
      return this;
    }

    public Builder clearFingerprints() {
      attrs.removeIf(a -> a instanceof Fingerprint);
      return this;
    }

    public Builder setup(Setup setup) {
      attrs.set(a -> a instanceof Setup, setup);
      return this;
    }

    /** Adds an {@code a=candidate} value (without the {@code candidate:} prefix). */
    public Builder addCandidate(String candidate) {
      attrs.add(new Attribute("candidate", Check.text("candidate", candidate)));
      return this;
    }

    public Builder clearCandidates() {
      attrs.removeIf(a -> a.attributeName().equals("candidate"));
      return this;
    }

    public Builder endOfCandidates(boolean on) {
      attrs.setFlag("end-of-candidates", on);
      return this;
    }

    /** Adds the rtpmap, and the payload type to the m= line when it is not there yet. */
    public Builder addRtpMap(RtpMap rtpMap) {
      String pt = Integer.toString(rtpMap.payloadType());
      if (!formats.contains(pt)) {
        formats.add(pt);
      }
      attrs.add(rtpMap);
      return this;
    }

    public Builder addFmtp(Fmtp fmtp) {
      attrs.add(fmtp);
      return this;
    }

    public Builder addRtcpFb(RtcpFb rtcpFb) {
      attrs.add(rtcpFb);
      return this;
    }

    /**
     * Adds a payload type with everything about it, e.g.
     * {@code addCodec(new RtpMap(111, "opus", 48000, 2), "minptime=10;useinbandfec=1", "transport-cc")}.
     *
     * @param fmtp     the fmtp parameters ({@code k=v;k=v}), or {@code null}
     * @param feedback rtcp-fb values without the payload type: {@code "nack"}, {@code "nack pli"}
     */
    public Builder addCodec(RtpMap rtpMap, String fmtp, String... feedback) {
      addRtpMap(rtpMap);
      int pt = rtpMap.payloadType();
      for (String fb : feedback) {
        attrs.add(RtcpFb.parse(pt + " " + fb));
      }
      if (fmtp != null) {
        attrs.add(Fmtp.of(pt, fmtp));
      }
      return this;
    }

    /** Removes a payload type from the m= line with its rtpmap, fmtp and rtcp-fb lines. */
    public Builder removePayloadType(int payloadType) {
      formats.remove(Integer.toString(payloadType));
      attrs.removeIf(a -> a instanceof RtpMap && ((RtpMap) a).payloadType() == payloadType
          || a instanceof Fmtp && ((Fmtp) a).payloadType() == payloadType
          || a instanceof RtcpFb && ((RtcpFb) a).payloadType() == payloadType);
      return this;
    }

    public Builder addExtMap(ExtMap extMap) {
      attrs.add(extMap);
      return this;
    }

    public Builder clearExtMaps() {
      attrs.removeIf(a -> a instanceof ExtMap);
      return this;
    }

    public Builder extmapAllowMixed(boolean on) {
      attrs.setFlag("extmap-allow-mixed", on);
      return this;
    }

    public Builder addSsrc(Ssrc ssrc) {
      attrs.add(ssrc);
      return this;
    }

    public Builder addSsrcGroup(SsrcGroup group) {
      attrs.add(group);
      return this;
    }

    /** Removes every {@code a=ssrc} and {@code a=ssrc-group}. */
    public Builder clearSsrcs() {
      attrs.removeIf(a -> a instanceof Ssrc || a instanceof SsrcGroup);
      return this;
    }

    public Builder addRid(Rid rid) {
      attrs.add(rid);
      return this;
    }

    public Builder simulcast(Simulcast simulcast) {
      attrs.set(a -> a instanceof Simulcast, simulcast);
      return this;
    }

    /** Removes every {@code a=rid} and the {@code a=simulcast}. */
    public Builder clearSimulcast() {
      attrs.removeIf(a -> a instanceof Rid || a instanceof Simulcast);
      return this;
    }

    public Builder rtcp(Rtcp rtcp) {
      attrs.set(a -> a instanceof Rtcp, rtcp);
      return this;
    }

    public Builder rtcpMux(boolean on) {
      attrs.setFlag("rtcp-mux", on);
      return this;
    }

    public Builder rtcpMuxOnly(boolean on) {
      attrs.setFlag("rtcp-mux-only", on);
      return this;
    }

    public Builder rtcpRsize(boolean on) {
      attrs.setFlag("rtcp-rsize", on);
      return this;
    }

    public Builder bundleOnly(boolean on) {
      attrs.setFlag("bundle-only", on);
      return this;
    }

    public Builder sctpPort(int port) {
      attrs.setValue("sctp-port", Integer.toString(Check.range("sctp-port", port, 0, 65535)));
      return this;
    }

    public Builder maxMessageSize(long size) {
      attrs.setValue("max-message-size", Long.toString(Check.range("max-message-size", size, 0, Long.MAX_VALUE)));
      return this;
    }

    public MediaDescription build() {
      List<String> f = List.copyOf(formats);
      // Unchanged attributes are still in canonical order unless the payload types were reordered.
      return new MediaDescription(kind, port, numberOfPorts, proto, f, information,
          List.copyOf(connections), List.copyOf(bandwidths), key, List.copyOf(otherLines),
          attrs.build(), attrs.unchanged() && f.equals(initialFormats));
    }
  }
}
