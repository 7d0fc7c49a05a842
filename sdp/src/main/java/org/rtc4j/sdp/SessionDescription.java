package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A session description (RFC 8866): the session-level lines, then the media descriptions in
 * order. Immutable; {@link #parse(String)} reads one, {@link #builder()} and {@link #toBuilder()}
 * make and change them, {@link #toString()} writes canonical SDP.
 *
 * <pre>
 * v=0                                      version, always 0
 * o=- 4611731400430051336 2 IN IP4 127.0.0.1   {@link #origin()}
 * s=-                                      {@link #sessionName()}
 * i=, u=, e=*, p=*, c=, b=*                optional
 * t=0 0  (r=*)                             {@link #timings()}
 * z=, k=                                   optional
 * a=*                                      {@link #attributes()}
 * m=... (i=, c=*, b=*, k=, a=*)            {@link #media()}
 * </pre>
 *
 * <p>Canonical SDP: CRLF line ends, lines in RFC 8866 order, attributes in JSEP order (see
 * {@link MediaDescription#attributes()}), numbers without leading zeros, single spaces between
 * fields, fmtp parameters joined by {@code ;}. Unknown attributes and lines are kept verbatim.
 * For every description {@code d}: {@code parse(d.toString()).equals(d)}, and writing that again
 * gives the same text.
 */
public final class SessionDescription {
  private final Origin origin;
  private final String sessionName;
  private final String information;
  private final String uri;
  private final List<String> emails;
  private final List<String> phones;
  private final Connection connection;
  private final List<Bandwidth> bandwidths;
  private final List<Timing> timings;
  private final String zone;
  private final String key;
  private final List<String> otherLines;
  private final List<SdpAttribute> attributes;
  private final List<MediaDescription> media;

  /** Trusted constructor: the lists must not be shared with anyone who changes them. */
  SessionDescription(Origin origin, String sessionName, String information, String uri,
      List<String> emails, List<String> phones, Connection connection, List<Bandwidth> bandwidths,
      List<Timing> timings, String zone, String key, List<String> otherLines,
      List<SdpAttribute> attributes, List<MediaDescription> media) {
    this(origin, sessionName, information, uri, emails, phones, connection, bandwidths, timings, zone, key,
        otherLines, attributes, media, false);
  }

  /** Trusted constructor; {@code canonical} says the attributes are known to be in canonical order. */
  SessionDescription(Origin origin, String sessionName, String information, String uri,
      List<String> emails, List<String> phones, Connection connection, List<Bandwidth> bandwidths,
      List<Timing> timings, String zone, String key, List<String> otherLines,
      List<SdpAttribute> attributes, List<MediaDescription> media, boolean canonical) {
    this.origin = origin;
    this.sessionName = sessionName;
    this.information = information;
    this.uri = uri;
    this.emails = emails;
    this.phones = phones;
    this.connection = connection;
    this.bandwidths = bandwidths;
    this.timings = timings;
    this.zone = zone;
    this.key = key;
    this.otherLines = otherLines;
    this.attributes = Attributes.canonical(attributes, canonical, false, List.of());
    this.media = media;
  }

  /**
   * Parses a session description. Lenient where browsers are (LF or CRLF line ends, blank lines,
   * trailing spaces, attribute order, unknown attributes and line types); strict where meaning
   * would be lost (see {@link SdpParseException.Reason}).
   *
   * @throws SdpParseException with the line number, the line and what is wrong; never anything else
   */
  /**
   * The longest SDP {@link #parse} reads: 1 MiB of characters. A browser's offer is a few KB per
   * m= section (Chromium's with 100 transceivers is about 250 KB); longer text is refused with
   * {@link SdpParseException.Reason#TOO_LARGE}.
   */
  public static final int MAX_LENGTH = 1 << 20;

  public static SessionDescription parse(String text) throws SdpParseException {
    if (text != null && text.length() > MAX_LENGTH) {
      throw new SdpParseException(SdpParseException.Reason.TOO_LARGE, 0, null,
          text.length() + " characters, more than " + MAX_LENGTH);
    }
    return new SdpParser(text).parse();
  }

  /** A new description with {@code s=-} and {@code t=0 0}; set at least the origin. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  // ---- lines ----

  public Origin origin() {
    return origin;
  }

  /** The {@code s=} value ({@code -} in WebRTC). */
  public String sessionName() {
    return sessionName;
  }

  public Optional<String> information() {
    return Optional.ofNullable(information);
  }

  public Optional<String> uri() {
    return Optional.ofNullable(uri);
  }

  public List<String> emails() {
    return emails;
  }

  public List<String> phones() {
    return phones;
  }

  /** The session-level {@code c=} line. */
  public Optional<Connection> connection() {
    return Optional.ofNullable(connection);
  }

  public List<Bandwidth> bandwidths() {
    return bandwidths;
  }

  /** The {@code t=} lines with their {@code r=} lines; WebRTC has one {@code t=0 0}. */
  public List<Timing> timings() {
    return timings;
  }

  /** The {@code z=} line, verbatim. */
  public Optional<String> zone() {
    return Optional.ofNullable(zone);
  }

  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** Session-level lines of types this module does not know, verbatim and in order. */
  public List<String> otherLines() {
    return otherLines;
  }

  /** The media descriptions, in order. */
  public List<MediaDescription> media() {
    return media;
  }

  /** The media description with {@code a=mid:mid}. */
  public Optional<MediaDescription> media(String mid) {
    for (MediaDescription m : media) {
      if (m.mid().filter(mid::equals).isPresent()) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  // ---- session attributes ----

  /** All session-level attributes, in canonical order. */
  public List<SdpAttribute> attributes() {
    return attributes;
  }

  public List<SdpAttribute> attributes(String name) {
    return Attributes.named(attributes, name);
  }

  /** The value of the first session attribute called {@code name}. */
  public Optional<String> attribute(String name) {
    return Attributes.value(attributes, name);
  }

  public boolean hasAttribute(String name) {
    return Attributes.has(attributes, name);
  }

  public List<Group> groups() {
    return Attributes.all(attributes, Group.class);
  }

  /** The first group with these semantics, e.g. {@code group("BUNDLE")}. */
  public Optional<Group> group(String semantics) {
    for (SdpAttribute a : attributes) {
      if (a instanceof Group && ((Group) a).semantics().equals(semantics)) {
        return Optional.of((Group) a);
      }
    }
    return Optional.empty();
  }

  public Optional<MsidSemantic> msidSemantic() {
    return Attributes.first(attributes, MsidSemantic.class);
  }

  public boolean iceLite() {
    return Attributes.has(attributes, "ice-lite");
  }

  public Optional<String> iceUfrag() {
    return Attributes.value(attributes, "ice-ufrag");
  }

  public Optional<String> icePwd() {
    return Attributes.value(attributes, "ice-pwd");
  }

  public List<String> iceOptions() {
    return Attributes.iceOptions(attributes);
  }

  public List<Fingerprint> fingerprints() {
    return Attributes.all(attributes, Fingerprint.class);
  }

  public Optional<Setup> setup() {
    return Attributes.first(attributes, Setup.class);
  }

  public List<ExtMap> extMaps() {
    return Attributes.all(attributes, ExtMap.class);
  }

  public boolean extmapAllowMixed() {
    return Attributes.has(attributes, "extmap-allow-mixed");
  }

  public Optional<Direction> direction() {
    return Attributes.direction(attributes);
  }

  // ---- writing, equality ----

  /** Canonical SDP with CRLF line ends. */
  @Override
  public String toString() {
    return SdpWriter.write(this);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SessionDescription)) {
      return false;
    }
    SessionDescription s = (SessionDescription) o;
    return origin.equals(s.origin) && sessionName.equals(s.sessionName)
        && Objects.equals(information, s.information) && Objects.equals(uri, s.uri)
        && emails.equals(s.emails) && phones.equals(s.phones)
        && Objects.equals(connection, s.connection) && bandwidths.equals(s.bandwidths)
        && timings.equals(s.timings) && Objects.equals(zone, s.zone) && Objects.equals(key, s.key)
        && otherLines.equals(s.otherLines) && attributes.equals(s.attributes) && media.equals(s.media);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, attributes, media);
  }

  /** Builds and changes session descriptions. Not thread-safe. */
  public static final class Builder {
    private Origin origin;
    private String sessionName = "-";
    private String information;
    private String uri;
    private final List<String> emails;
    private final List<String> phones;
    private Connection connection;
    private final List<Bandwidth> bandwidths;
    private final List<Timing> timings;
    private String zone;
    private String key;
    private final List<String> otherLines;
    private final AttributeList attrs;
    private final List<MediaDescription> media;

    Builder() {
      emails = new ArrayList<>(0);
      phones = new ArrayList<>(0);
      bandwidths = new ArrayList<>(0);
      timings = new ArrayList<>(List.of(Timing.PERMANENT));
      otherLines = new ArrayList<>(0);
      attrs = new AttributeList(List.of());
      media = new ArrayList<>();
    }

    Builder(SessionDescription s) {
      origin = s.origin;
      sessionName = s.sessionName;
      information = s.information;
      uri = s.uri;
      emails = new ArrayList<>(s.emails);
      phones = new ArrayList<>(s.phones);
      connection = s.connection;
      bandwidths = new ArrayList<>(s.bandwidths);
      timings = new ArrayList<>(s.timings);
      zone = s.zone;
      key = s.key;
      otherLines = new ArrayList<>(s.otherLines);
      attrs = new AttributeList(s.attributes);
      media = new ArrayList<>(s.media);
    }

    public Builder origin(Origin origin) {
      this.origin = Objects.requireNonNull(origin, "origin");
      return this;
    }

    /** Sets the origin's session version (JSEP increments it on every change, RFC 9429 §5.2.2). */
    public Builder sessionVersion(long version) {
      Objects.requireNonNull(origin, "set the origin first");
      origin = new Origin(origin.username(), origin.sessionId(), version, origin.netType(),
          origin.addrType(), origin.address());
      return this;
    }

    public Builder sessionName(String name) {
      Check.require(name != null && !name.isEmpty(), "session name must not be empty");
      this.sessionName = Check.text("session name", name);
      return this;
    }

    public Builder information(String information) {
      this.information = Check.optionalText("information", information);
      return this;
    }

    public Builder uri(String uri) {
      this.uri = Check.optionalText("uri", uri);
      return this;
    }

    public Builder addEmail(String email) {
      emails.add(Check.text("email", email));
      return this;
    }

    public Builder addPhone(String phone) {
      phones.add(Check.text("phone", phone));
      return this;
    }

    public Builder connection(Connection connection) {
      this.connection = connection;
      return this;
    }

    public Builder addBandwidth(Bandwidth bandwidth) {
      bandwidths.add(Objects.requireNonNull(bandwidth, "bandwidth"));
      return this;
    }

    /** Replaces the {@code t=} lines with this one. */
    public Builder timing(Timing timing) {
      timings.clear();
      timings.add(Objects.requireNonNull(timing, "timing"));
      return this;
    }

    public Builder addTiming(Timing timing) {
      timings.add(Objects.requireNonNull(timing, "timing"));
      return this;
    }

    public Builder zone(String zone) {
      this.zone = Check.optionalText("zone", zone);
      return this;
    }

    public Builder key(String key) {
      this.key = Check.optionalText("key", key);
      return this;
    }

    public Builder addOtherLine(String line) {
      Check.require(line != null && line.length() >= 2 && line.charAt(1) == '='
          && line.charAt(0) >= 'a' && line.charAt(0) <= 'z' && Check.text("line", line) != null,
          "a line must be <letter>=<value>");
      otherLines.add(line);
      return this;
    }

    // ---- attributes ----

    /** Adds a session attribute; it takes its canonical place when built. */
    public Builder addAttribute(SdpAttribute attribute) {
      attrs.add(attribute);
      return this;
    }

    public Builder addAttribute(String name, String value) {
      attrs.add(SdpAttribute.of(name, value));
      return this;
    }

    public Builder removeAttributes(String name) {
      attrs.removeIf(a -> a.attributeName().equals(name));
      return this;
    }

    public Builder attributes(List<? extends SdpAttribute> attributes) {
      attrs.replaceAll(attributes);
      return this;
    }

    public Builder addGroup(Group group) {
      attrs.add(group);
      return this;
    }

    /** Sets {@code a=group:BUNDLE} to these mids, replacing an existing BUNDLE group. */
    public Builder bundle(String... mids) {
      attrs.set(a -> a instanceof Group && ((Group) a).semantics().equals(Group.BUNDLE),
          Group.of(Group.BUNDLE, mids));
      return this;
    }

    public Builder msidSemantic(MsidSemantic semantic) {
      attrs.set(a -> a instanceof MsidSemantic, semantic);
      return this;
    }

    public Builder iceLite(boolean on) {
      attrs.setFlag("ice-lite", on);
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

    public Builder iceOptions(String... options) {
      attrs.iceOptions(options);
      return this;
    }

    public Builder addFingerprint(Fingerprint fingerprint) {
      attrs.add(fingerprint);
      return this;
    }

    public Builder setup(Setup setup) {
      attrs.set(a -> a instanceof Setup, setup);
      return this;
    }

    public Builder extmapAllowMixed(boolean on) {
      attrs.setFlag("extmap-allow-mixed", on);
      return this;
    }

    public Builder direction(Direction direction) {
      attrs.set(a -> a instanceof Direction, direction);
      return this;
    }

    // ---- media ----

    public Builder addMedia(MediaDescription m) {
      media.add(Objects.requireNonNull(m, "media"));
      return this;
    }

    /** Replaces the media description at {@code index}. */
    public Builder media(int index, MediaDescription m) {
      media.set(index, Objects.requireNonNull(m, "media"));
      return this;
    }

    /** Changes the media description at {@code index} through its builder. */
    public Builder updateMedia(int index, UnaryOperator<MediaDescription.Builder> change) {
      media.set(index, change.apply(media.get(index).toBuilder()).build());
      return this;
    }

    public Builder removeMedia(int index) {
      media.remove(index);
      return this;
    }

    public Builder media(List<MediaDescription> media) {
      this.media.clear();
      media.forEach(this::addMedia);
      return this;
    }

    /** @throws IllegalStateException when no origin was set */
    public SessionDescription build() {
      if (origin == null) {
        throw new IllegalStateException("a session description needs an origin (o=)");
      }
      return new SessionDescription(origin, sessionName, information, uri, List.copyOf(emails),
          List.copyOf(phones), connection, List.copyOf(bandwidths), List.copyOf(timings), zone, key,
          List.copyOf(otherLines), attrs.build(), List.copyOf(media), attrs.unchanged());
    }
  }
}
