package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The mutable attribute list behind both builders. It copies the description's list only when
 * first changed, so a builder that changes other lines (a port, the origin) keeps a parsed
 * description's attributes unbuilt (see {@link ParsedAttributes}).
 */
final class AttributeList {
  /** The list of the description the builder started from, in canonical order. */
  private final List<SdpAttribute> initial;
  /** The working copy, made on the first change. */
  private ArrayList<SdpAttribute> items;

  AttributeList(List<SdpAttribute> initial) {
    this.initial = initial;
  }

  private List<SdpAttribute> items() {
    if (items == null) {
      items = new ArrayList<>(initial);
    }
    return items;
  }

  /** True while nothing has changed: {@link #build()} is then the starting list, still in canonical order. */
  boolean unchanged() {
    return items == null;
  }

  /** The attributes to build a description from (unmodifiable). */
  List<SdpAttribute> build() {
    return items == null ? initial : List.copyOf(items);
  }

  /** Replaces every attribute with {@code attributes}. */
  void replaceAll(List<? extends SdpAttribute> attributes) {
    items = new ArrayList<>(attributes.size());
    attributes.forEach(this::add);
  }

  /** Appends, turning a generic {@link Attribute} with a known name into its typed form. */
  void add(SdpAttribute a) {
    items().add(normalize(a));
  }

  static SdpAttribute normalize(SdpAttribute a) {
    if (a instanceof Attribute) {
      Attribute g = (Attribute) a;
      return SdpAttribute.of(g.name(), g.value());
    }
    if (a == null) {
      throw new NullPointerException("attribute");
    }
    return a;
  }

  /**
   * Makes {@code a} the only attribute matching {@code same}: replaces the first match in place
   * and drops the others, or appends when there is none. A {@code null} {@code a} removes them all.
   */
  void set(Predicate<SdpAttribute> same, SdpAttribute a) {
    SdpAttribute value = a == null ? null : normalize(a);
    List<SdpAttribute> items = items();
    boolean placed = false;
    for (int i = 0; i < items.size(); i++) {
      if (same.test(items.get(i))) {
        if (!placed && value != null) {
          items.set(i, value);
          placed = true;
        } else {
          items.remove(i--);
        }
      }
    }
    if (!placed && value != null) {
      items.add(value);
    }
  }

  void setNamed(String name, SdpAttribute a) {
    set(x -> x.attributeName().equals(name), a);
  }

  void setValue(String name, String value) {
    setNamed(name, value == null ? null : new Attribute(name, value));
  }

  void setFlag(String name, boolean on) {
    setNamed(name, on ? Attribute.flag(name) : null);
  }

  void removeIf(Predicate<SdpAttribute> which) {
    items().removeIf(which);
  }

  // ---- ICE attributes (RFC 8839 §5.4, §5.6), allowed at session and media level ----

  void iceUfrag(String ufrag) {
    setValue("ice-ufrag", ufrag == null ? null : Check.token("ice-ufrag", ufrag));
  }

  void icePwd(String pwd) {
    setValue("ice-pwd", pwd == null ? null : Check.token("ice-pwd", pwd));
  }

  /** Sets {@code a=ice-options} to these tokens; none removes it. */
  void iceOptions(String... options) {
    setValue("ice-options", options.length == 0 ? null : String.join(" ", options));
  }
}
