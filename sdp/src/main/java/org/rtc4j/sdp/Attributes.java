package org.rtc4j.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Queries over an attribute list, shared by session and media descriptions. On a parsed list they
 * build only the attributes they look at (see {@link ParsedAttributes}).
 */
final class Attributes {
  private Attributes() {}

  /**
   * The unmodifiable list a description keeps: {@code attrs} itself when parsed (already in
   * order), else a view of it or of a sorted copy.
   *
   * @param canonical whether {@code attrs} is known to be in canonical order
   */
  static List<SdpAttribute> canonical(List<SdpAttribute> attrs, boolean canonical, boolean media,
      List<String> formats) {
    if (canonical && attrs instanceof ParsedAttributes) {
      return attrs;
    }
    return Collections.unmodifiableList(canonical ? attrs : AttributeOrder.canonical(attrs, media, formats));
  }

  static <T extends SdpAttribute> List<T> all(List<SdpAttribute> attrs, Class<T> type) {
    if (attrs instanceof ParsedAttributes parsed) {
      return parsed.all(type);
    }
    List<T> out = null;
    for (SdpAttribute a : attrs) {
      if (type.isInstance(a)) {
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(type.cast(a));
      }
    }
    return out == null ? List.of() : List.copyOf(out);
  }

  static <T extends SdpAttribute> Optional<T> first(List<SdpAttribute> attrs, Class<T> type) {
    if (attrs instanceof ParsedAttributes parsed) {
      return Optional.ofNullable(parsed.first(type));
    }
    for (SdpAttribute a : attrs) {
      if (type.isInstance(a)) {
        return Optional.of(type.cast(a));
      }
    }
    return Optional.empty();
  }

  static List<SdpAttribute> named(List<SdpAttribute> attrs, String name) {
    if (attrs instanceof ParsedAttributes parsed) {
      return parsed.named(name);
    }
    List<SdpAttribute> out = null;
    for (SdpAttribute a : attrs) {
      if (a.attributeName().equals(name)) {
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(a);
      }
    }
    return out == null ? List.of() : List.copyOf(out);
  }

  static Optional<String> value(List<SdpAttribute> attrs, String name) {
    if (attrs instanceof ParsedAttributes parsed) {
      int i = parsed.indexOf(name, 0);
      return i < 0 ? Optional.empty() : Optional.ofNullable(parsed.get(i).attributeValue());
    }
    for (SdpAttribute a : attrs) {
      if (a.attributeName().equals(name)) {
        return Optional.ofNullable(a.attributeValue());
      }
    }
    return Optional.empty();
  }

  static List<String> values(List<SdpAttribute> attrs, String name) {
    List<String> out = null;
    for (SdpAttribute a : attrs instanceof ParsedAttributes parsed ? parsed.named(name) : attrs) {
      if (a.attributeName().equals(name) && a.attributeValue() != null) {
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(a.attributeValue());
      }
    }
    return out == null ? List.of() : List.copyOf(out);
  }

  static boolean has(List<SdpAttribute> attrs, String name) {
    if (attrs instanceof ParsedAttributes parsed) {
      return parsed.indexOf(name, 0) >= 0;
    }
    for (SdpAttribute a : attrs) {
      if (a.attributeName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  static Optional<Direction> direction(List<SdpAttribute> attrs) {
    return first(attrs, Direction.class);
  }

  static List<String> iceOptions(List<SdpAttribute> attrs) {
    List<String> out = new ArrayList<>(2);
    for (String v : values(attrs, "ice-options")) {
      for (String option : v.trim().split("[ \t]+")) {
        if (!option.isEmpty()) {
          out.add(option);
        }
      }
    }
    return List.copyOf(out);
  }
}
